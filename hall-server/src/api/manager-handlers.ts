/**
 * The hall manager's handlers, one per entry of contract/manager.ts: windows
 * and quotas changed live (each a recorded control), figures, forecast,
 * reports, the security log and the upstream reporter.
 */
import { findService } from '../domain/issue.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { hallDay } from '../domain/hall-time.ts';
import type { ServiceItem } from '../domain/config.ts';
import { assertKeepsAWindow } from '../domain/manager.ts';
import type { managerContract } from '../contract/manager.ts';
import type * as P from '../protocol.ts';
import { forecastFor } from '../stats/forecast-view.ts';
import { managerLive } from '../stats/manager-live.ts';
import { buildReport, reportCsv, reportHtml } from '../stats/reports.ts';
import { type AnyContext, ok, recordControl, controlRecord, run, windowAudit } from './handler-kit.ts';
import type { Handlers } from './operation.ts';
import { statsFor } from './stats.ts';
import { windowView } from './views.ts';

function quotaView(ctx: AnyContext, item: ServiceItem): P.ServiceQuota {
  const issuedToday = ctx.hall.state.counters.issuedByService[item.code] ?? 0;
  return {
    code: item.code,
    dailyQuota: item.dailyQuota,
    slotQuotas: item.slotQuotas.map((q) => ({ from: q.from, to: q.to, quota: q.quota })),
    issuedToday,
    quotaLeft: item.dailyQuota !== undefined ? Math.max(0, item.dailyQuota - issuedToday) : undefined,
  };
}

function today(ctx: AnyContext): string {
  const { config } = ctx.hall;
  return hallDay(ctx.hall.clock(), config.timeZone, config.rules.dailyResetAt);
}

export const managerHandlers: Pick<Handlers, keyof typeof managerContract> = {
  updateWindow: async (ctx) => {
    const { windowNo } = ctx.params;
    const { body } = ctx;
    const before = ctx.hall.state.windows.get(windowNo);
    if (!before) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
    // A request that would be refused anyway gets that refusal, not a confirmation question.
    for (const s of body.services ?? []) findService(ctx.hall.state, s.code);
    const left = assertKeepsAWindow(ctx.hall.state, windowNo, { state: body.state, services: body.services }, body.confirm === true);
    try {
      if (body.name !== undefined || body.services !== undefined) await run(ctx, { type: 'updateWindow', windowNo, name: body.name, services: body.services });
      const current = ctx.hall.state.windows.get(windowNo);
      if (body.state && current && body.state !== current.state) {
        if (body.state === 'open') await run(ctx, current.state === 'paused' ? { type: 'resumeWindow', windowNo } : { type: 'openWindow', windowNo });
        if (body.state === 'paused') await run(ctx, { type: 'pauseWindow', windowNo, reason: body.pauseReason ?? '' });
        if (body.state === 'closed') await run(ctx, { type: 'closeWindow', windowNo });
      }
    } finally {
      // Two commands may run; whatever of it took effect is recorded, even if the second was refused.
      const after = windowAudit(ctx.hall.state.windows.get(windowNo));
      if (JSON.stringify(after) !== JSON.stringify(windowAudit(before)))
        recordControl(ctx, 'updateWindow', `window:${windowNo}`, windowAudit(before), after, left.length > 0);
    }
    const w = ctx.hall.state.windows.get(windowNo);
    if (!w) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
    return ok(windowView(ctx.hall.state, w));
  },
  getUpstreamStatus: async (ctx) => ok({ configured: ctx.upstream !== undefined, status: ctx.upstream?.status }),
  getStats: async (ctx) => {
    const { config } = ctx.hall;
    const today = hallDay(ctx.hall.clock(), config.timeZone, config.rules.dailyResetAt);
    const from = ctx.query.from ?? today;
    const to = ctx.query.to ?? from;
    if (to < from) throw invalid('INVALID_RANGE', '`to` is before `from`');
    return ok(statsFor(ctx.hall.store, from, to));
  },
  getManagerLive: async (ctx) =>
    ok(managerLive({ state: ctx.hall.state, figures: ctx.figures.figures, history: ctx.history, seq: ctx.hall.seq, now: ctx.hall.clock() })),
  getManagerForecast: async (ctx) => ok(forecastFor({ state: ctx.hall.state, figures: ctx.figures.figures, history: ctx.history, now: ctx.hall.clock() })),
  updateServiceQuota: async (ctx) => {
    const { serviceCode } = ctx.params;
    const { body } = ctx;
    const before = ctx.hall.config.services.find((s) => s.code === serviceCode);
    if (!before) throw notFound('UNKNOWN_SERVICE', `no service ${serviceCode}`);
    const summary = (i: ServiceItem) => ({
      dailyQuota: i.dailyQuota ?? null,
      slotQuotas: i.slotQuotas.map((q) => ({ from: q.from, to: q.to, quota: q.quota })),
    });
    const after = await run<ServiceItem>(
      ctx,
      { type: 'updateServiceQuota', serviceCode, dailyQuota: body.dailyQuota, slotQuotas: body.slotQuotas },
      undefined,
      (item) => controlRecord(ctx, 'updateServiceQuota', `service:${serviceCode}`, summary(before), summary(item), false),
    );
    return ok(quotaView(ctx, after));
  },
  listAudit: async (ctx) => {
    const from = ctx.query.from ?? today(ctx);
    const to = ctx.query.to ?? from;
    if (to < from) throw invalid('INVALID_RANGE', '`to` is before `from`');
    return ok({ entries: ctx.audit.list(from, to) });
  },
  getReport: async (ctx) => {
    const q = ctx.query;
    const report = buildReport(ctx.hall.store, ctx.hall.config, q.from, q.to);
    const file = `report-${q.from}-${q.to}${q.table ? `-${q.table}` : ''}`;
    if (q.format === 'csv') {
      return {
        status: 200,
        body: reportCsv(report, q.table),
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` },
      };
    }
    if (q.format === 'html')
      return { status: 200, body: reportHtml(report, ctx.hall.config.name['zh-CN']), headers: { 'content-type': 'text/html; charset=utf-8' } };
    return ok(report);
  },
};
