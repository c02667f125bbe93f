import { describe, expect, it } from 'vitest';
import { hallPerTest } from './per-test.ts';

describe('the phone page behind a ticket’s QR code', () => {
  const hall = hallPerTest();

  function issue(idNumber?: string) {
    return hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: '330106-HJ-001', ...(idNumber ? { idNumber, name: '张三' } : {}) } });
  }

  it('shows the number, the people ahead and the wait, without a token and without the holder', async () => {
    await issue();
    const t = await issue('110105199003070033');
    const res = await fetch(`${hall.url}/track/${t.number}?t=${t.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(t.number);
    expect(html).toContain('前面等候');
    expect(html).toMatch(/1 人/);
    expect(html).not.toContain('张');
    expect(html).not.toContain('110105199003070033');
    expect(html).not.toContain('19900307');
  });

  it('tells the phone where to go once the ticket is called', async () => {
    const t = await issue();
    const counter = hall.client(hall.token('counter', 1));
    expect(await counter.call('callNext', { params: { windowNo: 1 } })).toBeDefined();
    const html = await (await fetch(`${hall.url}/track/${t.number}?t=${t.id}`)).text();
    expect(html).toContain('1 号窗口');
  });

  it('finds nothing for a number with someone else’s id, or with no key at all', async () => {
    const a = await issue();
    const b = await issue();
    expect((await fetch(`${hall.url}/track/${a.number}?t=${b.id}`)).status).toBe(404);
    expect((await fetch(`${hall.url}/track/${a.number}`)).status).toBe(404);
  });

  it('escapes what it echoes back', async () => {
    const res = await fetch(`${hall.url}/track/${encodeURIComponent('<b>x')}?t=nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<b>');
  });
});
