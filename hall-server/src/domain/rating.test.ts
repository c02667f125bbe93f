import { describe, it, expect } from 'vitest';
import type { Rating, Ticket } from './model.ts';
import { RATING_LABELS } from './rating.ts';
import { counter, createTestHall, kiosk, refusal, type TestHall } from './testing.ts';

/** A social-insurance ticket served at window 2 by clerk 0231. */
function finishedTicket(hall: TestHall): Ticket {
  hall.exec({ type: 'openWindow', windowNo: 2, clerk: { staffNo: '0231', name: '陈静' } }, counter(2));
  const t = hall.issueAndCall('social', 2);
  hall.advance(6);
  return hall.exec<Ticket>({ type: 'finishTicket', ticketId: t.id }, counter(2));
}

const rate = (hall: TestHall, ticketId: string, level: 1 | 2 | 3 | 4 | 5, reason?: string) =>
  hall.exec<Rating>({ type: 'rateTicket', ticketId, level, reason }, kiosk);

describe('rating a service (好差评)', () => {
  it('has five levels from 非常满意 down to 非常不满意', () => {
    expect([5, 4, 3, 2, 1].map((l) => RATING_LABELS[l as 1 | 2 | 3 | 4 | 5]['zh-CN'])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect(RATING_LABELS[5].en).toBe('Very satisfied');
    expect(RATING_LABELS[1].en).toBe('Very dissatisfied');
  });

  it('records the rating with the window and the clerk who served', () => {
    const hall = createTestHall();
    const t = finishedTicket(hall);
    expect(rate(hall, t.id, 5)).toEqual({
      ticketId: t.id,
      day: '2026-11-23',
      serviceCode: 'social',
      windowNo: 2,
      staffNo: '0231',
      level: 5,
      reason: undefined,
      at: hall.now(),
    });
    expect(hall.ticket(t.id).rated).toBe(true);
  });

  it('accepts only finished tickets', () => {
    const hall = createTestHall();
    const t = hall.issue('social');
    expect(refusal(() => rate(hall, t.id, 5))).toBe('NOT_FINISHED');
    hall.callNext(2);
    expect(refusal(() => rate(hall, t.id, 5))).toBe('NOT_FINISHED');
  });

  it('accepts one rating per ticket', () => {
    const hall = createTestHall();
    const t = finishedTicket(hall);
    rate(hall, t.id, 4);
    expect(refusal(() => rate(hall, t.id, 5))).toBe('ALREADY_RATED');
  });

  it.each([1, 2] as const)('needs a reason for level %i', (level) => {
    const hall = createTestHall();
    const t = finishedTicket(hall);
    expect(refusal(() => rate(hall, t.id, level))).toBe('REASON_REQUIRED');
    expect(refusal(() => rate(hall, t.id, level, '   '))).toBe('REASON_REQUIRED');
    expect(hall.ticket(t.id).rated).toBeUndefined();
    expect(rate(hall, t.id, level, ' 等候时间太长 ')).toMatchObject({ level, reason: '等候时间太长' });
  });

  it('needs no reason for level 3 and up', () => {
    const hall = createTestHall();
    const t = finishedTicket(hall);
    expect(rate(hall, t.id, 3).level).toBe(3);
  });
});
