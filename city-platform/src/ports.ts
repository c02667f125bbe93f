/**
 * The seams between the city platform's parts. The broker and the consumers
 * (transport), the store (PostgreSQL or PGlite) and the HTTP side (API, city
 * view, phone page) meet only here, so each is tested against fakes of the
 * others and wired together once, in `serve`.
 */

/** One hall as the platform knows it: what it may publish with, and how to check what it signs. */
export type HallAccount = {
  hallId: string;
  name: string;
  /** HMAC-SHA256 key the hall signs report bodies with (hex, 32 bytes). */
  secret: string;
};

/** The halls the platform accepts reports from, and the MQTT logins allowed on its broker. */
export interface HallDirectory {
  /** The hall's account, or undefined for a hall the platform does not know. */
  hall(hallId: string): Promise<HallAccount | undefined>;
  /**
   * Checks an MQTT login. A hall logs in with its hallId as username; a consumer
   * with a consumer account. Answers who it is, or undefined for a bad login.
   */
  login(username: string, password: string): Promise<{ kind: 'hall'; hallId: string } | { kind: 'consumer' } | undefined>;
  /**
   * Every MQTT login with its password hash in Mosquitto's own `$7$` format
   * (PBKDF2-SHA512), so an external Mosquitto checks the same passwords.
   */
  logins(): Promise<{ username: string; passwordHash: string; kind: 'hall' | 'consumer' }[]>;
}

/** A report that passed every check: the hall is known, the signature matches, the body parses. */
export type VerifiedReport = {
  hallId: string;
  idempotencyKey: string;
  type: 'queue-load' | 'rating' | 'device-health';
  /** The report's own `at`, ISO 8601. */
  at: string;
  /** The parsed body (docs/upstream.md gives its format per type). */
  body: Record<string, unknown>;
  /** The body exactly as the hall signed it: what is stored, so it is not serialised a second time. */
  signedBody: string;
};

/** Why a message was refused; each is counted, none is stored. */
export type RefusalReason = 'bad-signature' | 'unknown-hall' | 'malformed' | 'replayed' | 'wrong-topic';

/** Where verified reports go. One call is one transaction: all rows of the batch, or none. */
export interface ReportSink {
  /**
   * Stores the batch. A report whose (hallId, idempotencyKey) is already stored
   * is not stored again and is counted as `replayed`. Resolves after commit.
   */
  write(batch: VerifiedReport[]): Promise<{ stored: number; replayed: number }>;
  /** Counts messages refused before they reached `write`: a batch's refusals in one transaction. */
  refuse(refusals: readonly Refused[]): Promise<void>;
  /**
   * Halls' broker presence, from their retained status messages and last
   * wills: a batch's in one transaction (thousands of halls reconnect at
   * once after a broker restart, and reports wait behind them).
   */
  presence(changes: readonly PresenceChange[]): Promise<void>;
}

export type Refused = { reason: RefusalReason; hallId: string | undefined };

export type PresenceChange = { hallId: string; online: boolean; at: string };

/** Service-level state of a hall, from its longest current wait. */
export type SlaState = 'ok' | 'warn' | 'breach';

export type HallOverview = {
  hallId: string;
  name: string;
  online: boolean;
  waiting: number;
  longestWaitS: number;
  windowsOpen: number;
  issuedToday: number;
  servedToday: number;
  /** Share of today's ratings at level 4 or 5, 0–1; null with no rating today. */
  goodRatingRate: number | null;
  /** ISO 8601 of the last queue-load report; null before the first. */
  reportedAt: string | null;
  slaState: SlaState;
  /** Devices not in order, as the last device-health report said. */
  deviceAlarms: number;
};

export type HallServiceLoad = {
  code: string;
  name: string;
  waiting: number;
  longestWaitS: number;
  estimatedWaitMinutes: number;
  issued: number;
  served: number;
  windowsOpen: number;
};

export type HourlyPoint = {
  /** Start of the hour, ISO 8601. */
  hour: string;
  issued: number;
  served: number;
  /** Most people waiting at once in that hour. */
  peakWaiting: number;
};

export type DeviceAlarm = { terminal: string; device: string; state: string; code?: string; since: string };

export type HallDetail = {
  hall: HallOverview;
  services: HallServiceLoad[];
  /** Today's hours, oldest first. */
  hourly: HourlyPoint[];
  alarms: DeviceAlarm[];
};

export type RatingRow = { hallId: string; at: string; serviceCode: string; windowNo?: number; level: number; reason?: string };

export type ShortestRow = { hallId: string; name: string; waiting: number; estimatedWaitMinutes: number; windowsOpen: number };

/** What the city view, the API and the phone page read. */
export interface CityReadModel {
  halls(): Promise<HallOverview[]>;
  hall(hallId: string): Promise<HallDetail | undefined>;
  /** Ratings at level 1 or 2, newest first: the ones to follow up. */
  badRatings(options: { limit: number; hallId?: string }): Promise<RatingRow[]>;
  /** Halls whose last report offers the service and that are online, shortest estimated wait first. */
  shortest(serviceCode: string): Promise<ShortestRow[]>;
  /** Every service some hall offers, for the phone page's picker. */
  services(): Promise<{ code: string; name: string }[]>;
}

/** Tells the HTTP side that halls changed, so it pushes them to the city view. */
export interface CityChanges {
  subscribe(listener: (hallIds: string[]) => void): () => void;
}

/** People (operations centre staff) allowed to open the city view and its API. */
export interface OperatorTokens {
  verify(token: string): Promise<{ name: string } | undefined>;
}
