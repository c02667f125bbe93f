/**
 * KioskApi: the one interface the kiosk renderer uses for hardware and the
 * hall. The renderer never sees a full ID number or name: the device host
 * keeps the card it read and uses it when the visitor asks for a ticket.
 *
 * Two carriers implement it with the same messages (see rpc.ts): Electron's
 * preload bridge over allowlisted IPC channels, and a WebSocket to the local
 * device agent (`npm run agent`) for browsers, demos and tests.
 */
import type { ErrorCode } from '@hall/server/contract';
import type { KioskMethods } from './kiosk-methods.ts';
import type { FieldError, FilingService, FilingStatus, FilingSummary, FormField, MyMaterial, Service, ServiceGuide } from './hall-types.ts';

export type { FieldError, FilingService, FilingStatus, FilingSummary, FormField, MyMaterial, ServiceGuide };
export type { KioskMethod } from './kiosk-methods.ts';
export type { FilingMaterialChoice, FilingMoveStatus, IssueRequest, StagePageRequest, SubmitFilingRequest, TransferRequest } from './kiosk-requests.ts';

export type KioskRole = 'ticket' | 'filing' | 'counter';
export type Localized = { 'zh-CN': string; 'zh-TW'?: string; en: string };

export type KioskInfo = {
  role: KioskRole;
  terminalName: string;
  hall: { id: string; name: { 'zh-CN': string; en: string } } | null;
  policy: {
    /** May a visitor take a ticket without an ID card or appointment? */
    anonymousTickets: boolean;
    /** Age (from the ID card) at which the green channel is offered. */
    greenChannelAge: number;
  };
  /** Base of the URL printed as a QR on tickets, to follow the queue on a phone. */
  trackBaseUrl: string;
  agentVersion: string;
};

/** What the screen may show of a card: masked, plus what the flow needs to decide. */
export type MaskedCard = {
  cardType: 'resident' | 'foreign' | 'foreign2023' | 'hmt';
  nameMasked: string;
  idMasked: string;
  gender: 'male' | 'female';
  /** Whole years on the hall's day. */
  age: number;
  /** Offered the green channel by age under the hall's policy. */
  greenChannelByAge: boolean;
  readAt: string;
};

export type ScanKind = 'appointment' | 'ticket' | 'id-number' | 'uscc' | 'url' | 'text';
/** A code read by a scanner. ID numbers arrive masked; appointment codes and ticket numbers in the clear. */
export type ScanEvent = { kind: ScanKind; text: string; at: string };

export type DeviceName = 'idReader' | 'printer' | 'scanner' | string;
export type DeviceState = 'ok' | 'warning' | 'error' | 'absent';
export type DeviceStatus = {
  device: DeviceName;
  model: string;
  state: DeviceState;
  /** PAPER_LOW, PAPER_OUT, COVER_OPEN, DISCONNECTED, OFFLINE, … */
  code?: string;
  message?: Localized;
  since: string;
};

export type HallLink = {
  online: boolean;
  since: string;
  /** Tickets issued offline and not yet synced back. */
  pendingOffline: number;
  /** Filings made offline (filing role) and not yet delivered to the hall. */
  pendingFilings?: number;
  /** Filings made offline that the hall refused for good: kept aside for staff, never resent (filing role). */
  parkedFilings?: number;
};

export type ServiceOption = Service;

/**
 * Who vouched for the current visitor's green channel, and until when. The
 * hall's grant itself stays in the device host.
 */
export type StaffVouch = { staffNo: string; name: string; expiresAt: string };

export type IssuedTicket = {
  id?: string;
  number: string;
  serviceCode: string;
  serviceName: { 'zh-CN': string; en: string };
  windowHint: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  issuedAt: string;
  trackUrl: string;
  priority?: string;
  /** Issued from a leased block while the hall was unreachable; synced later. */
  offline: boolean;
};

export type IssueResult = { ticket: IssuedTicket; printed: boolean };

export type TicketLookup = {
  number: string;
  status: string;
  serviceCode: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  windowNo?: number;
};

/**
 * The refusals the device host makes itself, beside the hall's it passes on
 * (hall-refusal.ts), and the carriers' own (the host not answering, a method
 * nobody serves).
 */
export type AgentErrorCode =
  // The ticket printer, asked before anything is issued or printed.
  | 'PRINTER_PAPER_OUT'
  | 'PRINTER_COVER_OPEN'
  | 'PRINTER_ABSENT'
  | 'PRINTER_OFFLINE'
  | 'PRINT_FAILED'
  // The visitor's card and what they typed.
  | 'NO_CARD'
  | 'CARD_READ_FAILED'
  | 'INVALID_APPOINTMENT_CODE'
  | 'INVALID_TICKET_NUMBER'
  // The hall, and issuing without it.
  | 'HALL_OFFLINE'
  | 'HALL_ERROR'
  | 'OFFLINE_NO_NUMBERS'
  | 'GREEN_CHANNEL_OFFLINE'
  // The maintenance panel.
  | 'STAFF_ONLY'
  | 'STAFF_DISABLED'
  | 'NOTHING_TO_REPRINT'
  // A method of another role.
  | 'NOT_TICKET_KIOSK'
  | 'NOT_COUNTER'
  | 'NOT_FILING'
  // The counter terminal.
  | 'WINDOW_NOT_BOUND'
  | 'INVALID_STAFF_NO'
  | 'NO_CURRENT_TICKET'
  | 'INVALID_FILING_STATUS'
  // The filing machine.
  | 'NO_VISITOR'
  | 'PAGE_NOT_FOUND'
  | 'TOO_MANY_STAGED'
  | 'FILING_UNDELIVERED'
  // The carriers.
  | 'UNKNOWN_METHOD'
  | 'AGENT_UNREACHABLE';

/**
 * Every code a refusal reaches the screen with. The screen has words for
 * each in every language (the renderer's i18n `errors`, typed by this union),
 * so adding a code here without words does not compile.
 */
export type KioskErrorCode = ErrorCode | AgentErrorCode;

/**
 * A refusal as it crosses to the screen: its code and details safe to show
 * (a wait in seconds, a number the screen already showed), never personal
 * data and never words. The screen words the code in the visitor's language.
 */
export type KioskErrorBody = { code: KioskErrorCode; details?: Record<string, unknown> };

export class KioskError extends Error {
  readonly code: KioskErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(body: KioskErrorBody) {
    super(body.code);
    this.name = 'KioskError';
    this.code = body.code;
    this.details = body.details;
  }
}

// --- counter terminal (role `counter`) ------------------------------------------

export type CounterWindowState = 'open' | 'paused' | 'closed';
export type CounterClerk = { staffNo: string; name: string; photoUrl?: string };

/**
 * The ticket in front of the clerk. `identity.masked`/`nameMasked` are always
 * there when the ticket carries an identity; `number` and `name` (the full ID
 * number and name) only while this window is handling it — the clerk needs
 * them, nobody else does.
 */
export type CounterTicket = {
  id: string;
  number: string;
  serviceCode: string;
  serviceName: { 'zh-CN': string; en: string };
  status: 'waiting' | 'called' | 'serving' | 'finished' | 'no-show' | 'transferred' | 'cancelled';
  /** Absent for a moment after a call, until the agent has fetched the ticket. */
  source?: 'kiosk' | 'appointment' | 'counter' | 'integration';
  priority?: 'appointment' | 'elderly' | 'disabled' | 'military';
  issuedAt?: string;
  calledAt?: string;
  recallCount: number;
  identity?: { kind: 'citizen' | 'uscc'; masked: string; nameMasked?: string; number?: string; name?: string };
  /** Pre-registration data: the appointment's slot, a transfer's note. */
  slotStart?: string;
  transferredFrom?: string;
  transferNote?: string;
  /** 预登记: the filing made at a filing machine and linked to this ticket (前台一口受理). */
  filing?: CounterFiling;
};

/** A filing as the clerk who called its ticket sees it: its summary, every value in the clear, the pages by hash. */
export type CounterFiling = Pick<FilingSummary, 'trackingCode' | 'serviceName' | 'status' | 'submittedAt' | 'dueDate'> & {
  applicant: { kind: 'citizen' | 'company'; masked: string; number?: string; name?: string };
  form: { key: string; label: { 'zh-CN': string; en: string }; value: string }[];
  materials: FilingMaterialPages[];
  history: { status: FilingStatus; at: string; by?: string; reason?: string }[];
};

export type FilingPage = { sha256: string; contentType: string; size: number };
export type FilingMaterialPages = { materialId: string; name: string; reused: boolean; pages: FilingPage[] };

/** Where the rating for the last finished ticket stands (evaluator device, or the window screen where there is none). */
export type RatingProgress = {
  state: 'idle' | 'asking' | 'rated' | 'no-answer' | 'failed' | 'window-screen';
  ticketId?: string;
  number?: string;
  level?: number;
};

export type CounterQueueEntry = { code: string; name: { 'zh-CN': string; en: string }; waiting: number; estimatedWaitMinutes: number };

/** The window as its clerk sees it. */
export type CounterState = {
  /** The window the counter token is bound to; null until the hall has said. */
  windowNo: number | null;
  windowName: string;
  state: CounterWindowState;
  pauseReason?: string;
  /** The clerk signed in at this window (the hall's record), or null. */
  clerk: CounterClerk | null;
  /** Waiting counts of the services this window handles (no names of people: clerks do not pick visitors). */
  queue: CounterQueueEntry[];
  current: CounterTicket | null;
  rating: RatingProgress;
  online: boolean;
  seq: number;
};

export type CounterSummary = {
  day: string;
  served: number;
  noShow: number;
  transferred: number;
  avgServiceS: number;
  ratings: { count: number; average: number };
};

export type CounterAction =
  | 'signIn'
  | 'signOut'
  | 'callNext'
  | 'callTicket'
  | 'recallTicket'
  | 'startService'
  | 'skipTicket'
  | 'transferTicket'
  | 'finishTicket'
  | 'pauseWindow'
  | 'resumeWindow';

/** What an action did: the window afterwards, the number it concerned, and whether nobody was waiting (call next). */
export type CounterResult = { state: CounterState; number?: string; nobodyWaiting?: boolean };

/** An action taken at this window, from the console or the caller keypad, and how it ended. */
export type CounterActionEvent = {
  source: 'console' | 'keypad';
  action: CounterAction;
  ok: boolean;
  number?: string;
  nobodyWaiting?: boolean;
  error?: KioskErrorBody;
};

export type TransferTargets = {
  services: { code: string; name: { 'zh-CN': string; en: string } }[];
  windows: { no: number; name: string; state: CounterWindowState }[];
};

// --- filing machine (role `filing`) ---------------------------------------------

/** Who is filing: a person by ID card, or a company by its unified social credit code. Masked. */
export type VisitorIdentity = { kind: 'citizen' | 'company'; masked: string; nameMasked?: string };

/**
 * A guide with the form's starting values for the visitor at the screen.
 * Locked values (name, ID number from the card) arrive masked and are put
 * back in full by the device host at submit; the others are editable.
 */
export type FilingGuideView = { guide: ServiceGuide; prefill: Record<string, { value: string; locked: boolean }> };

/** Largest page `stagePage` takes (the hall's default `filingLimits.maxFileBytes`); a renderer scales photos below it. */
export const FILING_PAGE_MAX_BYTES = 5 * 1024 * 1024;

/** A captured page held by the device host for the current visitor until submit (or forgetVisitor). */
export type StagedPage = { pageId: string; materialId: string; sha256: string; size: number; contentType: string };

export type FiledFiling = Omit<FilingSummary, 'returnReason'> & {
  /** Filed while the hall was unreachable: kept in the outbox, "will be submitted". */
  pending: boolean;
};

/**
 * `ticket` when one was asked for and issued; `ticketError` when one was
 * asked for but could not be issued (the filing itself stands).
 */
export type FilingResult = { filing: FiledFiling; printed: boolean; ticket?: IssuedTicket; ticketError?: KioskErrorBody };

export type FilingProgress = { stage: 'checking' | 'uploading' | 'submitting' | 'printing' | 'queued'; done: number; total: number };

export type FilingLookup = FilingSummary & { pending?: boolean };

/**
 * A filing made here in an outage that the hall refused for good once it
 * was back (filing role, staff only). The visitor holds its receipt; the
 * machine keeps no personal data of it, so staff help them file again.
 */
export type UndeliveredFiling = {
  trackingCode: string;
  serviceCode: string;
  serviceName: Localized;
  submittedAt: string;
  refusedAt?: string;
  hallCode: string;
};

export type KioskEvents = {
  card: MaskedCard;
  'card:error': KioskErrorBody;
  scan: ScanEvent;
  devices: DeviceStatus[];
  hall: HallLink;
  /** Service load changed: waiting counts and estimates. */
  services: ServiceOption[];
  /** Counter role: the window changed (hall events, actions, rating progress). */
  counter: CounterState;
  /** Counter role: an action was taken at this window (console or keypad). */
  'counter:action': CounterActionEvent;
  /** Filing role: how far a submit has got (long uploads). */
  'filing:progress': FilingProgress;
};

/**
 * Every method of the map in kiosk-methods.ts (which says what each one does
 * and which role it belongs to), and the events.
 */
export interface KioskApi extends KioskMethods {
  on<E extends keyof KioskEvents>(event: E, listener: (payload: KioskEvents[E]) => void): () => void;
}

export const KIOSK_EVENTS = [
  'card',
  'card:error',
  'scan',
  'devices',
  'hall',
  'services',
  'counter',
  'counter:action',
  'filing:progress',
] as const satisfies readonly (keyof KioskEvents)[];
