import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hallPerTest, hallStarter, perTest } from './per-test.ts';
import { sample } from './prometheus.ts';

const HUKOU = '330106-HJ-001';
const ID_NUMBER = '11010519491231002X';

/** An address of this machine that is not loopback: a request to it comes from that address, as from the LAN. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address to reach the hall from');
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/metrics: who may read it', () => {
  const hall = hallPerTest();
  const startHall = hallStarter();

  it('answers a Prometheus on the same machine without a token, in the text format', async () => {
    const answer = await scrape(hall.url);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.text).toMatch(/^# TYPE hall_tickets_waiting gauge$/m);
  });

  it('from another machine wants a manager token: none is 401, a kiosk token 403, in the API’s error shape', async () => {
    const lan = await startHall({ host: lanAddress() });
    expect(new URL(lan.url).hostname).not.toBe('127.0.0.1');
    const anonymous = await scrape(lan.url);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const kiosk = await scrape(lan.url, bearer(lan.token('kiosk')));
    expect(kiosk.status).toBe(403);
    expect(JSON.parse(kiosk.text).error.code).toBe('FORBIDDEN_ROLE');
    const manager = await scrape(lan.url, bearer(lan.token('manager')));
    expect(manager.status).toBe(200);
    expect(manager.text).toContain('hall_tickets_waiting');
  });

  it('counts a request a proxy on this machine passed on as coming from outside', async () => {
    const forwarded = await scrape(hall.url, { 'x-forwarded-for': '192.0.2.77' });
    expect(forwarded.status).toBe(401);
    expect((await scrape(hall.url, { forwarded: 'for=192.0.2.77', ...bearer(hall.token('manager')) })).status).toBe(200);
  });
});

describe('/metrics: what it shows', () => {
  const hall = hallPerTest();
  const startHall = hallStarter();
  const kiosk = perTest(() => hall.client(hall.token('kiosk')));
  const counter1 = perTest(() => hall.client(hall.token('counter', 1)));

  it('after three tickets in 户籍 and one called: 3 issued, 2 waiting, 3 issueTicket requests and the commits timed', async () => {
    for (let i = 0; i < 3; i++) await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    await counter1.call('callNext', { params: { windowNo: 1 } });
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_tickets_issued_today', { service: HUKOU })).toBe(3);
    expect(sample(text, 'hall_tickets_waiting', { service: HUKOU })).toBe(2);
    expect(sample(text, 'hall_http_request_duration_seconds_count', { operation_id: 'issueTicket', status_class: '2xx' })).toBe(3);
    expect(sample(text, 'hall_http_request_duration_seconds_count', { operation_id: 'callNext', status_class: '2xx' })).toBe(1);
    expect(sample(text, 'hall_longest_wait_seconds', { service: HUKOU })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hall_store_commit_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hall_windows', { state: 'open' })).toBeGreaterThan(0);
  });

  it('counts refusals under their status class', async () => {
    await expect(kiosk.call('issueTicket', { body: { serviceCode: 'NO-SUCH-SERVICE' } })).rejects.toMatchObject({ code: 'UNKNOWN_SERVICE' });
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_http_request_duration_seconds_count', { operation_id: 'issueTicket', status_class: '4xx' })).toBe(1);
  });

  it('counts the sockets connected per namespace', async () => {
    expect(sample((await scrape(hall.url)).text, 'hall_socket_connections', { namespace: 'display' })).toBe(0);
    const wall = await hall.connect('/display', hall.token('display'));
    await wall.snapshot;
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_socket_connections', { namespace: 'display' })).toBe(1);
    expect(sample(text, 'hall_socket_connections', { namespace: 'counter' })).toBe(0);
  });

  it('shows a printer out of paper as a device alarm, and the terminal online', async () => {
    const token = hall.token('kiosk');
    const socket = await hall.connect('/kiosk', token);
    await socket.snapshot;
    await hall.client(token).call('reportDevices', {
      body: {
        devices: [
          { device: 'printer', model: 'generic-escpos-80', state: 'error', code: 'PAPER_OUT', since: new Date().toISOString() },
          { device: 'idReader', model: 'generic-ga467', state: 'ok', since: new Date().toISOString() },
        ],
      },
    });
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_device_alarms', { device: 'printer', state: 'error', code: 'PAPER_OUT' })).toBe(1);
    expect(sample(text, 'hall_device_alarms', { device: 'idReader' })).toBeUndefined();
    expect(sample(text, 'hall_terminals', { role: 'kiosk', online: 'true' })).toBe(1);
  });

  it('shows the reports waiting for a city platform that does not answer, and the age of the oldest', async () => {
    // Nothing listens on port 9 of loopback: every delivery fails and the reports stay in the outbox.
    const reporting = await startHall({ upstream: { url: 'http://127.0.0.1:9/ingest', secret: 's', intervalS: 3600 } });
    reporting.app.upstream!.reportQueueLoad();
    reporting.app.upstream!.reportQueueLoad();
    const { text } = await scrape(reporting.url);
    // Two queue-load reports and the device health that went with the first.
    expect(sample(text, 'hall_upstream_backlog')).toBe(3);
    expect(sample(text, 'hall_upstream_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('reads 0 for the upstream outbox when the hall reports nowhere, and shows the event-loop lag', async () => {
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_upstream_backlog')).toBe(0);
    expect(sample(text, 'hall_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('carries no ID number, name or token name in any series', async () => {
    // A token's name may be a person's; a clerk signs in by name too.
    const counter = hall.client(hall.app.tokens.create('counter', '王芳的柜台', 2));
    await hall.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
    await counter.call('signIn', { params: { windowNo: 2 }, body: { staffNo: '1001', pin: '1357' } });
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ID_NUMBER, name: '张三丰' } });
    await counter.call('reportDevices', { body: { devices: [{ device: 'keypad', model: 'k1', state: 'warning', since: new Date().toISOString() }] } });
    const { text } = await scrape(hall.url);
    expect(sample(text, 'hall_device_alarms', { device: 'keypad' })).toBe(1);
    for (const secret of [ID_NUMBER, '张三丰', '王芳', '李明', '1001']) expect(text).not.toContain(secret);
  });
});
