/** The manager's shapes: quotas, live figures, the forecast, statistics, reports and the security log. */
import { z } from 'zod';
import { IsoTime, LocalizedName } from './common.ts';
import { TicketStatus } from './queue.ts';

export const ConfirmQuery = z
  .object({ confirm: z.enum(['true', 'false']).optional().describe('A manager pausing or closing the last open window of a service: true to go ahead') })
  .strict();

/** A range of hall days for statistics and the security log: from today, to `from`, unless given. */
export const DayRangeQuery = z
  .object({
    from: z.iso.date().optional().describe('First hall day, YYYY-MM-DD (default today)'),
    to: z.iso.date().optional().describe('Last hall day, YYYY-MM-DD (default `from`)'),
  })
  .strict();

export const ServiceParams = z.object({ serviceCode: z.string().min(1).max(40) }).strict();

export const SlotQuota = z
  .object({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM'),
    to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM'),
    quota: z.number().int().min(0),
  })
  .strict()
  .refine((r) => r.from < r.to, { message: '`from` must be before `to`' });

export const UpdateServiceQuotaRequest = z
  .object({
    dailyQuota: z.number().int().min(0).nullable().optional().describe('Tickets per hall day; null removes the quota'),
    slotQuotas: z.array(SlotQuota).max(48).optional().describe('Replaces the slot quotas; [] removes them'),
  })
  .strict()
  .refine((b) => b.dailyQuota !== undefined || b.slotQuotas !== undefined, { message: 'give dailyQuota or slotQuotas' });
export type UpdateServiceQuotaRequest = z.infer<typeof UpdateServiceQuotaRequest>;

export const ServiceQuota = z.object({
  code: z.string(),
  dailyQuota: z.number().optional(),
  slotQuotas: z.array(z.object({ from: z.string(), to: z.string(), quota: z.number() })),
  issuedToday: z.number(),
  quotaLeft: z.number().optional(),
});
export type ServiceQuota = z.infer<typeof ServiceQuota>;

/** Where a service past its SLA could get help: a window that also serves it. */
export const SlaSuggestion = z.object({
  action: z
    .enum(['add-service', 'open-window'])
    .describe(
      'add-service: the window is open and idle or lightly loaded, and already serves it (give it more weight); open-window: open or resume a closed/paused window that serves it',
    ),
  windowNo: z.number(),
  windowName: z.string(),
  windowState: z.enum(['open', 'paused', 'closed']),
  reason: z.enum(['idle', 'lightly-loaded', 'closed', 'paused']),
  waitingAtWindow: z.number().describe('Tickets waiting for the other services of that window'),
});
export type SlaSuggestion = z.infer<typeof SlaSuggestion>;

export const ManagerServiceLive = z.object({
  code: z.string(),
  name: LocalizedName,
  waiting: z.number(),
  longestWaitS: z.number(),
  avgWaitS: z.number().describe('Today, visitors called so far'),
  avgServiceS: z.number().describe('Today, visitors served so far'),
  issued: z.number(),
  served: z.number(),
  noShow: z.number(),
  windowsOpen: z.number(),
  slaWaitMinutes: z.number(),
  overSla: z.boolean(),
  suggestion: SlaSuggestion.optional(),
});
export type ManagerServiceLive = z.infer<typeof ManagerServiceLive>;

export const ManagerWindowLive = z.object({
  no: z.number(),
  name: z.string(),
  state: z.enum(['open', 'paused', 'closed']),
  pauseReason: z.string().optional(),
  clerk: z.object({ staffNo: z.string(), name: z.string() }).optional(),
  current: z.object({ number: z.string(), serviceCode: z.string(), status: TicketStatus, sinceS: z.number() }).optional(),
  services: z.array(z.object({ code: z.string(), weight: z.number() })),
  servedToday: z.number(),
  waiting: z.number().describe('Tickets waiting for the services this window handles'),
});
export type ManagerWindowLive = z.infer<typeof ManagerWindowLive>;

/** 24 local hours, index = hour. */
export const Hours = z.array(z.number()).length(24);
export const HourlyComparison = z.object({
  today: Hours,
  yesterday: Hours,
  lastWeek: Hours.describe('The same weekday a week ago'),
});
export type HourlyComparison = z.infer<typeof HourlyComparison>;

export const RatingFigures = z.object({ count: z.number(), average: z.number(), byLevel: z.record(z.string(), z.number()) });

export const ManagerLive = z.object({
  at: IsoTime,
  day: z.string(),
  seq: z.number(),
  totals: z.object({ waiting: z.number(), issued: z.number(), served: z.number(), windowsOpen: z.number() }),
  services: z.array(ManagerServiceLive),
  windows: z.array(ManagerWindowLive),
  hourly: z.object({ yesterday: z.string(), lastWeek: z.string(), issued: HourlyComparison, served: HourlyComparison }),
  ratings: RatingFigures,
  alerts: z
    .array(z.object({ serviceCode: z.string(), longestWaitS: z.number(), slaWaitMinutes: z.number(), suggestion: SlaSuggestion.optional() }))
    .describe('Services past their SLA, longest wait first'),
});
export type ManagerLive = z.infer<typeof ManagerLive>;

export const ForecastHour = z.object({
  hour: z.number().describe('Local hour, 0–23'),
  appointments: z.number().describe('Booked, not yet checked in, slot starting in this hour'),
  history: z.number().describe('Walk-ins expected from the same weekday, scaled to today'),
  expectedArrivals: z.number(),
  windowsNeeded: z.number().describe('Smallest c with expected wait (Erlang C) under the target; 0 when nobody is expected'),
  expectedWaitS: z.number().describe('Expected wait with windowsNeeded windows'),
});
export const ServiceForecast = z.object({
  code: z.string(),
  targetWaitMinutes: z.number(),
  avgServiceS: z.number(),
  windowsOpen: z.number(),
  scale: z.number().describe('Today so far / the history days at the same time'),
  hours: z.array(ForecastHour),
});
export const ManagerForecast = z.object({
  at: IsoTime,
  day: z.string(),
  model: z.literal('erlang-c'),
  historyDays: z.array(z.string()).describe('The same weekdays averaged'),
  services: z.array(ServiceForecast),
});
export type ManagerForecast = z.infer<typeof ManagerForecast>;

export const AuditEntry = z.object({
  id: z.number(),
  at: IsoTime,
  actor: z.object({ role: z.string(), name: z.string(), staffNo: z.string().optional().describe('The clerk signed in at that window, for a counter') }),
  operation: z.string().describe('operationId of the control, or revealIdentity, revealFiling, pinFailed, staffLocked …'),
  target: z.string().describe('window:3, service:ZW001, ticket:<id>, filing:<tracking code> …'),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  confirmed: z.boolean().describe('Done with confirm: true past a LAST_WINDOW_FOR_SERVICE warning'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = z.object({ entries: z.array(AuditEntry) });

export const REPORT_TABLES = ['summary', 'services', 'windows', 'clerks', 'ratings', 'reasons'] as const;
export const ReportQuery = z
  .object({
    from: z.string().max(20).describe('First hall day, YYYY-MM-DD'),
    to: z.string().max(20).describe('Last hall day, YYYY-MM-DD; at most 366 days after from'),
    format: z.enum(['json', 'csv', 'html']).optional(),
    table: z.enum(REPORT_TABLES).optional().describe('CSV: only this table (default: every table, one section each)'),
  })
  .strict();
export const Distribution = z.object({ count: z.number(), p50S: z.number(), p90S: z.number(), maxS: z.number() });
export type Distribution = z.infer<typeof Distribution>;
export const Report = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number(),
  summary: z.object({
    issued: z.number(),
    served: z.number(),
    noShow: z.number(),
    cancelled: z.number(),
    noShowRate: z.number().describe('no-shows / (served + no-shows), 0–1'),
    wait: Distribution,
    service: Distribution,
  }),
  services: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      issued: z.number(),
      served: z.number(),
      noShow: z.number(),
      noShowRate: z.number(),
      wait: Distribution,
      service: Distribution,
    }),
  ),
  windows: z.array(z.object({ windowNo: z.number(), name: z.string(), served: z.number(), noShow: z.number(), service: Distribution })),
  clerks: z.array(z.object({ staffNo: z.string(), served: z.number(), service: Distribution, ratings: z.object({ count: z.number(), average: z.number() }) })),
  ratings: RatingFigures,
  reasons: z.array(z.object({ level: z.number(), reason: z.string(), count: z.number() })),
});
export type Report = z.infer<typeof Report>;
