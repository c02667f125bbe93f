import { describe, it, expect } from 'vitest';
import { decideDayStart } from './day.ts';
import type { HallEvent } from './events.ts';
import type { Ticket } from './model.ts';
import { adultVisitor, counter, createTestHall, refusal, testHallConfig, testServices, testWindows, type TestHall, type TestHallOptions } from './testing.ts';

const TUESDAY = '2026-11-24T09:00:00+08:00';

function expired(events: HallEvent[]): Ticket[] {
  return events.flatMap((e) => (e.type === 'ticket.saved' && e.change === 'expired' ? [e.ticket] : []));
}

describe('the start of a hall day', () => {
  /** Monday: B001 and B002 wait, B003 is at window 2. */
  function mondayLeftovers(hall: TestHall): void {
    hall.issue('social');
    hall.issue('social');
    const b3 = hall.issue('social');
    hall.exec({ type: 'callTicket', windowNo: 2, ticketId: b3.id }, counter(2));
  }

  it('expires yesterday’s unfinished tickets as cancelled at the first command of the new day', () => {
    const hall = createTestHall();
    mondayLeftovers(hall);
    hall.setClock(TUESDAY);
    hall.issue('hukou');
    expect(expired(hall.lastEvents).map((t) => [t.number, t.status, t.cancelReason])).toEqual([
      ['B001', 'cancelled', 'day-ended'],
      ['B002', 'cancelled', 'day-ended'],
      ['B003', 'cancelled', 'day-ended'],
    ]);
    expect(hall.waiting('social')).toEqual([]);
    expect([...hall.state.tickets.values()].map((t) => t.day)).toEqual(['2026-11-24']);
  });

  it('leaves yesterday’s finished tickets as they were', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.advance(5);
    hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2));
    hall.setClock(TUESDAY);
    hall.issue('social');
    expect(expired(hall.lastEvents)).toEqual([]);
  });

  it('makes windows let go of yesterday’s tickets and stay open', () => {
    const hall = createTestHall();
    mondayLeftovers(hall);
    hall.setClock(TUESDAY);
    hall.issue('social');
    expect(hall.window(2)).toMatchObject({ state: 'open', currentTicketId: undefined, lastFinishedTicketId: undefined });
    expect(hall.callNext(2)?.number).toBe('B001');
  });

  it('restarts numbering and daily quotas', () => {
    const services = testServices().map((s) => (s.code === 'social' ? { ...s, dailyQuota: 2 } : s));
    const hall = createTestHall({ services });
    hall.issue('social');
    hall.issue('social');
    expect(refusal(() => hall.issue('social'))).toBe('QUOTA_EXCEEDED');
    hall.setClock(TUESDAY);
    expect(hall.issue('social')).toMatchObject({ number: 'B001', day: '2026-11-24' });
    expect(hall.state.counters).toMatchObject({ day: '2026-11-24', sequences: { B: 1 }, issuedByService: { social: 1 } });
  });

  it('restarts slot quotas', () => {
    const services = testServices().map((s) => (s.code === 'social' ? { ...s, slotQuotas: [{ from: '09:00', to: '10:00', quota: 1 }] } : s));
    const hall = createTestHall({ services });
    hall.issue('social');
    expect(refusal(() => hall.issue('social'))).toBe('SLOT_QUOTA_EXCEEDED');
    hall.setClock(TUESDAY);
    expect(hall.issue('social').number).toBe('B001');
  });

  it('lets a visitor whose ticket expired take a new one', () => {
    const hall = createTestHall();
    hall.issue('social', { identity: adultVisitor(1) });
    hall.setClock(TUESDAY);
    expect(hall.issue('social', { identity: adultVisitor(1) }).number).toBe('B001');
  });

  it('comes at the configured reset time, not at midnight', () => {
    const options: TestHallOptions = { rules: { dailyResetAt: '04:00' } };
    const before = createTestHall(options);
    before.issue('social');
    before.setClock('2026-11-24T03:59:00+08:00');
    expect(before.callNext(2)?.number).toBe('B001');

    const after = createTestHall(options);
    after.issue('social');
    after.setClock('2026-11-24T04:00:00+08:00');
    expect(after.callNext(2)).toBeUndefined();
    expect(expired(after.lastEvents).map((t) => t.number)).toEqual(['B001']);
  });

  it('never goes back: a clock stepped back across midnight keeps today’s numbering', () => {
    const hall = createTestHall({ rules: { issuingHours: { days: [1, 2, 3, 4, 5, 6, 7], ranges: [{ from: '00:00', to: '24:00' }] } } });
    hall.issue('social');
    hall.setClock('2026-11-24T00:00:30+08:00');
    expect(hall.issue('social')).toMatchObject({ number: 'B001', day: '2026-11-24' });
    hall.setClock('2026-11-23T23:59:50+08:00'); // the machine's clock is corrected backwards
    expect(hall.issue('social')).toMatchObject({ number: 'B002', day: '2026-11-24' });
    hall.setClock('2026-11-24T00:00:10+08:00');
    expect(hall.issue('social')).toMatchObject({ number: 'B003', day: '2026-11-24' });
  });

  it('happens once: within the same day there is nothing to start', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.setClock('2026-11-23T17:00:00+08:00');
    expect(decideDayStart(hall.state, { now: hall.now() })).toEqual([]);
    hall.setClock(TUESDAY);
    hall.issue('social');
    expect(hall.lastEvents.filter((e) => e.type === 'day.started')).toHaveLength(1);
    hall.advance(1);
    hall.issue('social');
    expect(hall.lastEvents.filter((e) => e.type === 'day.started')).toHaveLength(0);
  });
});

describe('applying a new configuration', () => {
  function renamed(no: number, initialState: 'open' | 'paused' | 'closed') {
    return testWindows().map((w) => (w.no === no ? { ...w, name: `${no}号窗口（新）`, initialState } : w));
  }

  it('keeps an open window open with its clerk, and takes its new name', () => {
    const hall = createTestHall();
    hall.exec({ type: 'openWindow', windowNo: 2, clerk: { staffNo: '0231', name: '陈静' } }, counter(2));
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows: renamed(2, 'closed') }) });
    expect(hall.window(2)).toMatchObject({ name: '2号窗口（新）', state: 'open', clerk: { staffNo: '0231', name: '陈静' } });
  });

  it('keeps a paused window paused', () => {
    const hall = createTestHall();
    hall.exec({ type: 'pauseWindow', windowNo: 1, reason: '午休' }, counter(1));
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows: renamed(1, 'open') }) });
    expect(hall.window(1)).toMatchObject({ state: 'paused', pauseReason: '午休' });
  });

  it('keeps a busy window on the ticket it is handling', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows: renamed(2, 'closed') }) });
    expect(hall.window(2).currentTicketId).toBe(t.id);
  });

  it('adds new windows in their initial state', () => {
    const hall = createTestHall();
    const windows = [
      ...testWindows(),
      { no: 7, name: '7号窗口', services: [{ code: 'social' }], initialState: 'paused' as const },
      { no: 8, name: '8号窗口', services: [{ code: 'social' }] },
    ];
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows }) });
    expect(hall.window(7)).toMatchObject({ state: 'paused', services: [{ code: 'social', weight: 1 }] });
    expect(hall.window(8).state).toBe('closed');
  });

  it('removes windows it no longer lists', () => {
    const hall = createTestHall();
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows: testWindows().filter((w) => w.no !== 4) }) });
    expect([...hall.state.windows.keys()]).toEqual([1, 2, 3]);
  });

  it('refuses to remove a window that is handling a ticket, and changes nothing', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.callNext(2);
    const config = testHallConfig({ windows: testWindows().filter((w) => w.no !== 2), rules: { maxWaitMinutes: 30 } });
    expect(refusal(() => hall.exec({ type: 'applyConfig', config }))).toBe('WINDOW_BUSY');
    expect(hall.state.windows.has(2)).toBe(true);
    expect(hall.state.config.rules.maxWaitMinutes).toBe(60);
  });

  it('refuses to take from a busy window the service of the ticket it is handling', () => {
    const hall = createTestHall();
    hall.issue('hukou-move');
    hall.callNext(1);
    const windows = testWindows().map((w) => (w.no === 1 ? { ...w, services: [{ code: 'hukou' }] } : w));
    expect(refusal(() => hall.exec({ type: 'applyConfig', config: testHallConfig({ windows }) }))).toBe('WINDOW_BUSY');
    expect(hall.window(1).services.map((s) => s.code)).toEqual(['hukou', 'hukou-move']);
    const keepsIt = testWindows().map((w) => (w.no === 1 ? { ...w, services: [{ code: 'hukou-move' }] } : w));
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows: keepsIt }) });
    expect(hall.window(1).services).toEqual([{ code: 'hukou-move', weight: 1 }]);
  });

  it('lets a busy window that was sent a ticket of a service it never served be reconfigured', () => {
    const hall = createTestHall();
    const t = hall.issue('hukou');
    hall.exec({ type: 'transferTicket', ticketId: t.id, toWindowNo: 2 });
    hall.callNext(2);
    const windows = testWindows().map((w) => (w.no === 2 ? { ...w, services: [{ code: 'social', weight: 2 }] } : w));
    hall.exec({ type: 'applyConfig', config: testHallConfig({ windows }) });
    expect(hall.window(2)).toMatchObject({ services: [{ code: 'social', weight: 2 }], currentTicketId: hall.ticket(t.id).transferredTo });
  });

  it('puts the new rules into force at once', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.exec({ type: 'applyConfig', config: testHallConfig({ rules: { anonymousTickets: false } }) });
    expect(refusal(() => hall.issue('social'))).toBe('IDENTITY_REQUIRED');
  });
});
