/**
 * The hall's public protocol: HTTP request and response bodies and the
 * socket.io events, as zod schemas with their TypeScript types. The server
 * validates with these schemas and generates its OpenAPI document from them;
 * clients import the types (`@hall/server/protocol`) and nothing else.
 */
import { TICKET_NUMBER } from '@hall/common';
import { z } from 'zod';
import { FILE_CONTENT_TYPES, FormFieldSchema } from './domain/config.ts';

export const ROLES = ['kiosk', 'counter', 'display', 'manager', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** socket.io namespace per role (integration has none: it speaks HTTP only). */
export const NAMESPACES = { display: '/display', counter: '/counter', kiosk: '/kiosk', manager: '/manager' } as const;
export type NamespaceRole = keyof typeof NAMESPACES;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('SNAKE_CASE, stable: clients switch on it'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const LocalizedName = z.object({ 'zh-CN': z.string(), en: z.string() });
const IsoTime = z.string().describe('ISO 8601 instant');

// ---- requests --------------------------------------------------------------

export const WindowParams = z.object({ windowNo: z.coerce.number().int().min(1).max(999) }).strict();
export const TicketParams = z.object({ ticketId: z.string().min(1).max(64) }).strict();

export const IssueTicketRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    idNumber: z.string().min(1).max(32).optional().describe('Citizen ID number (GB 11643) or unified social credit code (GB 32100)'),
    name: z.string().min(1).max(64).optional().describe('Name as read from the ID card; stored sealed'),
    appointmentCode: z.string().regex(/^\d{6,10}$/, 'appointment codes are 6–10 digits').optional(),
    greenChannel: z.enum(['disabled', 'military']).optional().describe('Staff-confirmed green channel: by the clerk signed in at a counter, a manager, or at a kiosk with a staffGrant'),
    staffGrant: z.string().min(1).max(64).optional().describe('At a kiosk: the grant from grantStaff, vouching for greenChannel'),
  })
  .strict();
export type IssueTicketRequest = z.infer<typeof IssueTicketRequest>;

export const StaffGrant = z.object({ grant: z.string(), staffNo: z.string(), name: z.string(), expiresAt: IsoTime });

export const CallTicketRequest = z
  .object({
    ticketId: z.string().min(1).max(64).optional(),
    number: z.string().regex(TICKET_NUMBER, 'a ticket number such as A012').optional(),
  })
  .strict()
  .refine((b) => (b.ticketId === undefined) !== (b.number === undefined), { message: 'give exactly one of ticketId or number' });

export const TransferTicketRequest = z
  .object({
    toServiceCode: z.string().min(1).max(40).optional(),
    toWindowNo: z.number().int().min(1).max(999).optional(),
    note: z.string().max(200).optional(),
    placement: z.enum(['keep', 'front']).optional(),
  })
  .strict()
  .refine((b) => b.toServiceCode !== undefined || b.toWindowNo !== undefined, { message: 'give toServiceCode or toWindowNo' });

export const CancelTicketRequest = z.object({ reason: z.string().min(1).max(200) }).strict();

export const PauseWindowRequest = z.object({ reason: z.string().trim().min(1, 'say why the window pauses').max(200) }).strict();

export const Clerk = z.object({ staffNo: z.string().min(1).max(32), name: z.string().min(1).max(64) }).strict();
/** A window is opened without a clerk: a clerk is set only by a PIN sign-in (`signIn`). */
export const OpenWindowRequest = z.object({}).strict();

export const SignInRequest = z
  .object({
    staffNo: z.string().regex(/^[0-9A-Za-z-]{1,32}$/, 'a staff number'),
    pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4–8 digits'),
  })
  .strict();

export const WindowSummary = z.object({
  windowNo: z.number(),
  day: z.string(),
  clerk: z.object({ staffNo: z.string(), name: z.string(), photoUrl: z.string().optional() }).optional(),
  served: z.number(),
  noShow: z.number(),
  transferred: z.number(),
  avgServiceS: z.number(),
  ratings: z.object({ count: z.number(), average: z.number() }),
  waiting: z.array(z.object({ code: z.string(), waiting: z.number() })).describe('Waiting counts of the services this window handles'),
});

export const UpdateWindowRequest = z
  .object({
    name: z.string().min(1).max(64).optional(),
    state: z.enum(['open', 'paused', 'closed']).optional(),
    pauseReason: z.string().min(1).max(200).optional(),
    services: z.array(z.object({ code: z.string().min(1), weight: z.number().int().min(1).max(100) }).strict()).min(1).optional(),
    confirm: z.boolean().optional().describe('Go ahead even though a service would be left with no open window (else 409 LAST_WINDOW_FOR_SERVICE)'),
  })
  .strict();

export const RateTicketRequest = z
  .object({
    level: z.number().int().min(1).max(5).describe('5 非常满意 … 1 非常不满意'),
    reason: z.string().max(500).optional().describe('Required for levels 1 and 2'),
  })
  .strict();

export const CreateAppointmentRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    slotStart: IsoTime.pipe(z.iso.datetime({ offset: true })),
    slotEnd: IsoTime.pipe(z.iso.datetime({ offset: true })),
    idNumber: z.string().min(1).max(32).optional(),
    name: z.string().min(1).max(64).optional(),
    externalRef: z.string().max(64).optional(),
  })
  .strict();

export const CheckInAppointmentRequest = z.object({ code: z.string().regex(/^\d{6,10}$/, 'appointment codes are 6–10 digits') }).strict();

export const LeaseParams = z.object({ leaseId: z.string().min(1).max(64) }).strict();

export const LeaseNumbersRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    count: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const SyncOfflineTicketsRequest = z
  .object({
    tickets: z
      .array(
        z
          .object({
            number: z.string().regex(TICKET_NUMBER, 'a ticket number such as A995'),
            issuedAt: z.iso.datetime({ offset: true }),
            idNumber: z.string().min(1).max(32).optional(),
            name: z.string().min(1).max(64).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

export const FindTicketsQuery = z.object({ number: z.string().regex(TICKET_NUMBER, 'a ticket number such as A012') }).strict();

export const TerminalDevice = z
  .object({
    device: z.string().min(1).max(40),
    model: z.string().max(80),
    state: z.enum(['ok', 'warning', 'error', 'absent']),
    code: z.string().max(40).optional().describe('PAPER_LOW, PAPER_OUT, COVER_OPEN, DISCONNECTED …'),
    message: z.object({ 'zh-CN': z.string().max(200), 'zh-TW': z.string().max(200).optional(), en: z.string().max(200) }).optional(),
    since: z.string().max(40),
  })
  .strict();
export type TerminalDevice = z.infer<typeof TerminalDevice>;
export const ReportDevicesRequest = z.object({ devices: z.array(TerminalDevice).max(32) }).strict();

export const TerminalStatus = z.object({
  terminalId: z.string(),
  name: z.string(),
  role: z.string(),
  windowNo: z.number().optional(),
  online: z.boolean(),
  lastSeen: z.string(),
  devices: z.array(TerminalDevice),
});
export type TerminalStatus = z.infer<typeof TerminalStatus>;

export const UpstreamStatus = z.object({
  sink: z.string(),
  state: z.enum(['idle', 'delivering', 'retrying', 'stopped']),
  backlog: z.number(),
  oldestPendingAt: z.string().optional(),
  lastDeliveredAt: z.string().optional(),
  lastError: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  delivered: z.number(),
});
export type UpstreamStatus = z.infer<typeof UpstreamStatus>;

export const StatsQuery = z
  .object({
    from: z.iso.date().optional().describe('First hall day, YYYY-MM-DD (default today)'),
    to: z.iso.date().optional().describe('Last hall day, YYYY-MM-DD (default `from`)'),
  })
  .strict();

// ---- responses -------------------------------------------------------------

export const TicketStatus = z.enum(['waiting', 'called', 'serving', 'finished', 'no-show', 'transferred', 'cancelled']);

export const IdentityView = z.object({
  kind: z.enum(['citizen', 'uscc']),
  masked: z.string(),
  nameMasked: z.string().optional(),
  /** Only for the clerk handling the ticket. */
  number: z.string().optional(),
  name: z.string().optional(),
});

export const Ticket = z.object({
  id: z.string(),
  number: z.string(),
  serviceCode: z.string(),
  serviceName: LocalizedName,
  status: TicketStatus,
  source: z.enum(['kiosk', 'appointment', 'counter', 'integration']),
  priority: z.enum(['appointment', 'elderly', 'disabled', 'military']).optional(),
  issuedAt: IsoTime,
  calledAt: IsoTime.optional(),
  finishedAt: IsoTime.optional(),
  windowNo: z.number().optional(),
  targetWindowNo: z.number().optional(),
  recallCount: z.number(),
  waitingAhead: z.number(),
  estimatedWaitMinutes: z.number(),
  identity: IdentityView.optional(),
  transferredFrom: z.string().optional(),
  transferNote: z.string().optional(),
  slotStart: IsoTime.optional(),
  rated: z.boolean(),
  offline: z.boolean().optional().describe('Issued by a kiosk from a leased block while the hall was unreachable'),
  filingCode: z.string().optional().describe('Tracking code of the filing (预登记) linked to this ticket'),
});
export type Ticket = z.infer<typeof Ticket>;

export const Window = z.object({
  no: z.number(),
  name: z.string(),
  state: z.enum(['open', 'paused', 'closed']),
  pauseReason: z.string().optional(),
  clerk: z.object({ staffNo: z.string(), name: z.string(), photoUrl: z.string().optional() }).optional(),
  services: z.array(z.object({ code: z.string(), weight: z.number() })),
  current: z.object({ ticketId: z.string(), number: z.string(), serviceCode: z.string(), status: TicketStatus, calledAt: IsoTime.optional() }).optional(),
  lastFinishedTicketId: z.string().optional(),
});
export type Window = z.infer<typeof Window>;

export const ServiceLoad = z.object({
  code: z.string(),
  waiting: z.number(),
  longestWaitS: z.number(),
  estimatedWaitMinutes: z.number(),
  windowsOpen: z.number(),
  issuedToday: z.number(),
  quotaLeft: z.number().optional(),
});
export type ServiceLoad = z.infer<typeof ServiceLoad>;

export const Service = z.object({
  code: z.string(),
  name: LocalizedName,
  prefix: z.string(),
  category: z.string(),
  conditions: z.array(z.string()),
  materials: z.array(z.object({ name: z.string(), form: z.string(), copies: z.number(), note: z.string().optional() })),
  legalTimeLimitDays: z.number(),
  promisedTimeLimitDays: z.number().optional(),
  appointment: z.boolean(),
  greenChannel: z.boolean(),
  issuingNow: z.boolean(),
  load: ServiceLoad,
});
export const ServiceList = z.object({ services: z.array(Service) });

export const Call = z.object({
  ticketId: z.string(),
  number: z.string(),
  windowNo: z.number(),
  windowName: z.string(),
  serviceCode: z.string(),
  calledAt: IsoTime,
  recall: z.boolean(),
  recallCount: z.number(),
});
export type Call = z.infer<typeof Call>;

export const QueueSnapshot = z.object({
  seq: z.number(),
  at: IsoTime,
  day: z.string(),
  hall: z.object({
    id: z.string(),
    name: LocalizedName,
    timeZone: z.string(),
    ratingReasons: z.array(LocalizedName).describe('Reasons a visitor picks from for the two bad ratings'),
    policy: z.object({
      greenChannelAge: z.number().describe('Age from the ID card at which kiosks offer the green channel'),
      anonymousTickets: z.boolean().describe('May a visitor take a ticket without ID card or appointment'),
    }),
  }),
  services: z.array(ServiceLoad),
  windows: z.array(Window),
  recentCalls: z.array(Call),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

export const Rating = z.object({ ticketId: z.string(), level: z.number(), label: LocalizedName, reason: z.string().optional(), at: IsoTime });

export const Appointment = z.object({
  id: z.string(),
  code: z.string(),
  serviceCode: z.string(),
  slotStart: IsoTime,
  slotEnd: IsoTime,
  status: z.enum(['booked', 'checked-in', 'cancelled']),
  ticketId: z.string().optional(),
});

export const NumberLease = z.object({
  id: z.string(),
  day: z.string(),
  serviceCode: z.string(),
  prefix: z.string(),
  from: z.number(),
  to: z.number(),
  numbers: z.array(z.string()).describe('The leased numbers, in the order to hand them out'),
  used: z.array(z.number()),
});
export type NumberLease = z.infer<typeof NumberLease>;

export const Stats = z.object({
  from: z.string(),
  to: z.string(),
  issued: z.number(),
  served: z.number(),
  noShow: z.number(),
  cancelled: z.number(),
  avgWaitS: z.number(),
  avgServiceS: z.number(),
  byService: z.array(z.object({ code: z.string(), issued: z.number(), served: z.number(), noShow: z.number(), avgWaitS: z.number(), avgServiceS: z.number() })),
  ratings: z.object({ count: z.number(), average: z.number(), byLevel: z.record(z.string(), z.number()) }),
});

// ---- manager -------------------------------------------------------------------

export const ConfirmQuery = z
  .object({ confirm: z.enum(['true', 'false']).optional().describe('A manager pausing or closing the last open window of a service: true to go ahead') })
  .strict();

export const ServiceParams = z.object({ serviceCode: z.string().min(1).max(40) }).strict();

export const SlotQuota = z
  .object({ from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM'), to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM'), quota: z.number().int().min(0) })
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
  action: z.enum(['add-service', 'open-window']).describe('add-service: the window is open and idle or lightly loaded, and already serves it (give it more weight); open-window: open or resume a closed/paused window that serves it'),
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
const Hours = z.array(z.number()).length(24);
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
  alerts: z.array(z.object({ serviceCode: z.string(), longestWaitS: z.number(), slaWaitMinutes: z.number(), suggestion: SlaSuggestion.optional() })).describe('Services past their SLA, longest wait first'),
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

export const AuditQuery = z
  .object({
    from: z.iso.date().optional().describe('First hall day, YYYY-MM-DD (default today)'),
    to: z.iso.date().optional().describe('Last hall day (default `from`)'),
  })
  .strict();
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
  services: z.array(z.object({ code: z.string(), name: z.string(), issued: z.number(), served: z.number(), noShow: z.number(), noShowRate: z.number(), wait: Distribution, service: Distribution })),
  windows: z.array(z.object({ windowNo: z.number(), name: z.string(), served: z.number(), noShow: z.number(), service: Distribution })),
  clerks: z.array(z.object({ staffNo: z.string(), served: z.number(), service: Distribution, ratings: z.object({ count: z.number(), average: z.number() }) })),
  ratings: RatingFigures,
  reasons: z.array(z.object({ level: z.number(), reason: z.string(), count: z.number() })),
});
export type Report = z.infer<typeof Report>;

// ---- filing (自助申报 · 预登记 · 一码查询) ------------------------------------------

export const FormField = FormFieldSchema;
export type FormField = z.infer<typeof FormField>;

export const FieldError = z.object({
  key: z.string(),
  code: z.enum(['REQUIRED', 'TOO_SHORT', 'TOO_LONG', 'PATTERN', 'NOT_A_NUMBER', 'OUT_OF_RANGE', 'BAD_DATE', 'BAD_PHONE', 'BAD_EMAIL', 'BAD_POSTCODE', 'BAD_ID_NUMBER', 'BAD_USCC', 'NOT_AN_OPTION', 'UNKNOWN_FIELD']),
  message: LocalizedName,
});
export type FieldError = z.infer<typeof FieldError>;

export const FileContentType = z.enum(FILE_CONTENT_TYPES);
export type FileContentType = z.infer<typeof FileContentType>;
export const ApplicantKind = z.enum(['citizen', 'company']);
export type ApplicantKind = z.infer<typeof ApplicantKind>;
export const FilingApplicantRule = z.enum(['citizen', 'company', 'either']);
export type FilingApplicantRule = z.infer<typeof FilingApplicantRule>;
export const FilingStatus = z.enum(['submitted', 'accepted', 'in-review', 'done', 'returned']);
export type FilingStatus = z.infer<typeof FilingStatus>;

const Sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex (64 characters)')
  .transform((s) => s.toLowerCase());
const LocalDate = z.string().describe('YYYY-MM-DD');

export const GuideMaterial = z.object({
  id: z.string(),
  name: z.string(),
  form: z.string(),
  copies: z.number(),
  note: z.string().optional(),
  required: z.boolean(),
  reusable: z.boolean().describe('May be taken from 我的材料'),
  accept: z.array(FileContentType),
  maxPages: z.number(),
});
export type GuideMaterial = z.infer<typeof GuideMaterial>;

export const ServiceGuide = z.object({
  serviceCode: z.string(),
  name: LocalizedName,
  category: z.string(),
  conditions: z.array(z.string()),
  materials: z.array(GuideMaterial),
  legalBasis: z.array(z.string()),
  legalTimeLimitDays: z.number().describe('法定办结时限, working days; 0 = on the spot'),
  promisedTimeLimitDays: z.number().optional().describe('承诺办结时限, working days'),
  fees: z.object({ free: z.boolean(), note: z.string().optional() }),
  location: z.string(),
  notes: z.array(z.string()),
  filing: z.object({
    enabled: z.boolean(),
    applicant: FilingApplicantRule,
    open: z.boolean().describe('Filing enabled and the item within its issuing hours now'),
    form: z.object({ fields: z.array(FormField) }),
  }),
});
export type ServiceGuide = z.infer<typeof ServiceGuide>;

export const FilingService = z.object({
  serviceCode: z.string(),
  name: LocalizedName,
  category: z.string(),
  applicant: FilingApplicantRule,
  open: z.boolean(),
});
export type FilingService = z.infer<typeof FilingService>;
export const FilingServiceList = z.object({ services: z.array(FilingService) });
export type FilingServiceList = z.infer<typeof FilingServiceList>;

export const FileParams = z.object({ sha256: Sha256 }).strict();
export const UploadedFile = z.object({ sha256: z.string(), size: z.number(), contentType: FileContentType });
export type UploadedFile = z.infer<typeof UploadedFile>;

export const FilingPageRef = z.object({ sha256: Sha256, contentType: FileContentType }).strict();
export const SubmitFilingRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    applicant: z
      .object({
        idNumber: z.string().min(1).max(32).describe('Citizen ID number or unified social credit code, in full'),
        name: z.string().trim().min(1).max(100).optional().describe('Person or company name; stored sealed'),
      })
      .strict(),
    form: z
      .record(z.string().max(64), z.string().max(5000))
      .refine((f) => Object.keys(f).length <= 100, 'at most 100 fields')
      .default({}),
    materials: z
      .array(
        z.union([
          z.object({ materialId: z.string().min(1).max(32), pages: z.array(FilingPageRef).min(1).max(50) }).strict(),
          z.object({ materialId: z.string().min(1).max(32), reuse: z.string().min(1).max(64).describe('Id of one of 我的材料') }).strict(),
        ]),
      )
      .max(50)
      .default([]),
    keepForReuse: z.boolean().optional().describe('The applicant agreed on screen that the hall keeps the reusable materials for next time'),
    reuseConsent: z.boolean().optional().describe('Must be true when any material is reused'),
    trackingCode: z.string().max(64).optional().describe('Chosen by a kiosk that filed while offline; must be unused'),
    submittedAt: z.iso.datetime({ offset: true }).optional().describe('When the kiosk filed it offline'),
    ticketId: z.string().min(1).max(64).optional().describe('Link to this ticket at once'),
    terminal: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SubmitFilingRequest = z.input<typeof SubmitFilingRequest>;

export const FilingHistoryEntry = z.object({
  status: FilingStatus,
  at: IsoTime,
  by: z
    .object({ role: z.string(), name: z.string().optional(), windowNo: z.number().optional(), staffNo: z.string().optional() })
    .optional()
    .describe('Who changed it (not shown to kiosks)'),
  reason: z.string().optional(),
});
export type FilingHistoryEntry = z.infer<typeof FilingHistoryEntry>;

export const FilingPage = z.object({ sha256: z.string(), contentType: FileContentType, size: z.number() });
export type FilingPage = z.infer<typeof FilingPage>;

export const Filing = z.object({
  id: z.string(),
  trackingCode: z.string().describe('XXXX-XXXX-XXXX'),
  serviceCode: z.string(),
  serviceName: LocalizedName,
  status: FilingStatus,
  submittedAt: IsoTime,
  dueDate: LocalDate.optional().describe('From the promised (else legal) time limit in working days Mon–Fri after submission; absent for on-the-spot items'),
  applicant: z.object({
    kind: ApplicantKind,
    masked: z.string(),
    nameMasked: z.string().optional(),
    number: z.string().optional().describe('Counter view only'),
    name: z.string().optional().describe('Counter view only'),
  }),
  form: z.record(z.string(), z.string()).optional().describe('Counter view only'),
  fields: z.array(FormField).optional().describe('Counter view only: the form fields, to label the values'),
  materials: z.array(
    z.object({
      materialId: z.string(),
      name: z.string(),
      reused: z.boolean(),
      pageCount: z.number(),
      pages: z.array(FilingPage).describe('Counter view only; empty in the masked view'),
    }),
  ),
  history: z.array(FilingHistoryEntry),
  returnReason: z.string().optional(),
  ticketId: z.string().optional(),
  ticketNumber: z.string().optional(),
  offline: z.boolean().describe('Filed at a kiosk while the hall was unreachable'),
});
export type Filing = z.infer<typeof Filing>;

export const FilingSummary = z.object({
  trackingCode: z.string(),
  serviceCode: z.string(),
  serviceName: LocalizedName,
  status: FilingStatus,
  submittedAt: IsoTime,
  dueDate: LocalDate.optional(),
  returnReason: z.string().optional(),
});
export type FilingSummary = z.infer<typeof FilingSummary>;
export const FilingList = z.object({ filings: z.array(FilingSummary) });
export type FilingList = z.infer<typeof FilingList>;

export const TrackingCodeParams = z.object({ trackingCode: z.string().min(1).max(64).describe('XXXX-XXXX-XXXX; case, spaces and hyphens are ignored') }).strict();
export const IdNumberLookupRequest = z.object({ idNumber: z.string().min(1).max(32) }).strict();
export type IdNumberLookupRequest = z.infer<typeof IdNumberLookupRequest>;

export const UpdateFilingStatusRequest = z
  .object({
    status: z.enum(['accepted', 'in-review', 'done', 'returned']),
    reason: z.string().trim().min(1).max(500).optional().describe('补正/退回原因; required for returned'),
  })
  .strict();
export type UpdateFilingStatusRequest = z.infer<typeof UpdateFilingStatusRequest>;

export const LinkFilingTicketRequest = z.object({ ticketId: z.string().min(1).max(64) }).strict();
export type LinkFilingTicketRequest = z.infer<typeof LinkFilingTicketRequest>;

export const MyMaterial = z.object({
  id: z.string(),
  materialId: z.string(),
  name: z.string(),
  pages: z.number().describe('Number of pages kept'),
  submittedAt: IsoTime,
  expiresAt: IsoTime,
});
export type MyMaterial = z.infer<typeof MyMaterial>;
export const MyMaterialList = z.object({ materials: z.array(MyMaterial) });
export type MyMaterialList = z.infer<typeof MyMaterialList>;

// ---- socket.io ---------------------------------------------------------------

export type Seq = { seq: number };
export type TicketCalledEvent = Call & Seq & { waiting: number };
export type TicketUpdatedEvent = Ticket & Seq & { change: string };
export type WindowUpdatedEvent = Window & Seq & { change: string };
export type QueueUpdatedEvent = Seq & { services: ServiceLoad[] };
/** Sent to a namespace for a change it has nothing to show of, so that `seq` has no gap. */
export type HallSeqEvent = Seq;

/** Acks carry either data or an error, never both. */
export type Ack<T> = { data: T } | ErrorBody;

export interface ServerToClientEvents {
  'queue:snapshot': (snapshot: QueueSnapshot) => void;
  'queue:updated': (event: QueueUpdatedEvent) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
  'ticket:updated': (event: TicketUpdatedEvent) => void;
  'window:updated': (event: WindowUpdatedEvent) => void;
  'hall:seq': (event: HallSeqEvent) => void;
  /** Manager namespace only: a terminal came or went, or its devices changed. Live data, outside the seq stream. */
  'terminal:updated': (event: TerminalStatus) => void;
  /** Manager namespace only: the upstream reporter's state and backlog. */
  'upstream:updated': (event: UpstreamStatus) => void;
  /** Manager namespace only: the manager wall's live figures, at most once a second when something changed. Outside the seq stream. */
  'manager:live': (event: ManagerLive) => void;
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a `seq` gap); with an ack it comes back in the ack. */
  'queue:snapshot': (ack?: (response: Ack<QueueSnapshot>) => void) => void;
}
