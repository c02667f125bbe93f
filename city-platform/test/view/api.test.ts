/**
 * The city platform's API over real HTTP on loopback, through the client
 * derived from the contract, over the fake city: who may call what, what bad
 * input gets, what public callers share, and how fast one address may ask.
 */
import { describe, expect, it } from 'vitest';
import { CityRefusal, type CallInput } from '../../src/api/client.ts';
import { contract, type OperationId } from '../../src/api/contract.ts';
import { ROUTES } from '../../src/api/routes.ts';
import { OPERATOR_TOKEN, SERVICES } from './fake-city.ts';
import { startCity } from './city-server.ts';

const INPUTS: { [K in OperationId]: CallInput<K> } = {
  listHalls: {},
  getHall: { params: { hallId: '330106-ZWFW-01' } },
  listBadRatings: { query: { limit: 10 } },
  listServices: {},
  findShortest: { query: { serviceCode: SERVICES.passport.code } },
};

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof CityRefusal) return err.status;
    throw err;
  }
}

describe('who may call what', () => {
  const table = (Object.keys(ROUTES) as OperationId[]).map((id) => [id, ROUTES[id].access] as const);

  it.each(table)('%s (%s): no token, a wrong token and an operator token', async (id, access) => {
    const city = await startCity();
    const call = (token?: string) => (city.client(token).call as (id: OperationId, input: unknown) => Promise<unknown>)(id, INPUTS[id]);
    const expected = access === 'operator' ? [401, 401, 200] : [200, 200, 200];
    expect([await statusOf(call()), await statusOf(call('op-not-a-real-token')), await statusOf(call(OPERATOR_TOKEN))]).toEqual(expected);
    // Every answer fits the contract's own schema.
    const answer = await (city.client(OPERATOR_TOKEN).call as (id: OperationId, input: unknown) => Promise<unknown>)(id, INPUTS[id]);
    expect(contract[id].response.safeParse(answer).success).toBe(true);
  });

  it('an operator sees every hall with its figures, SLA state and device alarms', async () => {
    const city = await startCity();
    const { halls } = await city.client(OPERATOR_TOKEN).call('listHalls');
    expect(halls.map((h) => [h.name, h.online, h.waiting, h.slaState, h.deviceAlarms])).toEqual([
      ['西湖区政务服务中心', true, 23, 'warn', 0],
      ['上城区市民之家', true, 57, 'breach', 2],
      ['拱墅区行政服务中心', false, 4, 'ok', 1],
      ['滨江区政务服务中心', true, 6, 'ok', 0],
    ]);
  });

  it("an operator drills into a hall: its services, today's hours and its device alarms; an unknown hall is HALL_NOT_FOUND", async () => {
    const city = await startCity();
    const client = city.client(OPERATOR_TOKEN);
    const detail = await client.call('getHall', { params: { hallId: '330102-ZWFW-01' } });
    expect(detail.services.map((s) => s.code)).toEqual([SERVICES.passport.code, SERVICES.residence.code, SERVICES.pension.code]);
    expect(detail.hourly).toHaveLength(4);
    expect(detail.alarms.map((a) => a.code)).toEqual(['PAPER_OUT', 'DISCONNECTED']);
    const missing = await client.call('getHall', { params: { hallId: '330199-ZWFW-09' } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'HALL_NOT_FOUND' });
  });

  it('bad ratings are listed newest first, for the city or for one hall', async () => {
    const city = await startCity();
    const client = city.client(OPERATOR_TOKEN);
    const all = await client.call('listBadRatings');
    expect(all.ratings.map((r) => r.level)).toEqual([1, 2, 2]);
    const one = await client.call('listBadRatings', { query: { hallId: '330102-ZWFW-01', limit: 1 } });
    expect(one.ratings).toEqual([expect.objectContaining({ hallId: '330102-ZWFW-01', reason: '等候时间太长，窗口只开了两个' })]);
  });

  it('the shortest queue for a service lists online halls only, shortest estimated wait first, without a token', async () => {
    const city = await startCity();
    const { halls } = await city.client().call('findShortest', { query: { serviceCode: SERVICES.passport.code } });
    // 拱墅 offers passports too, but is offline.
    expect(halls.map((h) => [h.name, h.estimatedWaitMinutes])).toEqual([
      ['滨江区政务服务中心', 5],
      ['西湖区政务服务中心', 18],
      ['上城区市民之家', 46],
    ]);
    expect(Object.keys(halls[0]!).sort()).toEqual(['estimatedWaitMinutes', 'hallId', 'name', 'waiting', 'windowsOpen']);
  });
});

describe('bad input', () => {
  it.each([
    ['no service code', '/api/v1/shortest'],
    ['an empty service code', '/api/v1/shortest?serviceCode='],
    ['a service code of 65 characters', `/api/v1/shortest?serviceCode=${'A'.repeat(65)}`],
    ['a service code with a path in it', '/api/v1/shortest?serviceCode=..%2F..%2Fetc'],
    ['a service code with SQL in it', "/api/v1/shortest?serviceCode=1'%20OR%20'1'='1"],
    ['a limit of 0', '/api/v1/ratings?limit=0'],
    ['a limit over 200', '/api/v1/ratings?limit=201'],
    ['a limit that is not a number', '/api/v1/ratings?limit=many'],
    ['a hall id with a wildcard', '/api/v1/halls/hall%2B1'],
  ])('%s is refused with 400 INVALID_REQUEST, before the read model is asked', async (_what, path) => {
    const city = await startCity();
    const res = await fetch(city.url + path, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toMatch(/^(query|path)\.(serviceCode|limit|hallId)/);
    expect(city.read.calls.shortest + city.read.calls.badRatings + city.read.calls.hall).toBe(0);
  });

  it('a bad request without a token is answered 401, not 400: it learns nothing about validity', async () => {
    const city = await startCity();
    const res = await fetch(`${city.url}/api/v1/ratings?limit=many`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('an unknown route is 404 NOT_FOUND; a failing read model is 500 INTERNAL with nothing of the failure in the answer', async () => {
    const city = await startCity();
    const unknown = await fetch(`${city.url}/api/v1/tickets`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    city.read.failing = true;
    const res = await fetch(`${city.url}/api/v1/halls`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(text).not.toMatch(/select|store/i);
  });
});

describe('public answers are shared for a short time', () => {
  it('50 phones asking for one service at once cost one read; the answer may be kept 2 s; after 2 s it is read again', async () => {
    const city = await startCity();
    const path = `${city.url}/api/v1/shortest?serviceCode=${SERVICES.passport.code}`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(path)));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(city.read.calls.shortest).toBe(1);
    expect(answers[0]!.headers.get('cache-control')).toBe('public, max-age=2');

    // Still within the 2 s: no read, whatever the caller adds to the address.
    city.clock.advance(1999);
    await fetch(`${path}&_=${Date.now()}`);
    expect(city.read.calls.shortest).toBe(1);
    // Another service is its own read.
    await fetch(`${city.url}/api/v1/shortest?serviceCode=${SERVICES.residence.code}`);
    expect(city.read.calls.shortest).toBe(2);

    city.read.update('330108-ZWFW-01', { online: false });
    city.clock.advance(1);
    const after = (await (await fetch(path)).json()) as { halls: { name: string }[] };
    expect(city.read.calls.shortest).toBe(3);
    expect(after.halls.map((h) => h.name)).not.toContain('滨江区政务服务中心');
  });

  it('the list of services is shared the same way; operator answers are never kept by anyone', async () => {
    const city = await startCity();
    await Promise.all(Array.from({ length: 50 }, () => city.client().call('listServices')));
    expect(city.read.calls.services).toBe(1);
    const res = await fetch(`${city.url}/api/v1/halls`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('a failed read is not kept: the next caller reads again', async () => {
    const city = await startCity();
    city.read.failing = true;
    expect(await statusOf(city.client().call('listServices'))).toBe(500);
    city.read.failing = false;
    expect(await statusOf(city.client().call('listServices'))).toBe(200);
    expect(city.read.calls.services).toBe(2);
  });
});

describe('rate limit per address', () => {
  it('past its burst an address gets 429 RATE_LIMITED with Retry-After; another address is still served; a second later it is served again', async () => {
    const city = await startCity({ rateLimit: { burst: 5, perSecond: 1 } });
    const ask = (address: string) =>
      city.http.app.inject({ method: 'GET', url: `/api/v1/shortest?serviceCode=${SERVICES.passport.code}`, remoteAddress: address });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await ask('203.0.113.7')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await ask('203.0.113.7');
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'too many requests from this address' } });
    expect((await ask('198.51.100.20')).statusCode).toBe(200);
    city.clock.advance(1000);
    expect((await ask('203.0.113.7')).statusCode).toBe(200);
  });

  it('guessing operator tokens draws from the same bucket: the 429 comes before the token is even checked', async () => {
    const city = await startCity({ rateLimit: { burst: 3, perSecond: 0.5 } });
    const guess = async (i: number) =>
      (await city.http.app.inject({ method: 'GET', url: '/api/v1/halls', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer guess-${i}` } }))
        .statusCode;
    expect([await guess(1), await guess(2), await guess(3), await guess(4)]).toEqual([401, 401, 401, 429]);
    const refused = await city.http.app.inject({ method: 'GET', url: '/api/v1/halls', remoteAddress: '203.0.113.9' });
    expect(refused.headers['retry-after']).toBe('2');
  });
});

describe('the OpenAPI document', () => {
  it('lists every operation of the contract with its operationId, path, parameters and who may call it', async () => {
    const city = await startCity();
    const res = await fetch(`${city.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(listed.map((l) => l.op.operationId).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const { path, method, op } of listed) {
      const route = ROUTES[op.operationId as OperationId];
      expect(path).toBe(`/api/v1${route.path}`);
      expect(method).toBe('get');
      expect(op.security).toEqual(route.access === 'operator' ? [{ operator: [] }] : []);
      expect(Object.keys(op.responses)).toContain('200');
      expect(Object.keys(op.responses).includes('401')).toBe(route.access === 'operator');
    }
    const shortest = listed.find((l) => l.op.operationId === 'findShortest')!.op;
    expect(shortest.parameters).toEqual([expect.objectContaining({ name: 'serviceCode', in: 'query', required: true })]);
    expect(shortest.parameters[0].schema).toMatchObject({ maxLength: 64 });
  });
});

describe('pages', () => {
  it('without a build, the pages answer 503 saying to run npm run build, under the security headers', async () => {
    const city = await startCity();
    for (const path of ['/', '/shortest/']) {
      const res = await fetch(city.url + path);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
