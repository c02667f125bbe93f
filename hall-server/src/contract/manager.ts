/**
 * The hall manager's operations: live figures and the forecast, windows and
 * quotas changed live, statistics, reports, the security log and the
 * upstream reporter's state.
 */
import { z } from 'zod';
import * as P from '../protocol.ts';
import { defineContract } from './define.ts';
import { WINDOW_STATE } from './queue.ts';

const windowResponses = { 200: { description: 'The window after the change', schema: P.Window } } as const;

export const managerContract = defineContract({
  updateWindow: {
    method: 'PATCH',
    path: '/windows/{windowNo}',
    summary: "Change a window's name, services and weights, or state, live (recorded in the audit log; 409 LAST_WINDOW_FOR_SERVICE unless confirm)",
    tag: 'manager',
    roles: ['manager'],
    params: P.WindowParams,
    body: P.UpdateWindowRequest,
    responses: { ...windowResponses, 409: { description: 'LAST_WINDOW_FOR_SERVICE: details.services would have no open window; send confirm: true' } },
    errors: [...WINDOW_STATE, 'UNKNOWN_SERVICE', 'SERVICES_REQUIRED', 'DUPLICATE_SERVICE'],
  },
  getUpstreamStatus: {
    method: 'GET',
    path: '/upstream',
    summary: 'The upstream reporter: configured or not, its state and its backlog',
    tag: 'manager',
    roles: ['manager'],
    responses: { 200: { description: 'Upstream state', schema: z.object({ configured: z.boolean(), status: P.UpstreamStatus.optional() }) } },
  },
  getStats: {
    method: 'GET',
    path: '/stats',
    summary: 'Volumes, waits, service times and ratings for a range of hall days',
    tag: 'manager',
    roles: ['manager'],
    query: P.StatsQuery,
    responses: { 200: { description: 'Figures', schema: P.Stats } },
    errors: ['INVALID_DATE', 'INVALID_RANGE'],
  },
  getManagerLive: {
    method: 'GET',
    path: '/manager/live',
    summary:
      "The manager wall's live figures: per service and window, hourly against yesterday and last week, ratings, SLA alerts (also pushed as manager:live)",
    tag: 'manager',
    roles: ['manager'],
    responses: { 200: { description: 'Live figures', schema: P.ManagerLive } },
  },
  getManagerForecast: {
    method: 'GET',
    path: '/manager/forecast',
    summary: 'Expected arrivals per hour for the rest of today per service, and the windows each needs to keep its wait under target (Erlang C)',
    tag: 'manager',
    roles: ['manager'],
    responses: { 200: { description: 'Forecast', schema: P.ManagerForecast } },
  },
  updateServiceQuota: {
    method: 'PATCH',
    path: '/services/{serviceCode}/quota',
    summary: "Change a service's daily and/or slot quotas, effective at once (recorded in the audit log)",
    tag: 'manager',
    roles: ['manager'],
    params: P.ServiceParams,
    body: P.UpdateServiceQuotaRequest,
    responses: { 200: { description: 'The quotas now', schema: P.ServiceQuota } },
    errors: ['UNKNOWN_SERVICE'],
  },
  listAudit: {
    method: 'GET',
    path: '/audit',
    summary: 'Manager controls recorded over a range of hall days: who, when, what, before and after',
    tag: 'manager',
    roles: ['manager'],
    query: P.AuditQuery,
    responses: { 200: { description: 'Entries, oldest first', schema: P.AuditList } },
    errors: ['INVALID_DATE', 'INVALID_RANGE'],
  },
  getReport: {
    method: 'GET',
    path: '/reports',
    summary:
      'Report for a range of hall days (at most 366): volumes per service, window and clerk, wait and service time p50/p90/max, no-show rate, ratings with reasons; as JSON, CSV (UTF-8 with BOM) or a printable page',
    tag: 'manager',
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
    errors: ['INVALID_DATE', 'INVALID_RANGE', 'RANGE_TOO_LONG'],
  },
});
