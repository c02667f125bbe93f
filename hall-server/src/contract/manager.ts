/**
 * The hall manager's operations: live figures and the forecast, windows and
 * quotas changed live, statistics, reports, the security log and the
 * upstream reporter's state.
 */
import { z } from 'zod';
import * as P from '../protocol.ts';
import { defineContract, routesOf, type OperationDetails } from './define.ts';
import { WINDOW_STATE } from './queue.ts';

const manager = routesOf('manager');

/** A range of hall days (from, to) with a day that is not a date, or that runs backwards. */
const DAY_RANGE = ['INVALID_DATE', 'INVALID_RANGE'] as const;

/** A read over a range of hall days, today unless the query says otherwise. */
const overDays = <const D extends Omit<OperationDetails, 'query' | 'errors'>>(path: string, details: D) =>
  manager.get(path, { ...details, query: P.DayRangeQuery, errors: DAY_RANGE });

export const managerContract = defineContract({
  updateWindow: manager.patch('/windows/{windowNo}', {
    summary: "Change a window's name, services and weights, or state, live (recorded in the audit log; 409 LAST_WINDOW_FOR_SERVICE unless confirm)",
    roles: ['manager'],
    body: P.UpdateWindowRequest,
    responses: {
      200: { description: 'The window after the change', schema: P.Window },
      409: { description: 'LAST_WINDOW_FOR_SERVICE: details.services would have no open window; send confirm: true' },
    },
    errors: [...WINDOW_STATE, 'UNKNOWN_SERVICE', 'SERVICES_REQUIRED', 'DUPLICATE_SERVICE'],
  }),
  getUpstreamStatus: manager.get('/upstream', {
    summary: 'The upstream reporter: configured or not, its state and its backlog',
    roles: ['manager'],
    responses: { 200: { description: 'Upstream state', schema: z.object({ configured: z.boolean(), status: P.UpstreamStatus.optional() }) } },
  }),
  getStats: overDays('/stats', {
    summary: 'Volumes, waits, service times and ratings for a range of hall days',
    roles: ['manager'],
    responses: { 200: { description: 'Figures', schema: P.Stats } },
  }),
  getManagerLive: manager.get('/manager/live', {
    summary:
      "The manager wall's live figures: per service and window, hourly against yesterday and last week, ratings, SLA alerts (also pushed as manager:live)",
    roles: ['manager'],
    responses: { 200: { description: 'Live figures', schema: P.ManagerLive } },
  }),
  getManagerForecast: manager.get('/manager/forecast', {
    summary: 'Expected arrivals per hour for the rest of today per service, and the windows each needs to keep its wait under target (Erlang C)',
    roles: ['manager'],
    responses: { 200: { description: 'Forecast', schema: P.ManagerForecast } },
  }),
  updateServiceQuota: manager.patch('/services/{serviceCode}/quota', {
    summary: "Change a service's daily and/or slot quotas, effective at once (recorded in the audit log)",
    roles: ['manager'],
    body: P.UpdateServiceQuotaRequest,
    responses: { 200: { description: 'The quotas now', schema: P.ServiceQuota } },
    errors: ['UNKNOWN_SERVICE'],
  }),
  listAudit: overDays('/audit', {
    summary: 'Manager controls recorded over a range of hall days: who, when, what, before and after',
    roles: ['manager'],
    responses: { 200: { description: 'Entries, oldest first', schema: P.AuditList } },
  }),
  getReport: manager.get('/reports', {
    summary:
      'Report for a range of hall days (at most 366): volumes per service, window and clerk, wait and service time p50/p90/max, no-show rate, ratings with reasons; as JSON, CSV (UTF-8 with BOM) or a printable page',
    roles: ['manager'],
    query: P.ReportQuery,
    responses: {
      200: {
        description: 'The report: JSON, or text/csv (format=csv, one section per table unless table=…), or text/html (format=html)',
        schema: P.Report,
        raw: ['text/csv', 'text/html'],
      },
      400: { description: 'INVALID_DATE, INVALID_RANGE (to before from) or RANGE_TOO_LONG (more than 366 days)' },
    },
    errors: [...DAY_RANGE, 'RANGE_TOO_LONG'],
  }),
});
