/**
 * The one client, derived from the contract, against a real hall: what it
 * sends is what the operation takes, what it gets back is the contract's
 * shape (checked), and a refusal or an unreachable hall is told apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHallClient, HallRefusal, HallUnreachableError } from '../src/contract/client.ts';
import { contract } from '../src/contract/index.ts';
import { startHall, type TestHall } from './harness.ts';

describe('the hall client', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await startHall();
  });
  afterAll(() => hall.close());

  const client = (token: string | undefined) => createHallClient({ baseUrl: hall.url, token, checkAnswers: true });

  it('issues, finds and calls a ticket with the contract’s shapes, path parameters and query filled in', async () => {
    const kiosk = client(hall.token('kiosk'));
    const { services } = await kiosk.call('listServices');
    const serviceCode = services[0]!.code;
    const ticket = await kiosk.call('issueTicket', { body: { serviceCode } });
    expect(ticket.status).toBe('waiting');
    const { tickets } = await kiosk.call('findTickets', { query: { number: ticket.number } });
    expect(tickets.map((t) => t.id)).toContain(ticket.id);
    const windowNo = hall.app.hall.state.config.windows.find((w) => w.services.some((s) => s.code === serviceCode))!.no;
    const counter = client(hall.token('counter', windowNo));
    const called = await counter.call('callTicket', { params: { windowNo }, body: { ticketId: ticket.id } });
    expect(called).toMatchObject({ id: ticket.id, status: 'called', windowNo });
    expect(await kiosk.call('getTicket', { params: { ticketId: ticket.id } })).toMatchObject({ status: 'called' });
  });

  it('answers nothing for a 204 (nobody waiting)', async () => {
    const windowNo = hall.app.hall.state.config.windows.at(-1)!.no;
    const counter = client(hall.token('counter', windowNo));
    for (;;) {
      const called = await counter.call('callNext', { params: { windowNo } });
      if (called === undefined) break;
      await counter.call('finishTicket', { params: { ticketId: called.id } }).catch(() => undefined);
    }
  });

  it('a refusal carries the contract’s code and details, and the retry with the same key gets the first answer', async () => {
    const kiosk = client(hall.token('kiosk'));
    const refusal = await kiosk.call('issueTicket', { body: { serviceCode: 'NO-SUCH' } }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HallRefusal);
    expect(refusal).toMatchObject({ status: 400, code: 'UNKNOWN_SERVICE' });
    const serviceCode = hall.app.hall.state.config.services[0]!.code;
    const first = await kiosk.call('issueTicket', { body: { serviceCode }, idempotencyKey: 'client-test-1' });
    const again = await kiosk.call('issueTicket', { body: { serviceCode }, idempotencyKey: 'client-test-1' });
    expect(again.id).toBe(first.id);
  });

  it('a role outside the operation is refused before the body is looked at', async () => {
    const display = client(hall.token('display'));
    await expect(display.call('issueTicket', { body: { serviceCode: 'x' } })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
    await expect(client(undefined).call('getQueue')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('a hall that cannot be reached is HallUnreachableError, and the observer hears of it', async () => {
    const heard: string[] = [];
    const gone = createHallClient({ baseUrl: 'http://127.0.0.1:9', token: 't', timeoutMs: 2000, observe: { unreachable: (e) => heard.push(e.name) } });
    await expect(gone.call('getQueue')).rejects.toBeInstanceOf(HallUnreachableError);
    expect(heard).toEqual(['HallUnreachableError']);
  });

  it('a report comes as JSON or, when asked, as a CSV file of bytes, both as the contract declares', async () => {
    const manager = client(hall.token('manager'));
    const day = hall.app.hall.state.counters.day;
    const report = await manager.call('getReport', { query: { from: day, to: day } });
    expect(report).toHaveProperty('services');
    const file = await manager.file('getReport', { query: { from: day, to: day, format: 'csv' } });
    expect(file.contentType).toBe('text/csv');
    expect(new TextDecoder().decode(file.bytes)).toContain(',');
    await expect(manager.file('getReport', { query: { from: day, to: day } })).rejects.toThrow(/answered JSON where a file was asked for/);
  });

  it('an answer outside the contract is an error, not data', async () => {
    const lying = createHallClient({
      baseUrl: 'http://hall.invalid',
      token: 't',
      checkAnswers: true,
      fetch: async () => new Response(JSON.stringify({ services: [{ code: 1 }] }), { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    await expect(lying.call('listServices')).rejects.toThrow(/listServices answered 200 outside the contract/);
  });

  it('knows every operation of the contract by the route the server serves', async () => {
    const doc = (await (await fetch(`${hall.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => `${op.operationId} ${m.toUpperCase()} ${path}`),
    );
    const known = Object.entries(contract).map(([id, op]) => `${id} ${op.method} /api/v1${op.path}`);
    expect(served.sort()).toEqual(known.sort());
  });
});
