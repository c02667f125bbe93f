import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { describe, expect, it } from 'vitest';
import { resendWhileUnreachable } from './hall-resend.ts';
import { FakeHall, hallTicket, refusal, unreachable } from './testing/fake-hall.ts';

describe('an action resent while the hall cannot be reached', () => {
  const send = (hall: FakeHall) => (idempotencyKey: string) => hall.call('callNext', { params: { windowNo: 3 }, idempotencyKey });

  it('is sent again with the same Idempotency-Key until the hall answers', async () => {
    const hall = new FakeHall().answer('callNext', unreachable(), unreachable(), hallTicket('A012', 'S1'));
    const resends: number[] = [];
    const called = await resendWhileUnreachable(send(hall), { key: 'k-1', delayMs: 1, onResend: (n) => resends.push(n) });
    expect(called?.number).toBe('A012');
    expect(hall.sent('callNext').map((c) => c.idempotencyKey)).toEqual(['k-1', 'k-1', 'k-1']);
    expect(resends).toEqual([1, 2]);
  });

  it('gives up after its resends, with the hall still unreachable', async () => {
    const hall = new FakeHall().answer('callNext', unreachable());
    await expect(resendWhileUnreachable(send(hall), { key: 'k-2', attempts: 1, delayMs: 1 })).rejects.toBeInstanceOf(HallUnreachableError);
    expect(hall.sent('callNext')).toHaveLength(2);
  });

  it('never resends a refusal: the hall has answered', async () => {
    const hall = new FakeHall().answer('callNext', refusal(409, 'WINDOW_CLOSED'));
    await expect(resendWhileUnreachable(send(hall), { key: 'k-3', delayMs: 1 })).rejects.toBeInstanceOf(HallRefusal);
    expect(hall.sent('callNext')).toHaveLength(1);
  });
});
