/**
 * The methods of KioskApi as data, one group per role: `common` for every
 * terminal, then the ticket kiosk's, the counter terminal's and the filing
 * machine's. The KioskApi type, the carriers' allowlist, the client proxy and
 * the device host's routing are all read from this one map, so a method is
 * added here and nowhere else.
 *
 * Signatures ride along as types only (`method<F>()`); the map itself holds
 * what the carriers and the host need at run time.
 */
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
  IssueRequest,
  IssueResult,
  KioskInfo,
  KioskRole,
  MyMaterial,
  ServiceOption,
  StagedPage,
  StagePageRequest,
  StaffVouch,
  SubmitFilingRequest,
  TicketLookup,
  TransferRequest,
  TransferTargets,
  UndeliveredFiling,
  VisitorIdentity,
} from './kiosk-api.ts';

/** Who may call a method: every terminal (`common`), or the terminals of one role. */
export type MethodRole = 'common' | KioskRole;

type Signature = (...params: never[]) => Promise<unknown>;

type MethodOptions = {
  /** How long a client waits for the answer when that may rightly exceed its ordinary timeout. */
  readonly timeoutMs?: number;
};

/** One entry of the map; `signature` is never set, it only carries the method's type. */
export type MethodEntry<F extends Signature = Signature> = MethodOptions & { readonly signature?: F };

/** A method of the map, as the carriers and the host see it. */
export type MethodSpec = MethodOptions & { readonly name: KioskMethod; readonly role: MethodRole };

function method<F extends Signature>(options: MethodOptions = {}): MethodEntry<F> {
  return options;
}

/**
 * A terminal of another role refuses a role's methods with this code. A
 * ticket kiosk asked for a counter method answers NOT_COUNTER, and so on.
 */
export const ROLE_REFUSAL: Record<KioskRole, AgentErrorCode> = { ticket: 'NOT_TICKET_KIOSK', counter: 'NOT_COUNTER', filing: 'NOT_FILING' };

export const KIOSK_API = {
  common: {
    info: method<() => Promise<KioskInfo>>(),
    services: method<() => Promise<ServiceOption[]>>(),
    devices: method<() => Promise<DeviceStatus[]>>(),
    hall: method<() => Promise<HallLink>>(),
    /** Drops everything held for the current visitor (the swiped card, a company, captured pages, a staff grant). */
    forgetVisitor: method<() => Promise<void>>(),
    /** The device-maintenance panel's PIN (KIOSK_STAFF_PIN). */
    staffLogin: method<(pin: string) => Promise<boolean>>(),
    /** Staff only (after staffLogin). */
    testPrint: method<() => Promise<void>>(),
    /** Staff only (after staffLogin): the Electron shell leaves kiosk mode. */
    exitKiosk: method<() => Promise<void>>(),
  },
  ticket: {
    /** Issues (online, or offline from a lease), prints, and answers with the ticket. */
    issueTicket: method<(request: IssueRequest) => Promise<IssueResult>>(),
    /** Checks an appointment in by its code (typed or scanned) and prints its ticket. */
    checkIn: method<(code: string) => Promise<IssueResult>>(),
    /** The people ahead and the wait for a ticket number issued today. */
    lookupTicket: method<(number: string) => Promise<TicketLookup>>(),
    /**
     * A staff member's own staff number and PIN, checked by the hall,
     * vouching for the current visitor's green channel until the visitor is
     * forgotten, a ticket is issued with it, or it expires (five minutes).
     */
    grantStaff: method<(staffNo: string, pin: string) => Promise<StaffVouch>>(),
    /** Staff only (after staffLogin): reprint the last ticket after a jam. */
    reprintLast: method<() => Promise<IssueResult>>(),
  },
  // Every counter action is sent to the hall with an Idempotency-Key and answers with the window afterwards.
  counter: {
    counterState: method<() => Promise<CounterState>>(),
    /** Staff number and PIN; opens the window with the clerk on duty. */
    signIn: method<(staffNo: string, pin: string) => Promise<CounterState>>(),
    /** Closes the window and signs the clerk out (refused while a ticket is being handled). */
    signOut: method<() => Promise<CounterState>>(),
    callNext: method<() => Promise<CounterResult>>(),
    callTicket: method<(number: string) => Promise<CounterResult>>(),
    recallTicket: method<() => Promise<CounterResult>>(),
    startService: method<(ticketId?: string) => Promise<CounterResult>>(),
    skipTicket: method<(ticketId?: string) => Promise<CounterResult>>(),
    transferTicket: method<(request: TransferRequest) => Promise<CounterResult>>(),
    finishTicket: method<(ticketId?: string) => Promise<CounterResult>>(),
    pauseWindow: method<(reason: string) => Promise<CounterResult>>(),
    resumeWindow: method<() => Promise<CounterResult>>(),
    windowSummary: method<() => Promise<CounterSummary>>(),
    transferTargets: method<() => Promise<TransferTargets>>(),
    /** One page of the called ticket's filing, for the clerk to look at. */
    filingPage: method<(sha256: string) => Promise<{ contentType: string; dataBase64: string }>>(),
    /** Moves the called ticket's filing on (accepted, in review, done, returned with a reason). */
    updateFiling: method<(trackingCode: string, status: 'accepted' | 'in-review' | 'done' | 'returned', reason?: string) => Promise<CounterState>>(),
  },
  filing: {
    filingServices: method<() => Promise<FilingService[]>>(),
    filingGuide: method<(serviceCode: string) => Promise<FilingGuideView>>(),
    /** The current visitor, if any (card swiped, or company identified). */
    visitor: method<() => Promise<VisitorIdentity | null>>(),
    identifyCompany: method<(uscc: string) => Promise<VisitorIdentity>>(),
    stagePage: method<(request: StagePageRequest) => Promise<StagedPage>>(),
    dropPage: method<(pageId: string) => Promise<void>>(),
    myMaterials: method<() => Promise<MyMaterial[]>>(),
    // A filing uploads up to 30 MiB of pages to the hall before it answers (reporting `filing:progress` meanwhile).
    submitFiling: method<(request: SubmitFilingRequest) => Promise<FilingResult>>({ timeoutMs: 180_000 }),
    lookupFiling: method<(code: string) => Promise<FilingLookup>>(),
    myFilings: method<() => Promise<FilingLookup[]>>(),
    /** Staff only: the filings made here offline that the hall refused for good, newest first. */
    undeliveredFilings: method<() => Promise<UndeliveredFiling[]>>(),
  },
} as const satisfies { [R in MethodRole]: Record<string, MethodEntry> };

type Groups = typeof KIOSK_API;
type AllEntries = Groups['common'] & Groups['ticket'] & Groups['counter'] & Groups['filing'];
type SignatureOf<E> = E extends MethodEntry<infer F> ? F : never;

export type KioskMethod = keyof AllEntries & string;
/** The methods of one role's group. */
export type MethodOf<R extends MethodRole> = keyof Groups[R] & string;
/** Every method with its signature, as the renderer calls it. */
export type KioskMethods = { [M in KioskMethod]: SignatureOf<AllEntries[M]> };

/** A handler per method of a role, as the device host serves them: the parameters arrive unchecked off a carrier. */
export type RoleHandlers<R extends MethodRole> = { readonly [M in MethodOf<R>]: (...params: unknown[]) => unknown };

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
