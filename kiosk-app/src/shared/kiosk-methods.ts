/**
 * The methods of KioskApi as data, one group per role: `common` for every
 * terminal, then the ticket kiosk's, the counter terminal's and the filing
 * machine's. The KioskApi type, the carriers' allowlist, the client proxy and
 * the device host's routing are all read from this one map, so a method is
 * added here and nowhere else.
 *
 * Each entry holds the zod schema of the method's parameters (a tuple), which
 * the device host checks every call against before a desk sees it; the
 * parameter types are inferred from it, so a signature cannot drift from
 * what the host accepts. The answer rides along as a type only.
 */
import * as z from 'zod/mini';
import type {
  AgentErrorCode,
  CounterResult,
  CounterState,
  CounterSummary,
  DeviceStatus,
  FilingGuideView,
  FilingLookup,
  FilingResult,
  FilingService,
  HallLink,
  IssueResult,
  KioskInfo,
  KioskRole,
  MyMaterial,
  ServiceOption,
  StagedPage,
  StaffVouch,
  TicketLookup,
  TransferTargets,
  UndeliveredFiling,
  VisitorIdentity,
} from './kiosk-api.ts';
import { FilingMoveStatus, IssueRequest, StagePageRequest, SubmitFilingRequest, TransferRequest } from './kiosk-requests.ts';

/** Who may call a method: every terminal (`common`), or the terminals of one role. */
export type MethodRole = 'common' | KioskRole;

/** The schema of a method's parameters: a tuple, one element per parameter. */
type Params = z.ZodMiniTuple<readonly z.ZodMiniType[], null>;

type MethodOptions = {
  /** How long a client waits for the answer when that may rightly exceed its ordinary timeout. */
  readonly timeoutMs?: number;
};

/** One entry of the map; `answer` is never set, it only carries the type of what the method answers. */
export type MethodEntry<P extends Params = Params, A = unknown> = MethodOptions & { readonly params: P; readonly answer?: A };

/** A method of the map, as the carriers and the host see it. */
export type MethodSpec = MethodOptions & { readonly name: KioskMethod; readonly role: MethodRole; readonly params: Params };

/** `takes(…parameters).answers<Answer>()`: a method's entry. */
function takes<const T extends readonly z.ZodMiniType[]>(...items: T) {
  // z.tuple's overloads take a literal tuple, empty or not; the items are one, of either length.
  const params = z.tuple(items as unknown as [z.ZodMiniType]) as unknown as z.ZodMiniTuple<T, null>;
  return {
    answers: <A>(options: MethodOptions = {}): MethodEntry<z.ZodMiniTuple<T, null>, A> => ({ ...options, params }),
  };
}

// The text parameters, named for what they carry. Their form is the desks' to check, with refusals of their own
// (INVALID_TICKET_NUMBER, BAD_TRACKING_CODE, WRONG_PIN, …).
const pin = z.string();
const staffNo = z.string();
const appointmentCode = z.string();
const ticketNumber = z.string();
const ticketId = z.optional(z.string());
const reason = z.string();
const sha256 = z.string();
const trackingCode = z.string();
const serviceCode = z.string();
const uscc = z.string();
const pageId = z.string();

/**
 * A terminal of another role refuses a role's methods with this code. A
 * ticket kiosk asked for a counter method answers NOT_COUNTER, and so on.
 */
export const ROLE_REFUSAL: Record<KioskRole, AgentErrorCode> = { ticket: 'NOT_TICKET_KIOSK', counter: 'NOT_COUNTER', filing: 'NOT_FILING' };

export const KIOSK_API = {
  common: {
    info: takes().answers<KioskInfo>(),
    services: takes().answers<ServiceOption[]>(),
    devices: takes().answers<DeviceStatus[]>(),
    hall: takes().answers<HallLink>(),
    /** Drops everything held for the current visitor (the swiped card, a company, captured pages, a staff grant). */
    forgetVisitor: takes().answers<void>(),
    /** The device-maintenance panel's PIN (KIOSK_STAFF_PIN). */
    staffLogin: takes(pin).answers<boolean>(),
    /** Staff only (after staffLogin). */
    testPrint: takes().answers<void>(),
    /** Staff only (after staffLogin): the Electron shell leaves kiosk mode. */
    exitKiosk: takes().answers<void>(),
  },
  ticket: {
    /** Issues (online, or offline from a lease), prints, and answers with the ticket. */
    issueTicket: takes(IssueRequest).answers<IssueResult>(),
    /** Checks an appointment in by its code (typed or scanned) and prints its ticket. */
    checkIn: takes(appointmentCode).answers<IssueResult>(),
    /** The people ahead and the wait for a ticket number issued today. */
    lookupTicket: takes(ticketNumber).answers<TicketLookup>(),
    /**
     * A staff member's own staff number and PIN, checked by the hall,
     * vouching for the current visitor's green channel until the visitor is
     * forgotten, a ticket is issued with it, or it expires (five minutes).
     */
    grantStaff: takes(staffNo, pin).answers<StaffVouch>(),
    /** Staff only (after staffLogin): reprint the last ticket after a jam. */
    reprintLast: takes().answers<IssueResult>(),
  },
  // Every counter action is sent to the hall with an Idempotency-Key and answers with the window afterwards.
  counter: {
    counterState: takes().answers<CounterState>(),
    /** Staff number and PIN; opens the window with the clerk on duty. */
    signIn: takes(staffNo, pin).answers<CounterState>(),
    /** Closes the window and signs the clerk out (refused while a ticket is being handled). */
    signOut: takes().answers<CounterState>(),
    callNext: takes().answers<CounterResult>(),
    callTicket: takes(ticketNumber).answers<CounterResult>(),
    recallTicket: takes().answers<CounterResult>(),
    startService: takes(ticketId).answers<CounterResult>(),
    skipTicket: takes(ticketId).answers<CounterResult>(),
    transferTicket: takes(TransferRequest).answers<CounterResult>(),
    finishTicket: takes(ticketId).answers<CounterResult>(),
    pauseWindow: takes(reason).answers<CounterResult>(),
    resumeWindow: takes().answers<CounterResult>(),
    windowSummary: takes().answers<CounterSummary>(),
    transferTargets: takes().answers<TransferTargets>(),
    /** One page of the called ticket's filing, for the clerk to look at. */
    filingPage: takes(sha256).answers<{ contentType: string; dataBase64: string }>(),
    /** Moves the called ticket's filing on (accepted, in review, done, returned with a reason). */
    updateFiling: takes(trackingCode, FilingMoveStatus, z.optional(reason)).answers<CounterState>(),
  },
  filing: {
    filingServices: takes().answers<FilingService[]>(),
    filingGuide: takes(serviceCode).answers<FilingGuideView>(),
    /** The current visitor, if any (card swiped, or company identified). */
    visitor: takes().answers<VisitorIdentity | null>(),
    identifyCompany: takes(uscc).answers<VisitorIdentity>(),
    stagePage: takes(StagePageRequest).answers<StagedPage>(),
    dropPage: takes(pageId).answers<void>(),
    myMaterials: takes().answers<MyMaterial[]>(),
    // A filing uploads up to 30 MiB of pages to the hall before it answers (reporting `filing:progress` meanwhile).
    submitFiling: takes(SubmitFilingRequest).answers<FilingResult>({ timeoutMs: 180_000 }),
    lookupFiling: takes(trackingCode).answers<FilingLookup>(),
    myFilings: takes().answers<FilingLookup[]>(),
    /** Staff only: the filings made here offline that the hall refused for good, newest first. */
    undeliveredFilings: takes().answers<UndeliveredFiling[]>(),
  },
} as const satisfies { [R in MethodRole]: Record<string, MethodEntry> };

type Groups = typeof KIOSK_API;
type AllEntries = Groups['common'] & Groups['ticket'] & Groups['counter'] & Groups['filing'];
type ParamsOf<E> = E extends MethodEntry<infer P> ? P : never;
type AnswerOf<E> = E extends MethodEntry<Params, infer A> ? A : never;

export type KioskMethod = keyof AllEntries & string;
/** The methods of one role's group. */
export type MethodOf<R extends MethodRole> = keyof Groups[R] & string;
/** Every method with its signature, as the renderer calls it. */
export type KioskMethods = { [M in KioskMethod]: (...params: z.input<ParamsOf<AllEntries[M]>>) => Promise<AnswerOf<AllEntries[M]>> };

/** A handler per method of a role, as the device host serves them: it calls one only with parameters its schema accepted. */
export type RoleHandlers<R extends MethodRole> = {
  readonly [M in MethodOf<R>]: (...params: z.output<ParamsOf<Groups[R][M]>>) => unknown;
};

const SPECS: ReadonlyMap<string, MethodSpec> = new Map(
  (Object.entries(KIOSK_API) as [MethodRole, Record<string, MethodEntry>][]).flatMap(([role, entries]) =>
    Object.entries(entries).map(([name, entry]): [string, MethodSpec] => [name, { ...entry, name: name as KioskMethod, role }]),
  ),
);

/** The methods a carrier may forward: anything else is dropped. */
export const KIOSK_METHODS: readonly KioskMethod[] = [...SPECS.keys()] as KioskMethod[];

export function isKioskMethod(name: unknown): name is KioskMethod {
  return typeof name === 'string' && SPECS.has(name);
}

export function kioskMethod(name: string): MethodSpec | undefined {
  return SPECS.get(name);
}

/** May a terminal of `role` call `name`? Its own role's methods and the common ones only. */
export function mayCall(role: KioskRole, name: KioskMethod): boolean {
  const owner = kioskMethod(name)?.role;
  return owner === 'common' || owner === role;
}
