import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig, received, refusal, startHall, tempDir, type TestHall } from './harness.ts';

const HJ1 = '330106-HJ-001';
const HJ3 = '330106-HJ-003';
const MIN = 60_000;
/** Wednesday 2025-03-12, 09:00 in Shanghai. */
const WED_0900 = Date.parse('2025-03-12T01:00:00Z');

function configWithSla() {
  const config = demoConfig();
  return { ...config, services: config.services.map((s) => (s.code === HJ3 ? { ...s, slaWaitMinutes: 10 } : s)) };
}

describe('the manager wall over HTTP', () => {
  let hall: TestHall | undefined;
  let now = WED_0900;
  afterEach(async () => {
    await hall?.close();
    hall = undefined;
    now = WED_0900;
  });
  const start = async (dataDir?: string) => (hall = await startHall({ config: configWithSla(), clock: () => now, dataDir }));

  it('shows per service and window figures, today by hour against yesterday and last week read once from the tickets table', async () => {
    const h = await start();
    const manager = h.client(h.token('manager'));
    const kiosk = h.client(h.token('kiosk'));
    const counter = h.client(h.token('counter', 1));
    // One visitor of yesterday 10:xx and one of last Wednesday 11:xx, as the tickets table holds them.
    const insert = h.app.store.db.prepare('INSERT INTO tickets (day, id, number, service_code, status, issued_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const past = (day: string, id: string, at: number) =>
      insert.run(
        day,
        id,
        'A001',
        HJ1,
        'finished',
        at,
        JSON.stringify({
          id,
          day,
          number: 'A001',
          serviceCode: HJ1,
          source: 'kiosk',
          status: 'finished',
          issuedAt: at,
          firstCalledAt: at + MIN,
          finishedAt: at + 5 * MIN,
        }),
      );
    past('2025-03-11', 'y1', Date.parse('2025-03-11T02:10:00Z'));
    past('2025-03-05', 'w1', Date.parse('2025-03-05T03:10:00Z'));

    await kiosk.call('issueTicket', { body: { serviceCode: HJ1 } });
    await kiosk.call('issueTicket', { body: { serviceCode: HJ1 } });
    now += 4 * MIN;
    const called = await counter.call('callNext', { params: { windowNo: 1 } });
    now += 6 * MIN;
    const live = await manager.call('getManagerLive');
    const hj1 = live.services.find((s) => s.code === HJ1);
    expect(hj1).toMatchObject({ waiting: 1, issued: 2, served: 0, avgWaitS: 240, longestWaitS: 600, slaWaitMinutes: 60, overSla: false });
    expect(live.windows.find((w) => w.no === 1)!.current).toMatchObject({ number: called!.number, status: 'called', sinceS: 360 });
    expect(live.hourly).toMatchObject({ yesterday: '2025-03-11', lastWeek: '2025-03-05' });
    expect(live.hourly.issued.today[9]).toBe(2);
    expect(live.hourly.issued.yesterday[10]).toBe(1);
    expect(live.hourly.served.yesterday[10]).toBe(1);
    expect(live.hourly.issued.lastWeek[11]).toBe(1);
    expect(live.totals).toMatchObject({ issued: 2, waiting: 1 });

    const reads = h.app.history.reads;
    await manager.call('getManagerLive');
    expect(h.app.history.reads).toBe(reads);
  });

  it('flags a service past its SLA and suggests an idle window that serves it, else a paused one to open', async () => {
    const h = await start();
    const manager = h.client(h.token('manager'));
    await h.client(h.token('kiosk')).call('issueTicket', { body: { serviceCode: HJ3 } });
    now += 9 * MIN;
    expect((await manager.call('getManagerLive')).alerts).toEqual([]);
    now += 2 * MIN;
    let live = await manager.call('getManagerLive');
    expect(live.services.find((s) => s.code === HJ3)).toMatchObject({ overSla: true, slaWaitMinutes: 10 });
    expect(live.alerts).toEqual([
      {
        serviceCode: HJ3,
        longestWaitS: 660,
        slaWaitMinutes: 10,
        suggestion: { action: 'add-service', windowNo: 1, windowName: '1号窗口 户籍', windowState: 'open', reason: 'idle', waitingAtWindow: 0 },
      },
    ]);

    for (const no of [1, 2])
      expect(await manager.call('pauseWindow', { params: { windowNo: no }, query: { confirm: 'true' }, body: { reason: '午休' } })).toMatchObject({
        state: 'paused',
      });
    live = await manager.call('getManagerLive');
    expect(live.alerts[0]!.suggestion).toMatchObject({ action: 'open-window', windowNo: 1, windowState: 'paused', reason: 'paused' });
  });

  it('refuses a control that leaves a service with no open window with 409 LAST_WINDOW_FOR_SERVICE, and goes ahead when confirmed', async () => {
    const h = await start();
    const manager = h.client(h.token('manager'));
    const window1 = { params: { windowNo: 1 } };
    // Window 1 alone serves HJ-002.
    const refused = await refusal(manager.call('updateWindow', { ...window1, body: { state: 'closed' } }));
    expect(refused).toMatchObject({ status: 409, code: 'LAST_WINDOW_FOR_SERVICE', details: { services: ['330106-HJ-002'] } });
    expect(h.app.hall.state.windows.get(1)!.state).toBe('open');
    await expect(manager.call('closeWindow', window1)).rejects.toMatchObject({ code: 'LAST_WINDOW_FOR_SERVICE' });
    const dropped = await refusal(manager.call('updateWindow', { ...window1, body: { services: [{ code: HJ1, weight: 1 }] } }));
    expect(dropped.details!.services).toEqual(['330106-HJ-002']);
    // Window 10 serves nothing window 9 does not.
    expect(await manager.call('updateWindow', { params: { windowNo: 10 }, body: { state: 'paused', pauseReason: '培训' } })).toMatchObject({ state: 'paused' });
    const closed = await manager.call('updateWindow', { ...window1, body: { state: 'closed', confirm: true } });
    expect(closed.state).toBe('closed');
    // A clerk going on a break at their own window is not asked.
    expect(await h.client(h.token('counter', 12)).call('pauseWindow', { params: { windowNo: 12 }, body: { reason: '休息' } })).toMatchObject({
      state: 'paused',
    });
  });

  it('records every manager control in the audit log with who, when, the target and before and after', async () => {
    const h = await start();
    const manager = h.client(h.token('manager'));
    // Window 2 alone serves HJ-004: taking it away is confirmed.
    await manager.call('updateWindow', {
      params: { windowNo: 2 },
      body: {
        services: [
          { code: HJ3, weight: 3 },
          { code: HJ1, weight: 1 },
        ],
        confirm: true,
      },
    });
    now += MIN;
    await manager.call('updateWindow', { params: { windowNo: 6 }, body: { state: 'paused', pauseReason: '系统维护', confirm: true } });
    await manager.call('resumeWindow', { params: { windowNo: 6 } });
    await manager.call('closeWindow', { params: { windowNo: 11 } });
    await manager.call('updateServiceQuota', { params: { serviceCode: HJ1 }, body: { dailyQuota: 5 } });
    await refusal(manager.call('updateWindow', { params: { windowNo: 1 }, body: { state: 'closed' } })); // not a control that happened
    // The clerk's own actions are not manager controls.
    await h.client(h.token('counter', 12)).call('pauseWindow', { params: { windowNo: 12 }, body: { reason: '休息' } });

    const audit = await manager.call('listAudit', { query: { from: '2025-03-12', to: '2025-03-12' } });
    // The security log also holds token changes; the manager's controls are these.
    const entries = audit.entries.filter((e) => !e.target.startsWith('token:'));
    expect(entries.map((e) => [e.operation, e.target])).toEqual([
      ['updateWindow', 'window:2'],
      ['updateWindow', 'window:6'],
      ['resumeWindow', 'window:6'],
      ['closeWindow', 'window:11'],
      ['updateServiceQuota', `service:${HJ1}`],
    ]);
    expect(entries[0]).toMatchObject({ actor: { role: 'manager', name: 'manager' }, at: new Date(WED_0900).toISOString(), confirmed: true });
    expect((entries[0]!.before!.services as { code: string }[]).map((s) => s.code)).toEqual(['330106-HJ-004', HJ3, HJ1]);
    expect(entries[0]!.after!.services).toEqual([
      { code: HJ3, weight: 3 },
      { code: HJ1, weight: 1 },
    ]);
    expect(entries[1]).toMatchObject({ before: { state: 'open' }, after: { state: 'paused', pauseReason: '系统维护' }, confirmed: true });
    expect(entries[4]).toMatchObject({ before: { dailyQuota: null }, after: { dailyQuota: 5 } });
    expect((await manager.call('listAudit', { query: { from: '2025-03-13' } })).entries).toEqual([]);
  });

  it('changes a quota at once, and the change survives a restart', async () => {
    const dataDir = tempDir();
    let h = await start(dataDir);
    const manager = h.client(h.token('manager'));
    const hj1 = { params: { serviceCode: HJ1 } };
    const quotas = await manager.call('updateServiceQuota', { ...hj1, body: { dailyQuota: 1, slotQuotas: [{ from: '08:00', to: '12:00', quota: 1 }] } });
    expect(quotas).toMatchObject({ code: HJ1, dailyQuota: 1, quotaLeft: 1, slotQuotas: [{ from: '08:00', to: '12:00', quota: 1 }] });
    let kiosk = h.client(h.token('kiosk'));
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HJ1 } })).resolves.toBeDefined();
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HJ1 } })).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await expect(manager.call('updateServiceQuota', { params: { serviceCode: 'NOPE' }, body: { dailyQuota: 1 } })).rejects.toMatchObject({ status: 404 });
    await expect(manager.call('updateServiceQuota', { ...hj1, body: {} })).rejects.toMatchObject({ status: 400 });

    await h.close();
    h = hall = await startHall({ clock: () => now, dataDir });
    expect(h.app.hall.config.services.find((s) => s.code === HJ1)!.dailyQuota).toBe(1);
    kiosk = h.client(h.token('kiosk'));
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HJ1 } })).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    const lifted = await h.client(h.token('manager')).call('updateServiceQuota', { ...hj1, body: { dailyQuota: null, slotQuotas: [] } });
    expect(lifted.dailyQuota).toBeUndefined();
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HJ1 } })).resolves.toBeDefined();
  });

  it('pushes manager:live on /manager on connect and after changes, at most about once a second', async () => {
    const h = await start();
    const conn = await h.connect('/manager', h.token('manager'));
    await received(conn, 'manager:live');
    const kiosk = h.client(h.token('kiosk'));
    for (let i = 0; i < 5; i++) await kiosk.call('issueTicket', { body: { serviceCode: HJ1 } });
    const last = await received(conn, 'manager:live', (p) => p.totals.issued === 5, 3_000);
    expect(last.services.find((s) => s.code === HJ1)!.waiting).toBe(5);
    const pushes = conn.log.filter((m) => m.event === 'manager:live').length;
    // The connect, at most one at once, and the coalesced rest a second later.
    expect(pushes).toBeLessThanOrEqual(3);
    expect(conn.log.filter((m) => m.event === 'manager:live').every((m) => m.payload.seq === undefined || typeof m.payload.seq === 'number')).toBe(true);
  });

  it('forecasts the rest of today from booked appointments and the same weekdays, with the windows needed', async () => {
    const h = await start();
    const manager = h.client(h.token('manager'));
    await manager.call('createAppointment', {
      body: { serviceCode: '330106-CRJ-001', slotStart: '2025-03-12T10:00:00+08:00', slotEnd: '2025-03-12T10:30:00+08:00' },
    });
    const forecast = await manager.call('getManagerForecast');
    expect(forecast).toMatchObject({ day: '2025-03-12', model: 'erlang-c', historyDays: ['2025-03-05', '2025-02-26', '2025-02-19', '2025-02-12'] });
    const crj = forecast.services.find((s) => s.code === '330106-CRJ-001')!;
    expect(crj.hours.slice(0, 2).map((x) => x.hour)).toEqual([9, 10]);
    expect(crj.hours[1]).toMatchObject({ hour: 10, appointments: 1, expectedArrivals: 1, windowsNeeded: 1 });
    expect(crj.hours[0]).toMatchObject({ hour: 9, expectedArrivals: 0, windowsNeeded: 0 });
  });
});
