/** The queue's shapes: what is sent to issue, call and serve tickets, and the tickets, windows and loads the hall answers with. */
import { z } from 'zod';
import { TICKET_NUMBER } from '@hall/common';
import { IsoTime, LocalizedName } from './common.ts';

// The queue: requests, then the tickets, windows and loads the hall answers with.

export const WindowParams = z.object({ windowNo: z.coerce.number().int().min(1).max(999) }).strict();
export const TicketParams = z.object({ ticketId: z.string().min(1).max(64) }).strict();

export const IssueTicketRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    idNumber: z.string().min(1).max(32).optional().describe('Citizen ID number (GB 11643) or unified social credit code (GB 32100)'),
    name: z.string().min(1).max(64).optional().describe('Name as read from the ID card; stored sealed'),
    appointmentCode: z
      .string()
      .regex(/^\d{6,10}$/, 'appointment codes are 6–10 digits')
      .optional(),
    greenChannel: z
      .enum(['disabled', 'military'])
      .optional()
      .describe('Staff-confirmed green channel: by the clerk signed in at a counter, a manager, or at a kiosk with a staffGrant'),
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
    services: z
      .array(z.object({ code: z.string().min(1), weight: z.number().int().min(1).max(100) }).strict())
      .min(1)
      .optional(),
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

// ---- responses

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
