import { describe, expect, it } from 'vitest';
import { isKioskMethod, KIOSK_API, KIOSK_METHODS, kioskMethod, mayCall, type MethodRole } from './kiosk-methods.ts';
import { createKioskClient, type RpcRequest } from './rpc.ts';

describe('the kiosk API method map', () => {
  it('names every method once, in the group of the role that owns it', () => {
    expect(new Set(KIOSK_METHODS).size).toBe(KIOSK_METHODS.length);
    for (const [role, entries] of Object.entries(KIOSK_API) as [MethodRole, object][]) {
      for (const name of Object.keys(entries)) expect(kioskMethod(name)).toMatchObject({ name, role });
    }
  });

  it('allows only its own methods over a carrier, never an inherited name', () => {
    expect(isKioskMethod('issueTicket')).toBe(true);
    expect(isKioskMethod('__proto__')).toBe(false);
    expect(isKioskMethod('toString')).toBe(false);
    expect(isKioskMethod(42)).toBe(false);
  });

  it('a terminal may call the common methods and its own role’s, no other role’s', () => {
    expect(mayCall('ticket', 'info')).toBe(true);
    expect(mayCall('ticket', 'issueTicket')).toBe(true);
    expect(mayCall('ticket', 'callNext')).toBe(false);
    expect(mayCall('ticket', 'submitFiling')).toBe(false);
    expect(mayCall('counter', 'callNext')).toBe(true);
    expect(mayCall('counter', 'issueTicket')).toBe(false);
    expect(mayCall('filing', 'submitFiling')).toBe(true);
    expect(mayCall('filing', 'grantStaff')).toBe(false);
  });

  it('the client sends every method of the map under its own name, leaving out optional parameters not given', () => {
    const sent: RpcRequest[] = [];
    const api = createKioskClient({ send: (m) => void sent.push(m), onMessage: () => {} }, { timeoutMs: 10 });
    for (const method of KIOSK_METHODS) void (api[method] as (...p: unknown[]) => Promise<unknown>)('x', undefined).catch(() => {});
    void api.startService().catch(() => {});
    expect(sent.map((m) => m.method)).toEqual([...KIOSK_METHODS, 'startService']);
    expect(sent.every((m, i) => (i < KIOSK_METHODS.length ? m.params.length === 1 : m.params.length === 0))).toBe(true);
  });
});
