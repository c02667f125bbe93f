/**
 * The hall's durable store: one SQLite file in the data directory, written
 * in WAL mode with synchronous=FULL. Each command becomes one row of the
 * event log (its `seq`) and its projection onto the current-state tables,
 * in a single transaction, before anyone is told about it.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHallConfig, type HallConfig } from '../domain/config.ts';
import type { HallEvent } from '../domain/events.ts';
import type { Appointment, HallState, HallWindow, NumberLease, Rating, RatingLevel, ServiceTiming, Ticket } from '../domain/model.ts';
import { deriveCounters } from '../domain/counters.ts';
import { createState, putTicket } from '../domain/state.ts';
import { Checkpointer } from './checkpointer.ts';
import type { AuditRecord } from './audit.ts';
import { migrate } from './migrations.ts';
import { DataModeError, secureDatabaseFiles, secureDirectory, type ModeFix } from './data-modes.ts';
import { KEY_FILE, Vault, type Sealed } from './vault.ts';

function daysBefore(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

export type SealedIdentity = { ref: string; kind: string; keyHash: string; sealed: Sealed; createdAt: number };

export type CommitEntry = {
  /** The command's place in the hall-wide sequence; the caller numbers commands, the store checks. */
  seq: number;
  at: number;
  command: string;
  actor: string;
  events: readonly HallEvent[];
  identities?: readonly SealedIdentity[];
  /** Security-log rows of this change, written by `auditSink` inside the change's own transaction. */
  audit?: readonly AuditRecord[];
};

/** The event log keeps references to people, never their masked or sealed data: purging the tables is enough. */
function redactForLog(event: HallEvent): HallEvent {
  if (event.type === 'ticket.saved' && event.ticket.identity) {
    const { masked: _m, nameMasked: _n, ...identity } = event.ticket.identity;
    return { ...event, ticket: { ...event.ticket, identity: { ...identity, masked: '' } } };
  }
  if (event.type === 'appointment.saved' && event.appointment.identity) {
    const { masked: _m, nameMasked: _n, ...identity } = event.appointment.identity;
    return { ...event, appointment: { ...event.appointment, identity: { ...identity, masked: '' } } };
  }
  return event;
}

/** The database's name inside the data directory. */
export const DATABASE_FILE = 'hall.db';
/** Tables whose rows are sealed with the vault's key: while all are empty, a hall has no need of its key yet. */
export const SEALED_TABLES = ['identities', 'filings', 'filing_files', 'my_materials'];

export type HallStoreOptions = {
  /** The vault's key, outside the data directory (`--key-file`); default `DATA/hall.key`. */
  keyFile?: string;
};

/**
 * Connection settings every connection to the hall's file shares:
 * secure_delete so that purged personal data is overwritten with zeros,
 * not left in free pages for a copy of the file to reveal.
 */
function preparePragmas(db: Database.Database, synchronous: 'FULL' | 'NORMAL'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
}

export class HallStore {
  readonly db: Database.Database;
  readonly dataDir: string;
  readonly keyFile: string;
  /** Modes put right at open (a loosened directory or database file), for the caller to log. */
  readonly modeFixes: ModeFix[] = [];
  readonly #stmt;
  /** Set when upstream reporting is on: turns a rating into an outbox row inside its own commit. */
  ratingReporter?: (rating: Rating) => void;

  constructor(dataDir: string, options: HallStoreOptions = {}) {
    secureDirectory(dataDir, this.modeFixes);
    this.dataDir = dataDir;
    const inDataDir = join(dataDir, KEY_FILE);
    this.keyFile = options.keyFile ? resolve(options.keyFile) : inDataDir;
    // Two keys would leave it to chance which one sealed what: with a key file elsewhere, the data directory holds none.
    if (this.keyFile !== resolve(inDataDir) && existsSync(inDataDir)) {
      throw new DataModeError(
        `${inDataDir} exists, but the key is to be read from ${this.keyFile}: move the data directory's key there (or drop --key-file) so that the hall has one key`,
      );
    }
    const dbPath = join(dataDir, DATABASE_FILE);
    secureDatabaseFiles(dbPath, this.modeFixes);
    this.db = new Database(dbPath);
    preparePragmas(this.db, 'FULL');
    migrate(this.db);
    const db = this.db;
    this.#stmt = {
      appendEvent: db.prepare('INSERT INTO events (seq, at, command, actor, events) VALUES (?, ?, ?, ?, ?)'),
      upsertConfig: db.prepare(
        'INSERT INTO config (id, data, applied_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, applied_at = excluded.applied_at',
      ),
      upsertCounters: db.prepare('INSERT INTO day_counters (day, data) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET data = excluded.data'),
      upsertTicket: db.prepare(
        'INSERT INTO tickets (id, day, number, service_code, status, issued_at, data, has_identity) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (day, id) DO UPDATE SET status = excluded.status, service_code = excluded.service_code, data = excluded.data, has_identity = excluded.has_identity',
      ),
      upsertWindow: db.prepare('INSERT INTO windows (no, data) VALUES (?, ?) ON CONFLICT (no) DO UPDATE SET data = excluded.data'),
      deleteWindow: db.prepare('DELETE FROM windows WHERE no = ?'),
      upsertTiming: db.prepare('INSERT INTO timing (service_code, data) VALUES (?, ?) ON CONFLICT (service_code) DO UPDATE SET data = excluded.data'),
      insertRating: db.prepare('INSERT INTO ratings (ticket_id, day, service_code, window_no, staff_no, level, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      upsertAppointment: db.prepare(
        'INSERT INTO appointments (id, code, service_code, slot_start, slot_end, status, data) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data',
      ),
      upsertLease: db.prepare(
        'INSERT INTO number_leases (id, day, service_code, data) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      ),
      insertIdentity: db.prepare('INSERT INTO identities (ref, kind, key_hash, sealed, created_at) VALUES (?, ?, ?, ?, ?)'),
      identity: db.prepare('SELECT sealed FROM identities WHERE ref = ?'),
      lastSeq: db.prepare('SELECT max(seq) FROM events').pluck(),
    };
  }

  static open(dataDir: string, options: HallStoreOptions = {}): HallStore {
    return new HallStore(dataDir, options);
  }

  #vault: Vault | undefined;

  /**
   * The key that seals personal data, opened on first use: commands that
   * never touch sealed data (tokens, staff) work without it. A missing key
   * is made only while the hall holds nothing sealed under one.
   */
  get vault(): Vault {
    return (this.#vault ??= Vault.openKeyFile(this.keyFile, { mayCreate: !this.#holdsSealedData() }));
  }

  /** Opens the key now, so that a server refuses to start rather than fail at its first sealed field. */
  openVault(): Vault {
    return this.vault;
  }

  #holdsSealedData(): boolean {
    return SEALED_TABLES.some((table) => this.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined);
  }

  #checkpointer: Checkpointer | undefined;

  /** For a long-running server: checkpoints move to a worker thread (see checkpointer.ts). */
  startCheckpointer(): void {
    this.#checkpointer ??= new Checkpointer(this.db, join(this.dataDir, DATABASE_FILE));
  }

  async stopCheckpointer(): Promise<void> {
    await this.#checkpointer?.stop();
    this.#checkpointer = undefined;
  }

  #relaxed: Database.Database | undefined;

  /**
   * A second connection to the same database whose commits do not sync.
   * For rows that may be lost in a power cut without harm: in WAL mode the
   * next commit on the main connection (synchronous=FULL) syncs them too.
   */
  relaxedConnection(): Database.Database {
    if (!this.#relaxed) {
      this.#relaxed = new Database(join(this.dataDir, DATABASE_FILE));
      preparePragmas(this.#relaxed, 'NORMAL');
    }
    return this.#relaxed;
  }

  close(): void {
    if (this.#relaxed?.open) this.#relaxed.close();
    if (this.db.open) this.db.close();
  }

  lastSeq(): number {
    return (this.#stmt.lastSeq.get() as number | undefined) ?? 0;
  }

  loadConfig(): HallConfig | undefined {
    const row = this.db.prepare('SELECT data FROM config WHERE id = 1').get() as { data: string } | undefined;
    // Parsed again so that fields added to the schema since it was stored get their defaults.
    return row ? parseHallConfig(JSON.parse(row.data)) : undefined;
  }

  /**
   * Rebuilds the engine's state: configuration, the newest day's counters and
   * tickets, any ticket of an older day still open (the day start will close
   * it), windows, running averages and live appointments.
   */
  loadState(config: HallConfig, fallbackDay: string): HallState {
    // The newest day the hall has worked: a started day, or the day of its newest ticket.
    const latest = this.db.prepare('SELECT max(day) FROM (SELECT max(day) AS day FROM day_counters UNION ALL SELECT max(day) FROM tickets)').pluck().get() as
      | string
      | null;
    const day = latest ?? fallbackDay;
    const state = createState(config, day);
    // Today's tickets, and any of the last week still open (the day start closes those).
    const rows = this.db.prepare('SELECT day, status, data FROM tickets WHERE day >= ? ORDER BY issued_at').all(daysBefore(day, 7)) as {
      day: string;
      status: string;
      data: string;
    }[];
    for (const row of rows) {
      if (row.day === day || row.status === 'waiting' || row.status === 'called' || row.status === 'serving') {
        putTicket(state, JSON.parse(row.data) as Ticket);
      }
    }
    for (const data of this.db.prepare('SELECT data FROM windows ORDER BY no').pluck().all() as string[]) {
      const w = JSON.parse(data) as HallWindow;
      state.windows.set(w.no, w);
    }
    for (const row of this.db.prepare('SELECT service_code, data FROM timing').all() as { service_code: string; data: string }[]) {
      state.timing[row.service_code] = JSON.parse(row.data) as ServiceTiming;
    }
    const live = this.db
      .prepare("SELECT data FROM appointments WHERE status = 'booked' OR slot_end > ?")
      .pluck()
      .all(Date.now() - 86_400_000) as string[];
    for (const data of live) {
      const a = JSON.parse(data) as Appointment;
      state.appointments.set(a.id, a);
      state.appointmentsByCode.set(a.code, a.id);
    }
    // Offline tickets may come back after midnight: keep a week of leases.
    for (const data of this.db.prepare('SELECT data FROM number_leases WHERE day >= ?').pluck().all(daysBefore(day, 7)) as string[]) {
      const lease = JSON.parse(data) as NumberLease;
      state.leases.set(lease.id, lease);
    }
    state.counters = deriveCounters(config, day, state.tickets.values(), state.leases.values());
    return state;
  }

  /** Writes a security-log row; called inside the commit's transaction (set by the application). */
  auditSink?: (record: AuditRecord) => void;

  /** Told how long each commit that succeeded took, transaction and sync, in seconds (the hall's metrics). */
  commitTimer?: (seconds: number) => void;

  /**
   * Appends commands to the event log and projects their events, all in one
   * transaction with one sync. A `seq` out of order fails the whole batch
   * (the primary key refuses a repeated one).
   */
  commitBatch(entries: readonly CommitEntry[]): void {
    const timer = this.commitTimer;
    if (!timer) {
      this.#commitTx(entries);
      return;
    }
    const start = performance.now();
    this.#commitTx(entries);
    timer((performance.now() - start) / 1000);
  }

  #commitTxCache?: (entries: readonly CommitEntry[]) => void;

  /** The transaction wrapper is built once: building it per commit showed in profiles. */
  get #commitTx(): (entries: readonly CommitEntry[]) => void {
    return (this.#commitTxCache ??= this.db.transaction((entries: readonly CommitEntry[]) => {
      const s = this.#stmt;
      for (const e of entries) {
        for (const id of e.identities ?? []) s.insertIdentity.run(id.ref, id.kind, id.keyHash, id.sealed, id.createdAt);
        s.appendEvent.run(e.seq, e.at, e.command, e.actor, JSON.stringify(e.events.map(redactForLog)));
        for (const event of e.events) this.#project(event, e.at);
        for (const record of e.audit ?? []) this.auditSink?.(record);
      }
    }));
  }

  #project(event: HallEvent, at: number): void {
    const s = this.#stmt;
    switch (event.type) {
      case 'config.applied':
        s.upsertConfig.run(JSON.stringify(event.config), at);
        return;
      case 'day.started':
        // Only the day itself is kept: the counters are rebuilt from tickets and leases (domain/counters.ts).
        s.upsertCounters.run(event.counters.day, JSON.stringify(event.counters));
        return;
      case 'counters.changed':
        return;
      case 'ticket.saved': {
        const t = event.ticket;
        s.upsertTicket.run(t.id, t.day, t.number, t.serviceCode, t.status, t.issuedAt, JSON.stringify(t), t.identity ? 1 : 0);
        return;
      }
      case 'window.saved':
        s.upsertWindow.run(event.window.no, JSON.stringify(event.window));
        return;
      case 'window.removed':
        s.deleteWindow.run(event.windowNo);
        return;
      case 'timing.changed':
        s.upsertTiming.run(event.serviceCode, JSON.stringify(event.timing));
        return;
      case 'rating.recorded': {
        const r = event.rating;
        s.insertRating.run(r.ticketId, r.day, r.serviceCode, r.windowNo ?? null, r.staffNo ?? null, r.level, r.reason ?? null, r.at);
        this.ratingReporter?.(r);
        return;
      }
      case 'lease.saved':
        s.upsertLease.run(event.lease.id, event.lease.day, event.lease.serviceCode, JSON.stringify(event.lease));
        return;
      case 'appointment.saved': {
        const a = event.appointment;
        s.upsertAppointment.run(a.id, a.code, a.serviceCode, a.slotStart, a.slotEnd, a.status, JSON.stringify(a));
        return;
      }
      default: {
        // A new event type without a projection would silently not persist.
        const unhandled: never = event;
        throw new Error(`no projection for ${(unhandled as HallEvent).type}`);
      }
    }
  }

  /** The sealed identity behind a reference, opened; undefined once purged. */
  revealIdentity(ref: string): { number: string; name?: string } | undefined {
    const row = this.#stmt.identity.get(ref) as { sealed: Buffer } | undefined;
    if (!row) return undefined;
    return JSON.parse(this.vault.unseal(row.sealed)) as { number: string; name?: string };
  }

  /**
   * Retention: sealed identities older than the cut-off are deleted, and the
   * masked copies on tickets and appointments of that age are removed too.
   * Runs at every start and then daily, so it reads only what it changes:
   * identities by their age, and the tickets that still carry one (a partial
   * index), never the whole history.
   */
  purgePersonalData(cutoff: number): { identities: number; tickets: number; appointments: number } {
    return this.db.transaction(() => {
      const identities = this.db.prepare('DELETE FROM identities WHERE created_at < ?').run(cutoff).changes;
      const tickets = this.db
        .prepare("UPDATE tickets SET data = json_remove(data, '$.identity'), has_identity = 0 WHERE has_identity = 1 AND issued_at < ?")
        .run(cutoff).changes;
      const appointments = this.db
        .prepare("UPDATE appointments SET data = json_remove(data, '$.identity') WHERE slot_end < ? AND json_extract(data, '$.identity') IS NOT NULL")
        .run(cutoff).changes;
      return { identities, tickets, appointments };
    })();
  }

  ticketsOfDays(from: string, to: string): Ticket[] {
    return (this.db.prepare('SELECT data FROM tickets WHERE day BETWEEN ? AND ?').pluck().all(from, to) as string[]).map((d) => JSON.parse(d) as Ticket);
  }

  ratingsOfDays(from: string, to: string): { level: RatingLevel; service_code: string; window_no: number | null; reason: string | null }[] {
    return this.db.prepare('SELECT level, service_code, window_no, reason FROM ratings WHERE day BETWEEN ? AND ?').all(from, to) as never;
  }
}
