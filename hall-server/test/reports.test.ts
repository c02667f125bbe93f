import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, startHall, type TestClient, type TestHall } from './harness.ts';

const HJ1 = '330106-HJ-001';
const S = 1000;

describe('reports over a range of hall days', () => {
  let hall: TestHall;
  let manager: TestClient;

  beforeAll(async () => {
    hall = await startHall({ clock: () => Date.parse('2025-03-12T01:00:00Z') });
    manager = hall.client(hall.token('manager'));
    const db = hall.app.store.db;
    const insert = db.prepare('INSERT INTO tickets (day, id, number, service_code, status, issued_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const base = Date.parse('2025-03-10T01:00:00Z');
    // Ten served visitors who waited 10 … 100 s and were served 60 … 600 s, by clerk S01 at window 1; two no-shows.
    for (let i = 1; i <= 10; i++) {
      const issuedAt = base + i * 3_600 * S;
      const t = {
        id: `t${i}`,
        day: '2025-03-10',
        number: `A${String(i).padStart(3, '0')}`,
        serviceCode: HJ1,
        source: 'kiosk',
        status: 'finished',
        issuedAt,
        firstCalledAt: issuedAt + i * 10 * S,
        calledAt: issuedAt + i * 10 * S,
        servingAt: issuedAt + i * 10 * S,
        finishedAt: issuedAt + i * 10 * S + i * 60 * S,
        windowNo: 1,
        staffNo: 'S01',
      };
      insert.run(t.day, t.id, t.number, t.serviceCode, t.status, t.issuedAt, JSON.stringify(t));
    }
    for (let i = 11; i <= 12; i++) {
      const t = {
        id: `t${i}`,
        day: '2025-03-11',
        number: `A0${i}`,
        serviceCode: HJ1,
        source: 'kiosk',
        status: 'no-show',
        issuedAt: base,
        firstCalledAt: base + 100 * S,
        windowNo: 1,
        staffNo: 'S01',
      };
      insert.run(t.day, t.id, t.number, t.serviceCode, t.status, t.issuedAt, JSON.stringify(t));
    }
    const rate = db.prepare('INSERT INTO ratings (ticket_id, day, service_code, window_no, staff_no, level, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    rate.run('t1', '2025-03-10', HJ1, 1, 'S01', 5, null, base);
    rate.run('t2', '2025-03-10', HJ1, 1, 'S01', 1, '等候时间太长', base);
    rate.run('t3', '2025-03-10', HJ1, 1, 'S01', 2, '等候时间太长', base);
    rate.run('t4', '2025-03-10', HJ1, 1, 'S01', 1, '=HYPERLINK("x")', base);
  });
  afterAll(() => hall.close());

  /** The report as JSON: asked for without a format, it comes as data, not as a file. */
  async function reportOf(from: string, to: string) {
    const answer = await manager.call('getReport', { query: { from, to } });
    if ('bytes' in answer) throw new Error('the report came as a file, not JSON');
    return answer;
  }

  it('gives p50, p90 and max of waits and service times, no-show rate, per service, window and clerk', async () => {
    const r = await reportOf('2025-03-10', '2025-03-11');
    expect(r.days).toBe(2);
    expect(r.summary).toMatchObject({ issued: 12, served: 10, noShow: 2, noShowRate: 0.167 });
    expect(r.summary.wait).toEqual({ count: 12, p50S: 60, p90S: 100, maxS: 100 });
    expect(r.summary.service).toEqual({ count: 10, p50S: 300, p90S: 540, maxS: 600 });
    expect(r.services).toEqual([expect.objectContaining({ code: HJ1, issued: 12, served: 10 })]);
    expect(r.windows).toEqual([expect.objectContaining({ windowNo: 1, served: 10, noShow: 2 })]);
    expect(r.clerks).toEqual([expect.objectContaining({ staffNo: 'S01', served: 10, ratings: { count: 4, average: 2.25 } })]);
    expect(r.ratings).toMatchObject({ count: 4, byLevel: { '1': 2, '2': 1, '5': 1 } });
    expect(r.reasons[0]).toEqual({ level: 1, reason: '=HYPERLINK("x")', count: 1 });
    expect(r.reasons).toContainEqual({ level: 2, reason: '等候时间太长', count: 1 });
    const oneDay = await reportOf('2025-03-11', '2025-03-11');
    expect(oneDay.summary).toMatchObject({ issued: 2, served: 0, noShowRate: 1 });
  });

  it('exports CSV as UTF-8 with a BOM, one section per table, or one table with its columns', async () => {
    const res = await fetch(`${hall.url}/api/v1/reports?from=2025-03-10&to=2025-03-11&format=csv`, {
      headers: { authorization: `Bearer ${hall.token('manager')}` },
    });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    for (const t of ['summary', 'services', 'windows', 'clerks', 'ratings', 'reasons']) expect(text).toContain(`# ${t}\r\n`);
    expect(text).toContain('户籍');
    // A reason that looks like a formula is kept as text.
    expect(text).toContain(`1,"'=HYPERLINK(""x"")",1`);

    const one = await fetch(`${hall.url}/api/v1/reports?from=2025-03-10&to=2025-03-11&format=csv&table=services`, {
      headers: { authorization: `Bearer ${hall.token('manager')}` },
    });
    const lines = (await one.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'service_code,service_name,issued,served,no_show,no_show_rate,wait_count,wait_p50_s,wait_p90_s,wait_max_s,service_count,service_p50_s,service_p90_s,service_max_s',
    );
    expect(lines[1]!.split(',').slice(0, 6)).toEqual([HJ1, expect.stringContaining('户'), '12', '10', '2', '0.167']);
    expect(lines).toHaveLength(2);
  });

  it('serves a printable page', async () => {
    const res = await fetch(`${hall.url}/api/v1/reports?from=2025-03-10&to=2025-03-10&format=html`, {
      headers: { authorization: `Bearer ${hall.token('manager')}` },
    });
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('@media print');
    expect(html).toContain('按事项 By service');
    expect(html).not.toContain('=HYPERLINK("x")');
  });

  it('refuses bad ranges with a clear code', async () => {
    const code = async (from: string, to: string) => {
      const refused = await refusal(manager.call('getReport', { query: { from, to } }));
      expect(refused.status, `${from} … ${to}`).toBe(400);
      return refused.code;
    };
    expect(await code('2025-03-11', '2025-03-10')).toBe('INVALID_RANGE');
    expect(await code('2025-02-30', '2025-03-10')).toBe('INVALID_DATE');
    expect(await code('yesterday', '2025-03-10')).toBe('INVALID_DATE');
    expect(await code('2024-01-01', '2025-01-01')).toBe('RANGE_TOO_LONG');
    const noFrom = await hall.api(hall.token('manager')).get('/api/v1/reports?to=2025-03-10');
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error.code).toBe('INVALID_REQUEST');
    await expect(reportOf('2024-01-01', '2024-12-31')).resolves.toBeDefined();
  });
});
