import { describe, expect, it } from 'vitest';
import { refusal } from './harness.ts';
import { hallPerTest, perTest } from './per-test.ts';

const HUKOU = '330106-HJ-001';
const ELDER_ID = '11010519491231002X';

describe('hall server over HTTP', () => {
  const hall = hallPerTest();
  const kiosk = perTest(() => hall.client(hall.token('kiosk')));
  const counter1 = perTest(() => hall.client(hall.token('counter', 1)));
  const manager = perTest(() => hall.client(hall.token('manager')));

  it('issues a ticket with number, people ahead and an estimated wait', async () => {
    const first = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const second = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(first).toMatchObject({ number: 'A001', serviceCode: HUKOU, status: 'waiting', waitingAhead: 0 });
    expect(second).toMatchObject({ number: 'A002', waitingAhead: 1 });
    expect(second.estimatedWaitMinutes).toBeGreaterThan(0);
    expect(Date.parse(second.issuedAt)).not.toBeNaN();
  });

  it('refuses an ID number with a wrong check digit with 400 INVALID_ID_NUMBER and issues nothing', async () => {
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: '110105194912310021' } })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_ID_NUMBER',
    });
    const next = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(next.number).toBe('A001');
  });

  it('refuses a bad unified social credit code with 400 INVALID_USCC', async () => {
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: '91350100M000100Y44' } })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_USCC',
    });
  });

  it('shows masked identities to the kiosk and the full one only to the clerk handling the ticket', async () => {
    const issued = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ELDER_ID, name: '张三丰' } });
    expect(issued.identity).toEqual({ kind: 'citizen', masked: '110***********002X', nameMasked: '张**' });
    expect(JSON.stringify(issued)).not.toContain(ELDER_ID);

    const called = await counter1.call('callNext', { params: { windowNo: 1 } });
    expect(called?.id).toBe(issued.id);
    const ticket = { params: { ticketId: issued.id } };
    // Nobody signed in at the window: masked, whatever the terminal.
    expect((await counter1.call('getTicket', ticket)).identity!.number).toBeUndefined();
    await hall.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
    await expect(counter1.call('signIn', { params: { windowNo: 1 }, body: { staffNo: '1001', pin: '1357' } })).resolves.toBeDefined();
    const atCounter = await counter1.call('getTicket', ticket);
    expect(atCounter.identity).toMatchObject({ number: ELDER_ID, name: '张三丰' });

    const otherClerk = hall.client(hall.token('counter', 2));
    const elsewhere = await otherClerk.call('getTicket', ticket);
    expect(elsewhere.identity!.number).toBeUndefined();
    const display = hall.client(hall.token('display'));
    expect((await display.call('getTicket', ticket)).identity).toBeUndefined();
  });

  it('gives the elderly the green channel from the birth date on the ID number', async () => {
    const issued = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ELDER_ID } });
    expect(issued.priority).toBe('elderly');
  });

  it('refuses a second active ticket for the same person and service with 409 DUPLICATE_TICKET', async () => {
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ELDER_ID } });
    const again = await refusal(kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ELDER_ID } }));
    expect(again).toMatchObject({ status: 409, code: 'DUPLICATE_TICKET', details: { number: 'A001' } });
  });

  it('answers callNext with 204 when nobody waits', async () => {
    expect(await counter1.call('callNext', { params: { windowNo: 1 } })).toBeUndefined();
    expect(counter1.lastStatus()).toBe(204);
  });

  it('walks a ticket through call, recall, finish and a rating', async () => {
    const t = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const window1 = { params: { windowNo: 1 } };
    const ticket = { params: { ticketId: t.id } };
    expect(await counter1.call('callNext', window1)).toMatchObject({ id: t.id, status: 'called', windowNo: 1 });
    expect((await counter1.call('recallTicket', window1)).recallCount).toBe(1);
    expect((await counter1.call('startService', ticket)).status).toBe('serving');
    expect((await counter1.call('finishTicket', ticket)).status).toBe('finished');
    // The window's own screen asks for the rating: a display token bound to window 1.
    const display = hall.client(hall.token('display', 1));
    await expect(display.call('rateTicket', { ...ticket, body: { level: 2 } })).rejects.toMatchObject({ status: 400, code: 'REASON_REQUIRED' });
    const rated = await display.call('rateTicket', { ...ticket, body: { level: 5 } });
    expect(rated.label['zh-CN']).toBe('非常满意');
    await expect(display.call('rateTicket', { ...ticket, body: { level: 4 } })).rejects.toMatchObject({ code: 'ALREADY_RATED' });
  });

  it('marks a no-show and reactivates it behind the head of the queue', async () => {
    const a = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    for (let i = 0; i < 4; i++) await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter1.call('callNext', { params: { windowNo: 1 } });
    expect((await counter1.call('skipTicket', { params: { ticketId: a.id } })).status).toBe('no-show');
    const back = await counter1.call('reactivateTicket', { params: { ticketId: a.id } });
    expect(back).toMatchObject({ status: 'waiting', waitingAhead: 3 });
  });

  it('calls a specific number and refuses it to a second window with 409 TICKET_TAKEN', async () => {
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const b = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const called = await counter1.call('callTicket', { params: { windowNo: 1 }, body: { number: 'A002' } });
    expect(called.id).toBe(b.id);
    const counter2 = hall.client(hall.token('counter', 2));
    await expect(counter2.call('callTicket', { params: { windowNo: 2 }, body: { ticketId: b.id } })).rejects.toMatchObject({
      status: 409,
      code: 'TICKET_TAKEN',
    });
  });

  it('transfers the current ticket to another service keeping its number', async () => {
    const t = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter1.call('callNext', { params: { windowNo: 1 } });
    const moved = await counter1.call('transferTicket', { params: { ticketId: t.id }, body: { toServiceCode: '330106-SB-001', note: '需先办社保' } });
    expect(moved).toMatchObject({ number: t.number, serviceCode: '330106-SB-001', status: 'waiting', transferredFrom: t.id });
    expect((await manager.call('getTicket', { params: { ticketId: t.id } })).status).toBe('transferred');
  });

  it('refuses calls at a paused window with 409 WINDOW_PAUSED until it resumes', async () => {
    const window1 = { params: { windowNo: 1 } };
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await expect(counter1.call('pauseWindow', { ...window1, body: { reason: '' } })).rejects.toMatchObject({ status: 400 });
    expect((await counter1.call('pauseWindow', { ...window1, body: { reason: '午休' } })).state).toBe('paused');
    await expect(counter1.call('callNext', window1)).rejects.toMatchObject({ status: 409, code: 'WINDOW_PAUSED' });
    await counter1.call('resumeWindow', window1);
    expect(await counter1.call('callNext', window1)).toBeDefined();
  });

  it('lets the manager re-assign a window’s services live', async () => {
    const window1 = { params: { windowNo: 1 } };
    // Window 1 is the only window for HUKOU here: taking it away needs the manager's confirmation.
    await expect(manager.call('updateWindow', { ...window1, body: { services: [{ code: '330106-SB-001', weight: 2 }] } })).rejects.toMatchObject({
      status: 409,
      code: 'LAST_WINDOW_FOR_SERVICE',
    });
    const changed = await manager.call('updateWindow', { ...window1, body: { services: [{ code: '330106-SB-001', weight: 2 }], confirm: true } });
    expect(changed.services).toEqual([{ code: '330106-SB-001', weight: 2 }]);
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(await counter1.call('callNext', window1)).toBeUndefined();
    await expect(manager.call('updateWindow', { ...window1, body: { services: [{ code: 'NOPE', weight: 1 }] } })).rejects.toMatchObject({
      code: 'UNKNOWN_SERVICE',
    });
  });

  it('replays the first answer when a call is retried with the same Idempotency-Key', async () => {
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const raw = hall.api(hall.token('counter', 1));
    const first = await raw.post('/api/v1/windows/1/call-next', undefined, { 'idempotency-key': 'k-1' });
    const retry = await raw.post('/api/v1/windows/1/call-next', undefined, { 'idempotency-key': 'k-1' });
    expect(retry.body.number).toBe(first.body.number);
    expect(retry.headers.get('idempotent-replay')).toBe('true');
    const queue = await manager.call('getQueue');
    expect(queue.services.find((s) => s.code === HUKOU)!.waiting).toBe(1);
  });

  it('cancels a booking for the booking system: the visitor’s code then no longer checks in, and the security log says who', async () => {
    const integration = hall.client(hall.token('integration'));
    const kiosk = hall.client(hall.token('kiosk'));
    const slotStart = new Date(Date.now() + 5 * 60_000);
    const booked = await integration.call('createAppointment', {
      body: { serviceCode: '330106-BDC-001', slotStart: slotStart.toISOString(), slotEnd: new Date(slotStart.getTime() + 30 * 60_000).toISOString() },
    });
    expect(await integration.call('cancelAppointment', { body: { code: booked.code } })).toMatchObject({ code: booked.code, status: 'cancelled' });
    await expect(kiosk.call('checkInAppointment', { body: { code: booked.code } })).rejects.toMatchObject({ status: 409, code: 'APPOINTMENT_CANCELLED' });
    await expect(integration.call('cancelAppointment', { body: { code: booked.code } })).rejects.toMatchObject({ status: 409, code: 'APPOINTMENT_CANCELLED' });
    await expect(kiosk.call('cancelAppointment', { body: { code: booked.code } })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    const day = hall.app.hall.state.counters.day;
    expect(hall.app.audit.list(day, day)).toContainEqual(expect.objectContaining({ operation: 'cancelAppointment', target: `appointment:${booked.id}` }));
  });

  it('checks an appointment in by code and queues it ahead of walk-ins while its slot lasts', async () => {
    const integration = hall.client(hall.token('integration'));
    await kiosk.call('issueTicket', { body: { serviceCode: '330106-BDC-001' } });
    const now = Date.now();
    const booked = await integration.call('createAppointment', {
      body: {
        serviceCode: '330106-BDC-001',
        slotStart: new Date(now - 5 * 60_000).toISOString(),
        slotEnd: new Date(now + 25 * 60_000).toISOString(),
      },
    });
    expect(booked.code).toMatch(/^\d{8}$/);
    const ticket = await kiosk.call('issueTicket', { body: { serviceCode: '330106-BDC-001', appointmentCode: booked.code } });
    expect(ticket).toMatchObject({ source: 'appointment', priority: 'appointment' });
    const counter9 = hall.client(hall.token('counter', 9));
    expect((await counter9.call('callNext', { params: { windowNo: 9 } }))?.id).toBe(ticket.id);
    await expect(kiosk.call('checkInAppointment', { body: { code: booked.code } })).rejects.toMatchObject({ code: 'ALREADY_CHECKED_IN' });
  });

  it('leases numbers to a kiosk and takes its offline tickets back into the queue by issue time', async () => {
    const lease = await kiosk.call('leaseNumbers', { body: { serviceCode: HUKOU, count: 3 } });
    expect(lease.numbers).toEqual(['A997', 'A998', 'A999']);
    const offlineAt = new Date(Date.now() - 60_000).toISOString();
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const sync = { params: { leaseId: lease.id }, body: { tickets: [{ number: 'A997', issuedAt: offlineAt, idNumber: ELDER_ID, name: '张三丰' }] } };
    const synced = await kiosk.call('syncOfflineTickets', sync);
    expect(synced.tickets[0]).toMatchObject({ number: 'A997', offline: true, status: 'waiting', identity: { masked: '110***********002X' } });
    const again = await kiosk.call('syncOfflineTickets', sync);
    expect(again.tickets[0]!.id).toBe(synced.tickets[0]!.id);
    expect((await counter1.call('callNext', { params: { windowNo: 1 } }))?.number).toBe('A997');
    const otherKiosk = hall.client(hall.token('kiosk'));
    await expect(otherKiosk.call('syncOfflineTickets', sync)).rejects.toMatchObject({ code: 'LEASE_NOT_YOURS' });
  });

  it('signs a clerk in with staff number and PIN, and locks the number after repeated wrong PINs', async () => {
    hall.app.staff.upsert({ staffNo: '1001', name: '李明', photoUrl: '/staff/1001.jpg' }, '2468');
    const signIn = (pin: string) => counter1.call('signIn', { params: { windowNo: 1 }, body: { staffNo: '1001', pin } });
    const signed = await signIn('2468');
    expect(signed).toMatchObject({ state: 'open', clerk: { staffNo: '1001', name: '李明', photoUrl: '/staff/1001.jpg' } });
    await expect(signIn('0000')).rejects.toMatchObject({ status: 403, code: 'WRONG_PIN' });
    for (let i = 0; i < 4; i++) await signIn('0000').catch(() => undefined);
    await expect(signIn('2468')).rejects.toMatchObject({ status: 423, code: 'STAFF_LOCKED' });
  });

  it('gives the clerk the window’s own figures for the day', async () => {
    const t = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter1.call('callNext', { params: { windowNo: 1 } });
    await counter1.call('finishTicket', { params: { ticketId: t.id } });
    await hall.client(hall.token('display', 1)).call('rateTicket', { params: { ticketId: t.id }, body: { level: 4 } });
    const summary = await counter1.call('getWindowSummary', { params: { windowNo: 1 } });
    expect(summary).toMatchObject({ windowNo: 1, served: 1, ratings: { count: 1, average: 4 } });
    expect(summary.waiting.find((w) => w.code === HUKOU)!.waiting).toBe(1);
    await expect(counter1.call('getWindowSummary', { params: { windowNo: 2 } })).rejects.toMatchObject({ status: 403 });
  });

  it('reports the day’s figures to the manager', async () => {
    const t = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter1.call('callNext', { params: { windowNo: 1 } });
    await counter1.call('finishTicket', { params: { ticketId: t.id } });
    const stats = await manager.call('getStats');
    expect(stats).toMatchObject({ issued: 2, served: 1 });
    expect(stats.byService.find((s) => s.code === HUKOU)).toMatchObject({ issued: 2, served: 1 });
    await expect(manager.call('getStats', { query: { from: '2026-13-01' } })).rejects.toMatchObject({ status: 400 });
  });
});

describe('bad requests', () => {
  const hall = hallPerTest();

  it('answers 401 without a token and with an unknown one', async () => {
    const res = await fetch(`${hall.url}/api/v1/queue`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('UNAUTHENTICATED');
    await expect(hall.client('hall_not-a-token').call('getQueue')).rejects.toMatchObject({ status: 401 });
  });

  it('answers 400 with the field for a malformed body, and changes nothing', async () => {
    const kiosk = hall.api(hall.token('kiosk'));
    const before = hall.app.hall.seq;
    const res = await kiosk.post('/api/v1/tickets', { serviceCode: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.message).toContain('serviceCode');
    expect((await kiosk.post('/api/v1/tickets', '{"serviceCode":')).body.error.code).toBe('INVALID_JSON');
    expect((await kiosk.post('/api/v1/tickets', { serviceCode: '330106-HJ-001', extra: 1 })).status).toBe(400);
    expect(hall.app.hall.seq).toBe(before);
  });

  it('answers 404 for an unknown ticket or window', async () => {
    const manager = hall.client(hall.token('manager'));
    await expect(manager.call('getTicket', { params: { ticketId: 'nope' } })).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(manager.call('pauseWindow', { params: { windowNo: 99 }, body: { reason: 'x' } })).rejects.toMatchObject({ code: 'WINDOW_NOT_FOUND' });
    expect((await hall.api(hall.token('manager')).get('/api/v1/nothing-here')).status).toBe(404);
  });

  it('answers 400 UNKNOWN_SERVICE for a service code not in the catalogue', async () => {
    await expect(hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: 'NOPE' } })).rejects.toMatchObject({
      status: 400,
      code: 'UNKNOWN_SERVICE',
    });
  });

  it('refuses a counter acting for another window with 403 WRONG_WINDOW', async () => {
    await expect(hall.client(hall.token('counter', 1)).call('callNext', { params: { windowNo: 2 } })).rejects.toMatchObject({
      status: 403,
      code: 'WRONG_WINDOW',
    });
  });
});
