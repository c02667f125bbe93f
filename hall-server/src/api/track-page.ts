/**
 * The pages a visitor's phone opens from the QR code on a ticket or a filing
 * receipt: `/track/A012?t=<ticket id>` and `/track/filing/<tracking code>`.
 *
 * They need no token: the ticket id (UUIDv7 with 74 random bits) and the
 * tracking code (55 random bits) are the capability, and the pages show
 * nothing personal — number, service, place in the queue, status. They are
 * rendered on the server as one small HTML document that refreshes itself,
 * so they work on any phone browser without loading the kiosk's scripts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Hall } from '../hall.ts';
import type { Ticket } from '../domain/model.ts';
import type { FilingSummary } from '../protocol.ts';
import { ticketView } from './views.ts';

/** What the filing page shows: the masked summary, as `getFiling` gives a kiosk. */
export type FilingTrack = Pick<FilingSummary, 'trackingCode' | 'serviceName' | 'status' | 'submittedAt' | 'dueDate' | 'returnReason'>;

export type TrackPageSources = {
  hall: Hall;
  /** Looks a filing up by a code that has passed its checksum; undefined when there is none. */
  findFiling?: (code: string) => FilingTrack | undefined;
  /** Normalises typed codes (case, hyphens, I/L/O); null when the checksum fails. */
  parseTrackingCode?: (text: string) => string | null;
};

const REFRESH_S = 15;

const TICKET_STATUS: Record<string, string> = {
  waiting: '等候中',
  called: '已叫号，请到窗口办理',
  serving: '办理中',
  finished: '已办结',
  'no-show': '已过号，请到服务台',
  transferred: '已转办',
  cancelled: '已取消',
};

const FILING_STATUS: Record<string, string> = {
  submitted: '已提交，待窗口受理',
  accepted: '已受理',
  'in-review': '审核中',
  done: '已办结',
  returned: '已退回，请补正材料',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(reply: FastifyReply, status: number, title: string, rows: [string, string][], note?: string): FastifyReply {
  const body = rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_S}"><title>${escapeHtml(title)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;padding:1rem;background:#f4f6f9;color:#1d2733}h1{font-size:1.4rem}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px}th,td{padding:.6rem;border-bottom:1px solid #e3e7ee;text-align:left}
th{color:#5b6777;font-weight:normal;width:40%}p{color:#5b6777}</style>
<h1>${escapeHtml(title)}</h1><table>${body}</table>${note ? `<p>${escapeHtml(note)}</p>` : ''}<p>本页每 ${REFRESH_S} 秒自动刷新。</p></html>`;
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function findTicket(hall: Hall, number: string, query: { t?: string; d?: string }): Ticket | undefined {
  if (query.t) {
    const t = hall.state.tickets.get(query.t);
    return t && t.number === number ? t : undefined;
  }
  // Tickets issued offline carry their day instead of an id: the number is the only key they had.
  if (query.d && query.d === hall.state.counters.day) {
    let found: Ticket | undefined;
    for (const t of hall.state.tickets.values()) if (t.number === number && (!found || t.issuedAt > found.issuedAt)) found = t;
    return found;
  }
  return undefined;
}

export function registerTrackPages(app: FastifyInstance, sources: TrackPageSources): void {
  const { hall } = sources;
  app.get<{ Params: { code: string } }>('/track/filing/:code', async (req, reply) => {
    const code = sources.parseTrackingCode?.(req.params.code) ?? null;
    if (!code) return page(reply, 400, '受理编号有误', [['受理编号', req.params.code.slice(0, 20)]], '请核对回执上的受理编号。');
    const filing = sources.findFiling?.(code);
    if (!filing) return page(reply, 404, '未找到申报', [['受理编号', code]], '在自助申报机离线时提交的申报，联网后才能查到。');
    const rows: [string, string][] = [
      ['受理编号', filing.trackingCode],
      ['办理事项', filing.serviceName['zh-CN']],
      ['办理状态', FILING_STATUS[filing.status] ?? filing.status],
      ['提交时间', hallClock(hall, filing.submittedAt)],
    ];
    if (filing.dueDate) rows.push(['承诺办结', filing.dueDate]);
    if (filing.returnReason) rows.push(['退回原因', filing.returnReason]);
    return page(reply, 200, '申报办理进度', rows);
  });

  app.get<{ Params: { number: string }; Querystring: { t?: string; d?: string } }>('/track/:number', async (req, reply) => {
    const t = findTicket(hall, req.params.number, req.query);
    if (!t) return page(reply, 404, '未找到号码', [['号码', req.params.number.slice(0, 8)]], '号码只在当天有效。');
    const v = ticketView(hall.state, t, hall.clock(), { withIdentity: false });
    const rows: [string, string][] = [
      ['号码', v.number],
      ['办理事项', v.serviceName?.['zh-CN'] ?? v.serviceCode],
      ['状态', TICKET_STATUS[v.status] ?? v.status],
    ];
    if (v.status === 'waiting') {
      rows.push(['前面等候', `${v.waitingAhead} 人`], ['预计等候', `约 ${v.estimatedWaitMinutes} 分钟`]);
    }
    if (v.windowNo !== undefined && (v.status === 'called' || v.status === 'serving')) rows.push(['窗口', `${v.windowNo} 号窗口`]);
    return page(reply, 200, '排队进度', rows);
  });
}

function hallClock(hall: Hall, iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: hall.config.timeZone, hour12: false });
}
