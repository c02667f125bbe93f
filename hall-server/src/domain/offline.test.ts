import { describe, expect, it } from 'vitest';
import type { NumberLease, Ticket } from './model.ts';
import { createTestHall, kiosk, refusal } from './testing.ts';

const kiosk2 = { role: 'kiosk', name: '2号取号机' };

describe('offline issuing from leased numbers', () => {
  it('leases blocks from the top of the day’s range, one below the other, so two kiosks never share a number', () => {
    const hall = createTestHall();
    const a = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    const b = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk2);
    expect([a.from, a.to]).toEqual([995, 999]);
    expect([b.from, b.to]).toEqual([990, 994]);
  });

  it('online numbering goes on from the bottom and steps over the leased block when it reaches it', () => {
    const hall = createTestHall();
    expect(hall.issue('social').number).toBe('B001');
    hall.exec({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    expect(hall.issue('social').number).toBe('B002');
    hall.state.counters = { ...hall.state.counters, sequences: { ...hall.state.counters.sequences, B: 994 } };
    expect(hall.issue('social').number).toBe('B1000');
  });

  it('services sharing a prefix share the leased range', () => {
    const hall = createTestHall();
    const a = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'hukou', count: 3 }, kiosk);
    const b = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'hukou-move', count: 3 }, kiosk);
    expect(b.to).toBe(a.from - 1);
  });

  it('refuses a lease that would reach numbers already issued online', () => {
    const hall = createTestHall();
    hall.state.counters = { ...hall.state.counters, sequences: { B: 990 } };
    expect(refusal(() => hall.exec({ type: 'leaseNumbers', serviceCode: 'social', count: 10 }, kiosk))).toBe('LEASE_SPACE_EXHAUSTED');
  });

  it('synced tickets join the queue by the time they were issued, between the online ones', () => {
    const hall = createTestHall();
    const lease = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    const t0 = hall.now();
    hall.issue('social'); // B001 at t0
    hall.advance(10);
    hall.issue('social'); // B002 at t0 + 10 min
    hall.advance(10);
    const synced = hall.exec<Ticket[]>({ type: 'syncOfflineTickets', leaseId: lease.id, tickets: [{ number: 'B995', issuedAt: t0 + 5 * 60_000 }] }, kiosk);
    expect(synced[0]).toMatchObject({ number: 'B995', status: 'waiting', offline: true, issuedAt: t0 + 5 * 60_000 });
    expect(hall.waiting('social')).toEqual(['B001', 'B995', 'B002']);
  });

  it('syncing the same number again returns the ticket it became and adds nothing', () => {
    const hall = createTestHall();
    const lease = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    const sync = { type: 'syncOfflineTickets' as const, leaseId: lease.id, tickets: [{ number: 'B996', issuedAt: hall.now() }] };
    const first = hall.exec<Ticket[]>(sync, kiosk);
    const again = hall.exec<Ticket[]>(sync, kiosk);
    expect(again[0]!.id).toBe(first[0]!.id);
    expect(hall.waiting('social')).toEqual(['B996']);
  });

  it('refuses a number outside the lease and a lease held by another kiosk', () => {
    const hall = createTestHall();
    const lease = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    const outside = { type: 'syncOfflineTickets' as const, leaseId: lease.id, tickets: [{ number: 'B001', issuedAt: hall.now() }] };
    expect(refusal(() => hall.exec(outside, kiosk))).toBe('NUMBER_NOT_IN_LEASE');
    const theirs = { type: 'syncOfflineTickets' as const, leaseId: lease.id, tickets: [{ number: 'B995', issuedAt: hall.now() }] };
    expect(refusal(() => hall.exec(theirs, kiosk2))).toBe('LEASE_NOT_YOURS');
  });

  it('records offline tickets of a day that has ended as closed, so nothing is lost and nobody is called', () => {
    const hall = createTestHall();
    const lease = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 5 }, kiosk);
    const issuedAt = hall.now();
    hall.advance(24 * 60);
    hall.issue('social');
    const [t] = hall.exec<Ticket[]>({ type: 'syncOfflineTickets', leaseId: lease.id, tickets: [{ number: 'B995', issuedAt }] }, kiosk);
    expect(t).toMatchObject({ status: 'cancelled', cancelReason: 'day-ended', day: lease.day });
    expect(hall.waiting('social')).toEqual(['B001']);
  });
});
