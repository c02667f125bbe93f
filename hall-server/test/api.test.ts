import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHall, type Api, type TestHall } from './harness.ts';

const HUKOU = '330106-HJ-001';
const ELDER_ID = '11010519491231002X';

describe('hall server over HTTP', () => {
  let hall: TestHall;
  let kiosk: Api;
  let counter1: Api;
  let manager: Api;

  beforeEach(async () => {
    hall = await startHall();
    kiosk = hall.api(hall.token('kiosk'));
    counter1 = hall.api(hall.token('counter', 1));
    manager = hall.api(hall.token('manager'));
  });
  afterEach(() => hall.close());

  it('issues a ticket with number, people ahead and an estimated wait', async () => {
    const first = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    const second = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ number: 'A001', serviceCode: HUKOU, status: 'waiting', waitingAhead: 0 });
    expect(second.body).toMatchObject({ number: 'A002', waitingAhead: 1 });
    expect(second.body.estimatedWaitMinutes).toBeGreaterThan(0);
    expect(Date.parse(second.body.issuedAt)).not.toBeNaN();
  });

  it('refuses an ID number with a wrong check digit with 400 INVALID_ID_NUMBER and issues nothing', async () => {
    const res = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: '110105194912310021' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ID_NUMBER');
    const next = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    expect(next.body.number).toBe('A001');
  });

  it('refuses a bad unified social credit code with 400 INVALID_USCC', async () => {
    const res = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: '91350100M000100Y44' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_USCC');
  });

  it('shows masked identities to the kiosk and the full one only to the clerk handling the ticket', async () => {
    const issued = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: ELDER_ID, name: '张三丰' });
    expect(issued.body.identity).toEqual({ kind: 'citizen', masked: '110***********002X', nameMasked: '张**' });
    expect(JSON.stringify(issued.body)).not.toContain(ELDER_ID);

    const called = await counter1.post('/api/v1/windows/1/call-next');
    expect(called.body.id).toBe(issued.body.id);
    // Nobody signed in at the window: masked, whatever the terminal.
    expect((await counter1.get(`/api/v1/tickets/${issued.body.id}`)).body.identity.number).toBeUndefined();
    await hall.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
    expect((await counter1.post('/api/v1/windows/1/sign-in', { staffNo: '1001', pin: '1357' })).status).toBe(200);
    const atCounter = await counter1.get(`/api/v1/tickets/${issued.body.id}`);
    expect(atCounter.body.identity).toMatchObject({ number: ELDER_ID, name: '张三丰' });

    const otherClerk = hall.api(hall.token('counter', 2));
    const elsewhere = await otherClerk.get(`/api/v1/tickets/${issued.body.id}`);
    expect(elsewhere.body.identity.number).toBeUndefined();
    const display = hall.api(hall.token('display'));
    expect((await display.get(`/api/v1/tickets/${issued.body.id}`)).body.identity).toBeUndefined();
  });

  it('gives the elderly the green channel from the birth date on the ID number', async () => {
    const res = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: ELDER_ID });
    expect(res.body.priority).toBe('elderly');
  });

  it('refuses a second active ticket for the same person and service with 409 DUPLICATE_TICKET', async () => {
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: ELDER_ID });
    const again = await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU, idNumber: ELDER_ID });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DUPLICATE_TICKET', details: { number: 'A001' } });
  });

  it('answers callNext with 204 when nobody waits', async () => {
    const res = await counter1.post('/api/v1/windows/1/call-next');
    expect(res.status).toBe(204);
  });

  it('walks a ticket through call, recall, finish and a rating', async () => {
    const t = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    expect((await counter1.post('/api/v1/windows/1/call-next')).body).toMatchObject({ id: t.id, status: 'called', windowNo: 1 });
    expect((await counter1.post('/api/v1/windows/1/recall')).body.recallCount).toBe(1);
    expect((await counter1.post(`/api/v1/tickets/${t.id}/start`)).body.status).toBe('serving');
    expect((await counter1.post(`/api/v1/tickets/${t.id}/finish`)).body.status).toBe('finished');
    // The window's own screen asks for the rating: a display token bound to window 1.
    const display = hall.api(hall.token('display', 1));
    const bad = await display.post(`/api/v1/tickets/${t.id}/rating`, { level: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REASON_REQUIRED');
    const rated = await display.post(`/api/v1/tickets/${t.id}/rating`, { level: 5 });
    expect(rated.status).toBe(201);
    expect(rated.body.label['zh-CN']).toBe('非常满意');
    expect((await display.post(`/api/v1/tickets/${t.id}/rating`, { level: 4 })).body.error.code).toBe('ALREADY_RATED');
  });

  it('marks a no-show and reactivates it behind the head of the queue', async () => {
    const a = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    for (let i = 0; i < 4; i++) await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    await counter1.post('/api/v1/windows/1/call-next');
    expect((await counter1.post(`/api/v1/tickets/${a.id}/no-show`)).body.status).toBe('no-show');
    const back = await counter1.post(`/api/v1/tickets/${a.id}/reactivate`);
    expect(back.body).toMatchObject({ status: 'waiting', waitingAhead: 3 });
  });

  it('calls a specific number and refuses it to a second window with 409 TICKET_TAKEN', async () => {
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    const b = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    const called = await counter1.post('/api/v1/windows/1/call-ticket', { number: 'A002' });
    expect(called.body.id).toBe(b.id);
    const counter2 = hall.api(hall.token('counter', 2));
    const taken = await counter2.post('/api/v1/windows/2/call-ticket', { ticketId: b.id });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('TICKET_TAKEN');
  });

  it('transfers the current ticket to another service keeping its number', async () => {
    const t = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    await counter1.post('/api/v1/windows/1/call-next');
    const moved = await counter1.post(`/api/v1/tickets/${t.id}/transfer`, { toServiceCode: '330106-SB-001', note: '需先办社保' });
    expect(moved.body).toMatchObject({ number: t.number, serviceCode: '330106-SB-001', status: 'waiting', transferredFrom: t.id });
    expect((await manager.get(`/api/v1/tickets/${t.id}`)).body.status).toBe('transferred');
  });

  it('refuses calls at a paused window with 409 WINDOW_PAUSED until it resumes', async () => {
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    expect((await counter1.post('/api/v1/windows/1/pause', { reason: '' })).status).toBe(400);
    expect((await counter1.post('/api/v1/windows/1/pause', { reason: '午休' })).body.state).toBe('paused');
    const refused = await counter1.post('/api/v1/windows/1/call-next');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WINDOW_PAUSED');
    await counter1.post('/api/v1/windows/1/resume');
    expect((await counter1.post('/api/v1/windows/1/call-next')).status).toBe(200);
  });

  it('lets the manager re-assign a window’s services live', async () => {
    // Window 1 is the only window for HUKOU here: taking it away needs the manager's confirmation.
    const refused = await manager.patch('/api/v1/windows/1', { services: [{ code: '330106-SB-001', weight: 2 }] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('LAST_WINDOW_FOR_SERVICE');
    const res = await manager.patch('/api/v1/windows/1', { services: [{ code: '330106-SB-001', weight: 2 }], confirm: true });
    expect(res.body.services).toEqual([{ code: '330106-SB-001', weight: 2 }]);
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    expect((await counter1.post('/api/v1/windows/1/call-next')).status).toBe(204);
    const unknown = await manager.patch('/api/v1/windows/1', { services: [{ code: 'NOPE', weight: 1 }] });
    expect(unknown.body.error.code).toBe('UNKNOWN_SERVICE');
  });

  it('replays the first answer when a call is retried with the same Idempotency-Key', async () => {
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    const first = await counter1.post('/api/v1/windows/1/call-next', undefined, { 'idempotency-key': 'k-1' });
    const retry = await counter1.post('/api/v1/windows/1/call-next', undefined, { 'idempotency-key': 'k-1' });
    expect(retry.body.number).toBe(first.body.number);
    expect(retry.headers.get('idempotent-replay')).toBe('true');
    const queue = await manager.get('/api/v1/queue');
    expect(queue.body.services.find((s: any) => s.code === HUKOU).waiting).toBe(1);
  });

  it('checks an appointment in by code and queues it ahead of walk-ins while its slot lasts', async () => {
    const integration = hall.api(hall.token('integration'));
    await kiosk.post('/api/v1/tickets', { serviceCode: '330106-BDC-001' });
    const now = Date.now();
    const booked = await integration.post('/api/v1/appointments', {
      serviceCode: '330106-BDC-001',
      slotStart: new Date(now - 5 * 60_000).toISOString(),
      slotEnd: new Date(now + 25 * 60_000).toISOString(),
    });
    expect(booked.status).toBe(201);
    expect(booked.body.code).toMatch(/^\d{8}$/);
    const ticket = await kiosk.post('/api/v1/tickets', { serviceCode: '330106-BDC-001', appointmentCode: booked.body.code });
    expect(ticket.status).toBe(201);
    expect(ticket.body).toMatchObject({ source: 'appointment', priority: 'appointment' });
    const counter9 = hall.api(hall.token('counter', 9));
    expect((await counter9.post('/api/v1/windows/9/call-next')).body.id).toBe(ticket.body.id);
    const again = await kiosk.post('/api/v1/appointments/check-in', { code: booked.body.code });
    expect(again.body.error.code).toBe('ALREADY_CHECKED_IN');
  });

  it('leases numbers to a kiosk and takes its offline tickets back into the queue by issue time', async () => {
    const lease = await kiosk.post('/api/v1/number-leases', { serviceCode: HUKOU, count: 3 });
    expect(lease.status).toBe(201);
    expect(lease.body.numbers).toEqual(['A997', 'A998', 'A999']);
    const offlineAt = new Date(Date.now() - 60_000).toISOString();
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    const sync = { tickets: [{ number: 'A997', issuedAt: offlineAt, idNumber: ELDER_ID, name: '张三丰' }] };
    const synced = await kiosk.post(`/api/v1/number-leases/${lease.body.id}/tickets`, sync);
    expect(synced.status).toBe(200);
    expect(synced.body.tickets[0]).toMatchObject({ number: 'A997', offline: true, status: 'waiting', identity: { masked: '110***********002X' } });
    const again = await kiosk.post(`/api/v1/number-leases/${lease.body.id}/tickets`, sync);
    expect(again.body.tickets[0].id).toBe(synced.body.tickets[0].id);
    expect((await counter1.post('/api/v1/windows/1/call-next')).body.number).toBe('A997');
    const otherKiosk = hall.api(hall.token('kiosk'));
    expect((await otherKiosk.post(`/api/v1/number-leases/${lease.body.id}/tickets`, sync)).body.error.code).toBe('LEASE_NOT_YOURS');
  });

  it('signs a clerk in with staff number and PIN, and locks the number after repeated wrong PINs', async () => {
    hall.app.staff.upsert({ staffNo: '1001', name: '李明', photoUrl: '/staff/1001.jpg' }, '2468');
    const signed = await counter1.post('/api/v1/windows/1/sign-in', { staffNo: '1001', pin: '2468' });
    expect(signed.body).toMatchObject({ state: 'open', clerk: { staffNo: '1001', name: '李明', photoUrl: '/staff/1001.jpg' } });
    const wrong = await counter1.post('/api/v1/windows/1/sign-in', { staffNo: '1001', pin: '0000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WRONG_PIN');
    for (let i = 0; i < 4; i++) await counter1.post('/api/v1/windows/1/sign-in', { staffNo: '1001', pin: '0000' });
    const locked = await counter1.post('/api/v1/windows/1/sign-in', { staffNo: '1001', pin: '2468' });
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('STAFF_LOCKED');
  });

  it('gives the clerk the window’s own figures for the day', async () => {
    const t = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    await counter1.post('/api/v1/windows/1/call-next');
    await counter1.post(`/api/v1/tickets/${t.id}/finish`);
    await hall.api(hall.token('display', 1)).post(`/api/v1/tickets/${t.id}/rating`, { level: 4 });
    const summary = await counter1.get('/api/v1/windows/1/summary');
    expect(summary.body).toMatchObject({ windowNo: 1, served: 1, ratings: { count: 1, average: 4 } });
    expect(summary.body.waiting.find((w: any) => w.code === HUKOU).waiting).toBe(1);
    expect((await counter1.get('/api/v1/windows/2/summary')).status).toBe(403);
  });

  it('reports the day’s figures to the manager', async () => {
    const t = (await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU })).body;
    await kiosk.post('/api/v1/tickets', { serviceCode: HUKOU });
    await counter1.post('/api/v1/windows/1/call-next');
    await counter1.post(`/api/v1/tickets/${t.id}/finish`);
    const stats = await manager.get('/api/v1/stats');
    expect(stats.body).toMatchObject({ issued: 2, served: 1 });
    expect(stats.body.byService.find((s: any) => s.code === HUKOU)).toMatchObject({ issued: 2, served: 1 });
    expect((await manager.get('/api/v1/stats?from=2026-13-01')).status).toBe(400);
  });
});

describe('bad requests', () => {
  let hall: TestHall;
  beforeEach(async () => {
    hall = await startHall();
  });
  afterEach(() => hall.close());

  it('answers 401 without a token and with an unknown one', async () => {
    const res = await fetch(`${hall.url}/api/v1/queue`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('UNAUTHENTICATED');
    expect((await hall.api('hall_not-a-token').get('/api/v1/queue')).status).toBe(401);
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
    const manager = hall.api(hall.token('manager'));
    expect((await manager.get('/api/v1/tickets/nope')).body.error.code).toBe('TICKET_NOT_FOUND');
    expect((await manager.post('/api/v1/windows/99/pause', { reason: 'x' })).body.error.code).toBe('WINDOW_NOT_FOUND');
    expect((await manager.get('/api/v1/nothing-here')).status).toBe(404);
  });

  it('answers 400 UNKNOWN_SERVICE for a service code not in the catalogue', async () => {
    const res = await hall.api(hall.token('kiosk')).post('/api/v1/tickets', { serviceCode: 'NOPE' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNKNOWN_SERVICE');
  });

  it('refuses a counter acting for another window with 403 WRONG_WINDOW', async () => {
    const res = await hall.api(hall.token('counter', 1)).post('/api/v1/windows/2/call-next');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('WRONG_WINDOW');
  });
});
