import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NumberLease } from '@hall/server/protocol';
import { FakeHall, refusal, unreachable } from '../testing/fake-hall.ts';
import { tempDirs } from '../testing/scratch.ts';
import { OfflineStore } from './offline-store.ts';
import { OutboxSync, type OfflineTicketIn } from './outbox-sync.ts';

const tempDir = tempDirs('kiosk-outbox-');
const file = () => join(tempDir(), 'outbox.db');

function lease(id: string, from: number, to: number, serviceCode = 'S1', prefix = 'A', day = '2026-03-14'): NumberLease {
  const numbers = [];
  for (let n = from; n <= to; n++) numbers.push(`${prefix}${n}`);
  return { id, day, serviceCode, prefix, from, to, numbers, used: [] };
}

describe('offline store', () => {
  it('hands out leased numbers in order, each once, across a reopen', () => {
    const path = file();
    let store = new OfflineStore(path);
    store.addLease(lease('L1', 998, 999));
    store.addLease(lease('L2', 996, 997));
    const a = store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:00:00.000Z', idNumber: '110101199003078814', name: '张示例' });
    store.close();
    store = new OfflineStore(path);
    const rest = [1, 2, 3].map((i) => store.issue('S1', '2026-03-14', { issuedAt: `2026-03-14T01:0${i}:00.000Z` }));
    expect([a, ...rest].map((t) => t?.number)).toEqual(['A998', 'A999', 'A996', 'A997']);
    expect(store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:09:00.000Z' })).toBeUndefined();
    expect(store.remaining('S1', '2026-03-14')).toBe(0);
    expect(store.pendingCount()).toBe(4);
    expect(statSync(path).mode & 0o077).toBe(0);
    store.close();
  });

  it('numbers of another day are never used, and a voided ticket is never sent', () => {
    const store = new OfflineStore(file());
    store.addLease(lease('OLD', 990, 999, 'S1', 'A', '2026-03-13'));
    expect(store.issue('S1', '2026-03-14', { issuedAt: 'x' })).toBeUndefined();
    store.dropLeasesExcept('2026-03-14');
    store.addLease(lease('NEW', 995, 999));
    const t = store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T02:00:00.000Z' })!;
    store.voidTicket(t.leaseId, t.number);
    expect(store.pending()).toEqual([]);
    store.close();
  });

  it('knows the person who already holds an unsynced ticket for a service', () => {
    const store = new OfflineStore(file());
    store.addLease(lease('L1', 990, 999));
    store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T02:00:00.000Z', idNumber: '110101199003078814' });
    expect(store.holdsPending('110101199003078814', 'S1')).toBe('A990');
    expect(store.holdsPending('110101199003078814', 'S2')).toBeUndefined();
    store.close();
  });
});

describe('outbox sync', () => {
  function target(script: ((leaseId: string, tickets: OfflineTicketIn[]) => void)[]) {
    const calls: { leaseId: string; numbers: string[]; idNumbers: (string | undefined)[] }[] = [];
    const hall = new FakeHall().answer('syncOfflineTickets', ({ params, body }) => {
      calls.push({ leaseId: params.leaseId, numbers: body.tickets.map((t) => t.number), idNumbers: body.tickets.map((t) => t.idNumber) });
      script.shift()?.(params.leaseId, body.tickets);
      return { tickets: body.tickets.map((t) => ({ id: `T-${t.number}`, number: t.number }) as never) };
    });
    return { hall, calls };
  }

  it('resends until the hall acknowledges, lease by lease in issue order, then erases personal data', async () => {
    const store = new OfflineStore(file());
    store.addLease(lease('LA', 998, 999, 'S1', 'A'));
    store.addLease(lease('LB', 999, 999, 'S2', 'B'));
    store.issue('S2', '2026-03-14', { issuedAt: '2026-03-14T01:00:00.000Z' });
    store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:01:00.000Z', idNumber: '110101199003078814', name: '张示例' });
    store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:02:00.000Z' });
    const { hall, calls } = target([
      () => {
        throw unreachable('refused');
      },
      () => {
        throw refusal(503, 'STORE_UNAVAILABLE');
      },
    ]);
    const pending: number[] = [];
    const sync = new OutboxSync({ store, hall, retry: { initialMs: 5, maxMs: 5 }, onChange: (n) => pending.push(n) });
    await sync.kick();
    for (let i = 0; i < 50 && store.pendingCount() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(calls.map((c) => c.leaseId)).toEqual(['LB', 'LB', 'LB', 'LA']);
    expect(calls[3]!.numbers).toEqual(['A998', 'A999']);
    expect(calls[3]!.idNumbers[0]).toBe('110101199003078814');
    expect(store.pendingCount()).toBe(0);
    expect(pending.at(-1)).toBe(0);
    for (const t of store.all()) {
      expect(t.state).toBe('synced');
      expect(t.idNumber).toBeUndefined();
      expect(t.name).toBeUndefined();
    }
    await sync.close();
    store.close();
  });

  it('a permanent refusal is kept for staff and not retried, and the rest still goes', async () => {
    const store = new OfflineStore(file());
    store.addLease(lease('GONE', 999, 999, 'S1', 'A'));
    store.addLease(lease('OK', 999, 999, 'S2', 'B'));
    store.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:00:00.000Z' });
    store.issue('S2', '2026-03-14', { issuedAt: '2026-03-14T01:01:00.000Z' });
    const { hall, calls } = target([
      () => {
        throw refusal(404, 'LEASE_NOT_FOUND');
      },
    ]);
    const sync = new OutboxSync({ store, hall });
    await sync.kick();
    expect(calls.map((c) => c.leaseId)).toEqual(['GONE', 'OK']);
    expect(store.all().map((t) => [t.number, t.state, t.error])).toEqual([
      ['A999', 'rejected', 'LEASE_NOT_FOUND'],
      ['B999', 'synced', undefined],
    ]);
    await sync.close();
    store.close();
  });
});
