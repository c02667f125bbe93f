/**
 * The hall's entities. Times are epoch milliseconds; the API turns them into
 * ISO strings. Entities are plain data so that events can carry them whole.
 */
import type { HallConfig } from './config.ts';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'finished' | 'no-show' | 'transferred' | 'cancelled';

export const ACTIVE_STATUSES: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'serving']);

export type TicketSource = 'kiosk' | 'appointment' | 'counter' | 'integration';

/** Why a ticket is in the priority class; `appointment` only while its slot lasts. */
export type PriorityReason = 'appointment' | 'elderly' | 'disabled' | 'military';

/** What the hall keeps of a person on a ticket: never the number itself. */
export type IdentityRef = {
  kind: 'citizen' | 'uscc';
  /** Row in the sealed identity store (encrypted number and name). */
  ref: string;
  /** Keyed hash of the normalised number, for look-up without decrypting. */
  keyHash: string;
  masked: string;
  nameMasked?: string;
};

export type Ticket = {
  id: string;
  day: string;
  /** What the visitor holds: prefix + daily sequence, such as A012. */
  number: string;
  serviceCode: string;
  source: TicketSource;
  status: TicketStatus;
  priority?: PriorityReason;
  slotStart?: number;
  slotEnd?: number;
  appointmentId?: string;
  /** Issue order in the hall that day: breaks ties of `rank` (a reactivated no-show may take a fraction to stand between two). */
  order: number;
  /** Position in its service's queue; smaller is called first. */
  rank: number;
  issuedAt: number;
  /** When the current wait started: issue, reactivation or transfer. The max-wait rule reads it. */
  waitingSince: number;
  calledAt?: number;
  /** The first call, which ends the visitor's wait; recalls move `calledAt` but not this. */
  firstCalledAt?: number;
  servingAt?: number;
  finishedAt?: number;
  closedAt?: number;
  /** Window that called it, or serves it now. */
  windowNo?: number;
  /** Staff number of the clerk on duty at that window when it was called (per-clerk reports). */
  staffNo?: string;
  /** Only this window may call it (a transfer to a window). */
  targetWindowNo?: number;
  recallCount: number;
  /** Issued by a kiosk from a leased block while the hall was unreachable. */
  offline?: boolean;
  /** The token that issued it: that terminal may withdraw it (api/access.ts). */
  issuedBy?: string;
  noShowAt?: number;
  transferredFrom?: string;
  transferredTo?: string;
  transferNote?: string;
  cancelReason?: string;
  identity?: IdentityRef;
  rated?: boolean;
};

export type WindowStateName = 'open' | 'paused' | 'closed';

export type Clerk = { staffNo: string; name: string; photoUrl?: string };

export type WindowService = { code: string; weight: number };

export type HallWindow = {
  no: number;
  name: string;
  services: WindowService[];
  state: WindowStateName;
  pauseReason?: string;
  clerk?: Clerk;
  currentTicketId?: string;
  /** Last finished ticket, whose rating the window screen asks for. */
  lastFinishedTicketId?: string;
  /** Calls made in the current priority:normal cycle. */
  cycle: { priority: number; normal: number };
  /** Smooth weighted round-robin credit per service. */
  credits: Record<string, number>;
  updatedAt: number;
};

export type Appointment = {
  id: string;
  code: string;
  serviceCode: string;
  slotStart: number;
  slotEnd: number;
  identity?: IdentityRef;
  status: 'booked' | 'checked-in' | 'cancelled';
  ticketId?: string;
  createdAt: number;
  cancelledAt?: number;
  externalRef?: string;
};

export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export type Rating = {
  ticketId: string;
  day: string;
  serviceCode: string;
  windowNo?: number;
  staffNo?: string;
  level: RatingLevel;
  reason?: string;
  at: number;
};

/** Per-day counters: numbering and quotas reset with the hall day. */
export type DayCounters = {
  day: string;
  /** Last sequence used per ticket prefix. */
  sequences: Record<string, number>;
  issuedByService: Record<string, number>;
  /** Keyed `${serviceCode}@${from}`. */
  issuedBySlot: Record<string, number>;
  issueOrder: number;
  /** Lowest number leased to kiosks for offline issuing, per prefix; leases grow down from 999. */
  leaseFloor?: Record<string, number>;
};

/**
 * A block of numbers a kiosk may hand out while it cannot reach the hall.
 * Blocks are taken from the top of the day's range (A999 downward) and online
 * numbering steps over them, so no two kiosks, and no kiosk and the hall,
 * ever give out the same number.
 */
export type NumberLease = {
  id: string;
  day: string;
  serviceCode: string;
  prefix: string;
  from: number;
  to: number;
  /** The kiosk (its token id) that holds it. */
  holder: string;
  /** Numbers already synced back as tickets. */
  used: number[];
  createdAt: number;
};

/** Running averages the wait estimate uses; kept across days. */
export type ServiceTiming = { avgServiceMs: number; samples: number };

export type HallState = {
  config: HallConfig;
  counters: DayCounters;
  timing: Record<string, ServiceTiming>;
  windows: Map<number, HallWindow>;
  /** Today's tickets (and yesterday's until the day starts again). */
  tickets: Map<string, Ticket>;
  /** Waiting tickets per service, ordered by rank then order. */
  queues: Map<string, Ticket[]>;
  appointments: Map<string, Appointment>;
  appointmentsByCode: Map<string, string>;
  /** Number leases by id, of today and recent days (offline tickets may sync after midnight). */
  leases: Map<string, NumberLease>;
  /** Waiting tickets with a priority reason, per service: few, so scanning them is cheap. */
  priorityWaiting: Map<string, Set<Ticket>>;
  /**
   * Waiting tickets whose place in line does not follow how long they have
   * waited (rank ≠ waitingSince: put back behind the head, sent to the front,
   * booked for a later slot), per service. Every other ticket's place is its
   * waiting time, so the longest waiting of them is the first in line. Few.
   */
  outOfTurnWaiting: Map<string, Set<Ticket>>;
  /** Waiting tickets sent to one window by a transfer, per window number. Few. */
  sentToWindow: Map<number, Set<Ticket>>;
  /** Active ticket ids per identity key hash: one person, one active ticket per service. */
  activeByIdentity: Map<string, Set<string>>;
};

/** Who asks: `id` is the credential (token) when there is one, since names need not be unique. */
/** Who asked: the token's role and name, its window, its id, and the clerk signed in there (every clerk action is theirs). */
export type Actor = { role: string; name: string; windowNo?: number; id?: string; staffNo?: string };

/** What pure decisions get from the outside world. */
export type DecisionContext = {
  now: number;
  newId: () => string;
  /** Short numeric codes people type (appointment codes). */
  newCode: () => string;
  actor: Actor;
};
