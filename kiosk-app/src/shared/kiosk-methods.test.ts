import { describe, expect, it } from 'vitest';
import { isKioskMethod, KIOSK_API, KIOSK_METHODS, kioskMethod, mayCall, type KioskMethod, type MethodRole } from './kiosk-methods.ts';
import type { KioskRole } from './kiosk-api.ts';
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

  it.each<[KioskRole, KioskMethod, boolean]>([
    ['ticket', 'info', true],
    ['ticket', 'issueTicket', true],
    ['ticket', 'callNext', false],
    ['ticket', 'submitFiling', false],
    ['counter', 'callNext', true],
    ['counter', 'issueTicket', false],
    ['filing', 'submitFiling', true],
    ['filing', 'grantStaff', false],
  ])('a terminal may call the common methods and its own role’s, no other role’s: %s, %s → %s', (role, method, may) => {
    expect(mayCall(role, method)).toBe(may);
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

describe('the parameters a method takes, as the device host holds a call to them', () => {
  const accepts = (method: KioskMethod, params: unknown[]) => kioskMethod(method)!.params.safeParse(params).success;
  const submit = { serviceCode: 'S', form: { shopName: '小吃店' }, materials: [], keepForReuse: false, reuseConsent: false };

  it.each<[KioskMethod, unknown[]]>([
    ['info', []],
    ['grantStaff', ['7001', '5791']],
    ['startService', []],
    ['startService', ['t-1']],
    ['updateFiling', ['0000-0000-0000', 'returned', '缺材料']],
    ['issueTicket', [{ serviceCode: 'S', withCard: true, greenChannel: 'military' }]],
    ['transferTicket', [{ toWindowNo: 3, note: '转窗口' }]],
    ['stagePage', [{ materialId: 'm1', contentType: 'application/pdf', dataBase64: 'JVBERg==' }]],
    [
      'submitFiling',
      [
        {
          ...submit,
          materials: [
            { materialId: 'a', pageIds: ['p'] },
            { materialId: 'b', reuse: 'm' },
          ],
          takeTicket: true,
        },
      ],
    ],
  ])('%s takes %j', (method, params) => {
    expect(accepts(method, params)).toBe(true);
  });

  it.each<[KioskMethod, unknown[]]>([
    ['info', ['x']],
    ['staffLogin', []],
    ['staffLogin', [2468]],
    ['grantStaff', ['7001']],
    ['startService', [42]],
    ['updateFiling', ['0000-0000-0000', 'submitted']],
    ['issueTicket', ['S']],
    ['issueTicket', [{ serviceCode: '' }]],
    ['issueTicket', [{ serviceCode: 'S', greenChannel: 'vip' }]],
    ['transferTicket', [{ toWindowNo: '3' }]],
    ['stagePage', [{ materialId: 'm1', contentType: 'image/gif', dataBase64: 'R0lG' }]],
    ['submitFiling', [undefined]],
    ['submitFiling', [{ serviceCode: 'S' }]],
    ['submitFiling', [{ ...submit, keepForReuse: 'yes' }]],
    ['submitFiling', [{ ...submit, form: { phone: 13800138000 } }]],
    ['submitFiling', [{ ...submit, materials: [{ materialId: 'a' }] }]],
    ['submitFiling', [{ ...submit, materials: [{ materialId: 'a', pageIds: [1] }] }]],
    ['submitFiling', [{ ...submit, materials: [{ materialId: 'a', reuse: '' }] }]],
  ])('%s refuses %j', (method, params) => {
    expect(accepts(method, params)).toBe(false);
  });
});
