import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/protocol.ts';
import { startHall, type TestHall } from './harness.ts';

type Doc = { paths: Record<string, Record<string, { operationId: string; 'x-roles': Role[] }>> };

const REQUIRED = [
  'listServices',
  'issueTicket',
  'getTicket',
  'getQueue',
  'callNext',
  'recallTicket',
  'skipTicket',
  'reactivateTicket',
  'callTicket',
  'transferTicket',
  'finishTicket',
  'pauseWindow',
  'resumeWindow',
  'rateTicket',
  'createAppointment',
  'checkInAppointment',
  'updateWindow',
  'getStats',
  'submitFiling',
  'getFiling',
];

const SOME_SHA256 = 'ab'.repeat(32);

describe('authorisation over the whole OpenAPI document', () => {
  let hall: TestHall;
  let doc: Doc;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    hall = await startHall();
    for (const role of ROLES) tokens.set(role, hall.token(role, role === 'counter' ? 1 : undefined));
    doc = (await (await fetch(`${hall.url}/api/openapi.json`)).json()) as Doc;
  });
  afterAll(() => hall.close());

  it('serves an OpenAPI 3.1 document without a token, with every operation the contract names', async () => {
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
    for (const id of REQUIRED) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation its x-roles and names path parameters as the contract does', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const op of Object.values(methods)) {
        expect(op['x-roles'].length, op.operationId).toBeGreaterThan(0);
        for (const role of op['x-roles']) expect(ROLES).toContain(role);
      }
      for (const param of path.match(/\{(\w+)\}/g) ?? [])
        expect(['{windowNo}', '{ticketId}', '{leaseId}', '{serviceCode}', '{trackingCode}', '{sha256}']).toContain(param);
    }
  });

  it('answers 403 to every role outside an operation’s x-roles, whatever it sends, and changes nothing', async () => {
    const seqBefore = hall.app.hall.seq;
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const concrete = path
        .replace('{windowNo}', '1')
        .replace('{ticketId}', 'no-such-ticket')
        .replace('{serviceCode}', 'no-such-service')
        .replace('{trackingCode}', 'BAD-CODE')
        .replace('{sha256}', SOME_SHA256);
      for (const [method, op] of Object.entries(methods)) {
        for (const role of ROLES.filter((r) => !op['x-roles'].includes(r))) {
          for (const body of [undefined, '{"garbage":', { level: 99, serviceCode: 7 }]) {
            const res = await fetch(hall.url + concrete, {
              method: method.toUpperCase(),
              headers: { authorization: `Bearer ${tokens.get(role)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
              body: method === 'get' || body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
            });
            expect(res.status, `${role} ${method} ${path}`).toBe(403);
            expect(((await res.json()) as any).error.code).toBe('FORBIDDEN_ROLE');
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(hall.app.hall.seq).toBe(seqBefore);
  });

  it('refuses an upload without a token (401) or of the wrong role (403) before its type or size is looked at', async () => {
    const url = `${hall.url}/api/v1/filing-files/${SOME_SHA256}`;
    const gif = { method: 'PUT', headers: { 'content-type': 'image/gif' }, body: 'GIF89a' };
    const anonymous = await fetch(url, gif);
    expect(anonymous.status).toBe(401);
    const display = await fetch(url, { ...gif, headers: { ...gif.headers, authorization: `Bearer ${tokens.get('display')}` } });
    expect(display.status).toBe(403);
    const huge = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${tokens.get('counter')}` },
      body: new Uint8Array(6 * 1024 * 1024),
    });
    expect(huge.status).toBe(403);
    expect(((await huge.json()) as any).error.code).toBe('FORBIDDEN_ROLE');
  });
});
