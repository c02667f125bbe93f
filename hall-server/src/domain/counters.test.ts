import { describe, expect, it } from 'vitest';
import { deriveCounters } from './counters.ts';
import type { NumberLease, Ticket } from './model.ts';
import { counter, createTestHall, kiosk } from './testing.ts';

describe('counters rebuilt from the day’s tickets and leases', () => {
  it('equal the counters kept while issuing, transferring, leasing and syncing offline tickets', () => {
    const hall = createTestHall({
      services: [
        {
          code: 'hukou',
          name: { 'zh-CN': '户籍证明', en: 'Hukou' },
          prefix: 'A',
          category: '户籍',
          legalTimeLimitDays: 0,
          slotQuotas: [{ from: '08:00', to: '12:00', quota: 50 }],
        },
        { code: 'social', name: { 'zh-CN': '社保', en: 'Social' }, prefix: 'B', category: '社保', legalTimeLimitDays: 0 },
      ],
      windows: [{ no: 1, name: '1号窗口', services: [{ code: 'hukou' }, { code: 'social' }], initialState: 'open' }],
    });
    for (let i = 0; i < 3; i++) hall.issue('hukou');
    hall.issue('social');
    const lease = hall.exec<NumberLease>({ type: 'leaseNumbers', serviceCode: 'social', count: 4 }, kiosk);
    hall.exec({ type: 'syncOfflineTickets', leaseId: lease.id, tickets: [{ number: 'B997', issuedAt: hall.now() }] }, kiosk);
    hall.advance(1);
    const called = hall.callNext(1)!;
    hall.exec<Ticket>({ type: 'transferTicket', ticketId: called.id, toServiceCode: 'social' }, counter(1));
    hall.issue('hukou');

    const rebuilt = deriveCounters(hall.state.config, hall.state.counters.day, hall.state.tickets.values(), hall.state.leases.values());
    expect(rebuilt).toEqual(hall.state.counters);
    expect(rebuilt.sequences).toEqual({ A: 4, B: 1 });
    expect(rebuilt.issuedBySlot).toEqual({ 'hukou@08:00': 4 });
  });
});
