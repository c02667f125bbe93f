/**
 * Reports over a range of hall days: volumes per service, window and clerk,
 * wait and service time distributions, no-show rate, ratings with reasons,
 * as JSON, CSV (UTF-8 with BOM, for Excel) or a printable HTML page. No
 * personal data: tickets are counted, clerks appear by staff number only.
 */
import type { HallConfig } from '../domain/config.ts';
import { invalid } from '../domain/errors.ts';
import type { Ticket } from '../domain/model.ts';
import type { HallStore } from '../store/hall-store.ts';
import type * as P from '../protocol.ts';

export const MAX_REPORT_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string, name: string): number {
  const m = DATE.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw invalid('INVALID_DATE', `\`${name}\` is not a date YYYY-MM-DD: ${JSON.stringify(value).slice(0, 40)}`);
  }
  return ms;
}

/** Checks a report range; returns its length in days. */
export function checkRange(from: string, to: string): number {
  const a = parseDay(from, 'from');
  const b = parseDay(to, 'to');
  if (b < a) throw invalid('INVALID_RANGE', '`to` is before `from`');
  const days = Math.round((b - a) / 86_400_000) + 1;
  if (days > MAX_REPORT_DAYS)
    throw invalid('RANGE_TOO_LONG', `a report covers at most ${MAX_REPORT_DAYS} days; this one has ${days}`, { days, max: MAX_REPORT_DAYS });
  return days;
}

/** Nearest-rank percentile of sorted values (p in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function distribution(ms: number[]): P.Distribution {
  const sorted = ms.slice().sort((a, b) => a - b);
  const s = (x: number) => Math.round(x / 1000);
  return { count: sorted.length, p50S: s(percentile(sorted, 50)), p90S: s(percentile(sorted, 90)), maxS: s(sorted[sorted.length - 1] ?? 0) };
}

type Acc = { issued: number; served: number; noShow: number; cancelled: number; wait: number[]; service: number[] };
const acc = (): Acc => ({ issued: 0, served: 0, noShow: 0, cancelled: 0, wait: [], service: [] });
const rate = (a: Acc) => (a.served + a.noShow ? Math.round((a.noShow / (a.served + a.noShow)) * 1000) / 1000 : 0);

function serviceMs(t: Ticket): number {
  return t.finishedAt! - (t.servingAt ?? t.calledAt ?? t.finishedAt!);
}

type RatingRow = { level: number; reason: string | null; staff_no: string | null };

export function buildReport(store: HallStore, config: HallConfig, from: string, to: string): P.Report {
  const days = checkRange(from, to);
  const total = acc();
  const services = new Map<string, Acc>();
  const windows = new Map<number, Acc>();
  const clerks = new Map<string, Acc>();
  const get = <K>(m: Map<K, Acc>, k: K) => m.get(k) ?? (m.set(k, acc()), m.get(k)!);
  for (const json of store.db.prepare('SELECT data FROM tickets WHERE day BETWEEN ? AND ?').pluck().iterate(from, to) as Iterable<string>) {
    const t = JSON.parse(json) as Ticket;
    const s = get(services, t.serviceCode);
    const targets = [total, s];
    if (t.windowNo !== undefined && (t.status === 'finished' || t.status === 'no-show')) targets.push(get(windows, t.windowNo));
    if (t.staffNo && (t.status === 'finished' || t.status === 'no-show')) targets.push(get(clerks, t.staffNo));
    for (const a of targets) {
      // A transfer closes one ticket and opens another with the same number: count the visitor once.
      if (!t.transferredFrom && (a === total || a === s)) {
        a.issued++;
        if (t.firstCalledAt !== undefined) a.wait.push(t.firstCalledAt - t.issuedAt);
      }
      if (t.status === 'finished') {
        a.served++;
        a.service.push(serviceMs(t));
      }
      if (t.status === 'no-show') a.noShow++;
      if (t.status === 'cancelled') a.cancelled++;
    }
  }
  const ratings = store.db.prepare('SELECT level, reason, staff_no FROM ratings WHERE day BETWEEN ? AND ?').all(from, to) as RatingRow[];
  const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const reasons = new Map<string, { level: number; reason: string; count: number }>();
  const clerkRatings = new Map<string, { count: number; sum: number }>();
  let sum = 0;
  for (const r of ratings) {
    byLevel[String(r.level)] = (byLevel[String(r.level)] ?? 0) + 1;
    sum += r.level;
    if (r.reason) {
      const key = `${r.level}\u0000${r.reason}`;
      const hit = reasons.get(key) ?? { level: r.level, reason: r.reason, count: 0 };
      hit.count++;
      reasons.set(key, hit);
    }
    if (r.staff_no) {
      const c = clerkRatings.get(r.staff_no) ?? { count: 0, sum: 0 };
      c.count++;
      c.sum += r.level;
      clerkRatings.set(r.staff_no, c);
      get(clerks, r.staff_no);
    }
  }
  const avg = (n: number, c: number) => (c ? Math.round((n / c) * 100) / 100 : 0);
  const nameOf = (code: string) => config.services.find((s) => s.code === code)?.name['zh-CN'] ?? code;
  const windowName = (no: number) => config.windows.find((w) => w.no === no)?.name ?? String(no);
  return {
    from,
    to,
    days,
    summary: {
      issued: total.issued,
      served: total.served,
      noShow: total.noShow,
      cancelled: total.cancelled,
      noShowRate: rate(total),
      wait: distribution(total.wait),
      service: distribution(total.service),
    },
    services: [...services]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, a]) => ({
        code,
        name: nameOf(code),
        issued: a.issued,
        served: a.served,
        noShow: a.noShow,
        noShowRate: rate(a),
        wait: distribution(a.wait),
        service: distribution(a.service),
      })),
    windows: [...windows]
      .sort(([a], [b]) => a - b)
      .map(([no, a]) => ({ windowNo: no, name: windowName(no), served: a.served, noShow: a.noShow, service: distribution(a.service) })),
    clerks: [...clerks]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([staffNo, a]) => {
        const r = clerkRatings.get(staffNo);
        return { staffNo, served: a.served, service: distribution(a.service), ratings: { count: r?.count ?? 0, average: avg(r?.sum ?? 0, r?.count ?? 0) } };
      }),
    ratings: { count: ratings.length, average: avg(sum, ratings.length), byLevel },
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.level - b.level || a.reason.localeCompare(b.reason)),
  };
}

// ---- tables, CSV and HTML ---------------------------------------------------

type Table = { name: (typeof P.REPORT_TABLES)[number]; title: string; header: string[]; rows: (string | number)[][] };

const dist = (d: P.Distribution) => [d.count, d.p50S, d.p90S, d.maxS];
const distHeader = (what: string) => [`${what}_count`, `${what}_p50_s`, `${what}_p90_s`, `${what}_max_s`];

export function reportTables(r: P.Report): Table[] {
  return [
    {
      name: 'summary',
      title: '汇总 Summary',
      header: [
        'from',
        'to',
        'days',
        'issued',
        'served',
        'no_show',
        'cancelled',
        'no_show_rate',
        ...distHeader('wait'),
        ...distHeader('service'),
        'ratings',
        'rating_average',
      ],
      rows: [
        [
          r.from,
          r.to,
          r.days,
          r.summary.issued,
          r.summary.served,
          r.summary.noShow,
          r.summary.cancelled,
          r.summary.noShowRate,
          ...dist(r.summary.wait),
          ...dist(r.summary.service),
          r.ratings.count,
          r.ratings.average,
        ],
      ],
    },
    {
      name: 'services',
      title: '按事项 By service',
      header: ['service_code', 'service_name', 'issued', 'served', 'no_show', 'no_show_rate', ...distHeader('wait'), ...distHeader('service')],
      rows: r.services.map((s) => [s.code, s.name, s.issued, s.served, s.noShow, s.noShowRate, ...dist(s.wait), ...dist(s.service)]),
    },
    {
      name: 'windows',
      title: '按窗口 By window',
      header: ['window_no', 'window_name', 'served', 'no_show', ...distHeader('service')],
      rows: r.windows.map((w) => [w.windowNo, w.name, w.served, w.noShow, ...dist(w.service)]),
    },
    {
      name: 'clerks',
      title: '按工作人员 By clerk',
      header: ['staff_no', 'served', ...distHeader('service'), 'ratings', 'rating_average'],
      rows: r.clerks.map((c) => [c.staffNo, c.served, ...dist(c.service), c.ratings.count, c.ratings.average]),
    },
    {
      name: 'ratings',
      title: '评价 Ratings',
      header: ['level', 'count'],
      rows: Object.entries(r.ratings.byLevel).map(([level, count]) => [Number(level), count]),
    },
    {
      name: 'reasons',
      title: '差评原因 Reasons',
      header: ['level', 'reason', 'count'],
      rows: r.reasons.map((x) => [x.level, x.reason, x.count]),
    },
  ];
}

function csvCell(v: string | number): string {
  const s = String(v);
  // A leading = + - @ would make Excel evaluate the cell: quote it as text.
  const guarded = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) || guarded !== s ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** UTF-8 with a BOM, CRLF line ends; every table as a section (a title line, a header, rows, a blank line) or just one. */
export function reportCsv(r: P.Report, only?: string): string {
  const tables = reportTables(r).filter((t) => !only || t.name === only);
  const lines: string[] = [];
  for (const t of tables) {
    if (!only) lines.push(csvCell(`# ${t.name}`));
    lines.push(t.header.map(csvCell).join(','));
    for (const row of t.rows) lines.push(row.map(csvCell).join(','));
    if (!only) lines.push('');
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

const esc = (v: string | number) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportHtml(r: P.Report, hallName: string): string {
  const sections = reportTables(r)
    .map(
      (t) => `<section><h2>${esc(t.title)}</h2>
<table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${t.rows.length ? t.rows.map((row) => `<tr>${row.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n') : `<tr><td colspan="${t.header.length}">—</td></tr>`}</tbody></table></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(hallName)} 业务报表 ${esc(r.from)} – ${esc(r.to)}</title>
<style>
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.noprint { margin: 1em 0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; }
  .noprint { display: none; }
  section { break-inside: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
</style></head>
<body><h1>${esc(hallName)} 业务报表 ${esc(r.from)} – ${esc(r.to)}（${r.days} 天）</h1>
<p class="noprint"><button onclick="window.print()">打印 Print</button></p>
${sections}
</body></html>
`;
}
