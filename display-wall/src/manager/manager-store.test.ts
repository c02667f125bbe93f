import { createPinia, setActivePinia } from 'pinia';
import { HallRefusal } from '@hall/server/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { useClockStore } from '../shared/clock-store.ts';
import { useHallStore } from '../shared/hall-store.ts';
import { fakeLink, snapshot, window3, type FakeLink } from '../testing/fixtures.ts';
import { fakeManagerHall, kiosk, managerLive, paperLow, paperOut, type FakeManagerHall } from '../testing/manager-fixtures.ts';
import type { Beeper } from './alarm-sound.ts';
import { orphanedServices, useManagerStore } from './manager-store.ts';

const flush = () => new Promise((r) => setTimeout(r, 0));
const T0 = Date.parse('2025-03-03T02:00:00.000Z');

describe('the manager wall store', () => {
  let link: FakeLink;
  let api: FakeManagerHall;
  let manager: ReturnType<typeof useManagerStore>;
  let beeps: ('played' | 'blocked')[];
  let answer: 'played' | 'blocked';

  beforeEach(() => {
    setActivePinia(createPinia());
    useClockStore().now = T0;
    link = fakeLink();
    api = fakeManagerHall();
    const hall = useHallStore();
    manager = useManagerStore();
    hall.attach(link);
    manager.use(api);
    manager.attach(link);
    beeps = [];
    answer = 'played';
    const beeper: Beeper = { beep: async () => (beeps.push(answer), answer), unlock: async () => ((answer = 'played'), true) };
    manager.useBeeper(beeper);
    link.connection({ online: true });
    link.emit('queue:snapshot', snapshot(10));
  });

  it('joins the seq stream with the live figures, and follows manager:live', async () => {
    await flush();
    const row = manager.services.find((s) => s.code === 'CRJ-001')!;
    expect(row).toMatchObject({ waiting: 4, avgWaitS: 240, avgServiceS: 420, issued: 9, served: 5, slaWaitMinutes: 30, overSla: false });
    expect(manager.ratings).toMatchObject({ count: 2, average: 4.5 });
    expect(manager.forecast?.services[0]?.code).toBe('CRJ-001');

    link.emit('manager:live', managerLive({ at: '2025-03-03T02:00:05.000Z', seq: 11, ratings: { count: 3, average: 4, byLevel: { '3': 1, '4': 1, '5': 1 } } }));
    expect(manager.ratings?.count).toBe(3);
    // An older live message is ignored.
    link.emit('manager:live', managerLive({ at: '2025-03-03T01:59:00.000Z', ratings: { count: 0, average: 0, byLevel: {} } }));
    expect(manager.ratings?.count).toBe(3);
  });

  it('windows follow window:updated and are counted by state', () => {
    link.emit('window:updated', { ...window3({ state: 'paused', pauseReason: '午休' }), seq: 11, change: 'paused' });
    expect(manager.windows[0]).toMatchObject({ no: 3, state: 'paused', pauseReason: '午休' });
    expect(manager.windowCounts).toEqual({ open: 0, paused: 1, closed: 0 });
  });

  it('a longest wait ages with the clock and turns the service red past its SLA, with the suggestion', async () => {
    await flush();
    const suggestion = { action: 'open-window', windowNo: 11, windowName: '11号窗口', windowState: 'closed', reason: 'closed', waitingAtWindow: 0 } as const;
    link.emit(
      'manager:live',
      managerLive({ at: '2025-03-03T02:00:01.000Z', services: managerLive().services.map((s) => ({ ...s, longestWaitS: 1700, suggestion })) }),
    );
    expect(manager.slaAlerts).toEqual([]);
    useClockStore().now = T0 + 120_000; // 1700 s + 2 min > 30 min
    const row = manager.services.find((s) => s.code === 'CRJ-001')!;
    expect(row.overSla).toBe(true);
    expect(row.suggestion?.windowNo).toBe(11);
    expect(manager.slaAlerts.map((s) => s.code)).toEqual(['CRJ-001']);
    // Nobody waiting: nothing to be late for.
    expect(manager.services.find((s) => s.code === 'CRJ-002')!.overSla).toBe(false);
  });

  it('device reports raise alarms with a tone, and clear them', async () => {
    link.emit('terminal:updated', kiosk([paperLow]));
    await flush();
    expect(manager.alarms.map((a) => [a.kind, a.severity])).toEqual([['paper-low', 'warning']]);
    link.emit('terminal:updated', kiosk([paperOut]));
    await flush();
    expect(manager.alarms.map((a) => a.kind)).toEqual(['paper-out']);
    expect(beeps).toHaveLength(2);
    expect(manager.beeps).toBe(2);
    // The same alarm reported again does not ring again.
    link.emit('terminal:updated', kiosk([paperOut]));
    await flush();
    expect(beeps).toHaveLength(2);
    link.emit('terminal:updated', kiosk([{ ...paperOut, state: 'ok', code: undefined }]));
    await flush();
    expect(manager.alarms).toEqual([]);
    link.emit('terminal:updated', kiosk([], false));
    await flush();
    expect(manager.alarms.map((a) => a.kind)).toEqual(['kiosk-offline']);
  });

  it('a refused tone says sound is blocked; a tap unlocks it and rings', async () => {
    answer = 'blocked';
    link.emit('terminal:updated', kiosk([paperOut]));
    await flush();
    expect(manager.sound).toBe('blocked');
    await manager.unlockSound();
    expect(manager.sound).toBe('on');
    expect(beeps).toEqual(['blocked', 'played']);
  });

  it('upstream:updated shows the reporter and its backlog', () => {
    link.emit('upstream:updated', { sink: 'https', state: 'retrying', backlog: 42, delivered: 7 });
    expect(manager.upstream).toMatchObject({ configured: true, status: { state: 'retrying', backlog: 42 } });
  });

  it('closing the last window for a service asks again, names the services, and goes ahead with confirm', async () => {
    link.nextSnapshot = snapshot(12, { windows: [window3({ state: 'closed' })] });
    api.next.push(new HallRefusal(409, 'LAST_WINDOW_FOR_SERVICE', 'would leave services without a window', { services: ['CRJ-001', 'CRJ-002'] }));
    manager.ask({ kind: 'close', windowNo: 3 });
    expect(manager.pending?.phase).toBe('confirm');
    expect(await manager.confirm()).toBe(false);
    expect(manager.pending).toMatchObject({ phase: 'last-window', orphaned: ['CRJ-001', 'CRJ-002'] });
    expect(await manager.confirm()).toBe(true);
    expect(api.changes).toEqual([
      { windowNo: 3, change: { state: 'closed' } },
      { windowNo: 3, change: { state: 'closed', confirm: true } },
    ]);
    expect(manager.pending).toBeUndefined();
    // The board resynced from a snapshot.
    expect(link.snapshotRequests).toBe(1);
    expect(manager.windows[0]?.state).toBe('closed');
  });

  it('a pause needs a reason; other refusals are shown with their code', async () => {
    manager.ask({ kind: 'pause', windowNo: 3, reason: '  ' });
    expect(await manager.confirm()).toBe(false);
    expect(manager.pending?.error?.code).toBe('REASON_REQUIRED');
    expect(api.changes).toEqual([]);
    api.next.push(new HallRefusal(409, 'WINDOW_BUSY', 'the window is serving'));
    manager.ask({ kind: 'pause', windowNo: 3, reason: '午休' });
    expect(await manager.confirm()).toBe(false);
    expect(manager.pending).toMatchObject({ phase: 'failed', error: { code: 'WINDOW_BUSY' } });
    expect(api.changes).toEqual([{ windowNo: 3, change: { state: 'paused', pauseReason: '午休' } }]);
  });

  it('services, weights and quotas go to the hall as edited', async () => {
    manager.ask({ kind: 'services', windowNo: 3, services: [{ code: 'CRJ-001', weight: 3 }] });
    await manager.confirm();
    manager.ask({ kind: 'quota', serviceCode: 'CRJ-001', dailyQuota: 120 });
    await manager.confirm();
    expect(api.changes).toEqual([{ windowNo: 3, change: { services: [{ code: 'CRJ-001', weight: 3 }] } }]);
    expect(api.quotas).toEqual([{ code: 'CRJ-001', quota: 120 }]);
  });

  it('reads the services a LAST_WINDOW_FOR_SERVICE refusal names, however they are spelled', () => {
    expect(orphanedServices({ services: ['A', 'B'] })).toEqual(['A', 'B']);
    expect(orphanedServices({ services: [{ code: 'A' }], windowNo: 3 })).toEqual(['A']);
    expect(orphanedServices(undefined)).toEqual([]);
  });
});
