/**
 * The kiosk's own durable state for offline issuing, in one SQLite file
 * (WAL, synchronous=FULL, so a ticket handed to a visitor survives a power
 * cut): the number leases taken from the hall, the outbox of tickets issued
 * offline, and the last catalogue seen, so an agent restarted during an
 * outage can still issue.
 *
 * Taking a number and recording its ticket happen in one transaction, so a
 * crash can never hand the same number out twice. ID numbers and names stay
 * only until the hall has the ticket, sealed (outbox-sealer.ts) with a keyed
 * hash of the number beside them for the one-ticket rule; they are erased on
 * acknowledgement.
 */
import { SealedOutbox, type OutboxLayout, type SealedOutboxOptions } from './sealed-outbox.ts';
import type { NumberLease } from '@hall/server/protocol';

export type OutboxState = 'pending' | 'synced' | 'void' | 'rejected';

export type OutboxTicket = {
  number: string;
  leaseId: string;
  serviceCode: string;
  issuedAt: string;
  idNumber?: string;
  name?: string;
  state: OutboxState;
  ticketId?: string;
  error?: string;
};

type OutboxRow = {
  number: string;
  lease_id: string;
  service_code: string;
  issued_at: string;
  id_number: string | null;
  name: string | null;
  personal: Buffer | null;
  state: OutboxState;
  ticket_id: string | null;
  error: string | null;
};

const MIGRATIONS = [
  `CREATE TABLE leases (
     id TEXT PRIMARY KEY, day TEXT NOT NULL, service_code TEXT NOT NULL, prefix TEXT NOT NULL,
     numbers TEXT NOT NULL, next INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
   CREATE TABLE outbox (
     number TEXT NOT NULL, lease_id TEXT NOT NULL, service_code TEXT NOT NULL, issued_at TEXT NOT NULL,
     id_number TEXT, name TEXT, state TEXT NOT NULL, ticket_id TEXT, error TEXT, seq INTEGER NOT NULL,
     PRIMARY KEY (lease_id, number));
   CREATE INDEX outbox_state ON outbox (state, issued_at);
   CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // The ID number and name move to one sealed column; id_number and name stay, empty, for older files.
  `ALTER TABLE outbox ADD COLUMN personal BLOB;
   ALTER TABLE outbox ADD COLUMN id_hash TEXT;
   CREATE INDEX outbox_holder ON outbox (id_hash, service_code) WHERE state = 'pending';`,
];

type Personal = { idNumber?: string; name?: string };

/** What a sealed value is bound to: its ticket. */
const rowOf = (leaseId: string, number: string) => `ticket:${leaseId}:${number}`;

const LAYOUT: OutboxLayout = {
  migrations: MIGRATIONS,
  anySealed: 'SELECT 1 FROM outbox WHERE personal IS NOT NULL LIMIT 1',
  sealClearRows(db, sealer) {
    const rows = db.prepare('SELECT lease_id, number, id_number, name FROM outbox WHERE id_number IS NOT NULL OR name IS NOT NULL').all() as {
      lease_id: string;
      number: string;
      id_number: string | null;
      name: string | null;
    }[];
    const update = db.prepare('UPDATE outbox SET personal = ?, id_hash = ?, id_number = NULL, name = NULL WHERE lease_id = ? AND number = ?');
    for (const r of rows) {
      const personal: Personal = { ...(r.id_number !== null ? { idNumber: r.id_number } : {}), ...(r.name !== null ? { name: r.name } : {}) };
      update.run(sealer.sealJson(personal, rowOf(r.lease_id, r.number)), r.id_number !== null ? sealer.hash(r.id_number) : null, r.lease_id, r.number);
    }
    return rows.length > 0;
  },
};

export class OfflineStore extends SealedOutbox {
  #seq: number;

  constructor(file: string, options: SealedOutboxOptions = {}) {
    super(file, LAYOUT, options);
    const row = this.db.prepare('SELECT MAX(m) AS m FROM (SELECT MAX(seq) AS m FROM leases UNION ALL SELECT MAX(seq) FROM outbox)').get() as {
      m: number | null;
    };
    this.#seq = row.m ?? 0;
  }

  #fromRow(r: OutboxRow): OutboxTicket {
    const t: OutboxTicket = { number: r.number, leaseId: r.lease_id, serviceCode: r.service_code, issuedAt: r.issued_at, state: r.state };
    const personal: Personal = r.personal !== null ? this.sealer.openJson<Personal>(r.personal, rowOf(r.lease_id, r.number)) : {};
    if (personal.idNumber !== undefined) t.idNumber = personal.idNumber;
    if (personal.name !== undefined) t.name = personal.name;
    if (r.ticket_id !== null) t.ticketId = r.ticket_id;
    if (r.error !== null) t.error = r.error;
    return t;
  }

  // --- leases --------------------------------------------------------------------

  addLease(lease: NumberLease): void {
    const unused = lease.numbers.filter((n) => !lease.used.includes(Number(n.slice(lease.prefix.length))));
    this.db
      .prepare('INSERT OR IGNORE INTO leases (id, day, service_code, prefix, numbers, next, seq) VALUES (?, ?, ?, ?, ?, 0, ?)')
      .run(lease.id, lease.day, lease.serviceCode, lease.prefix, JSON.stringify(unused), ++this.#seq);
  }

  /** Numbers still free for a service on a hall day. */
  remaining(serviceCode: string, day: string): number {
    const rows = this.db.prepare('SELECT numbers, next FROM leases WHERE service_code = ? AND day = ?').all(serviceCode, day) as {
      numbers: string;
      next: number;
    }[];
    return rows.reduce((n, r) => n + (JSON.parse(r.numbers) as string[]).length - r.next, 0);
  }

  /** Forgets leases of other days: their numbers can no longer be used (their tickets stay in the outbox). */
  dropLeasesExcept(day: string): number {
    return this.db.prepare('DELETE FROM leases WHERE day <> ?').run(day).changes;
  }

  /**
   * Takes the next leased number for a service and records its ticket, in one
   * transaction. Undefined when no number is left for that day.
   */
  issue(serviceCode: string, day: string, ticket: { issuedAt: string; idNumber?: string; name?: string }): OutboxTicket | undefined {
    return this.db.transaction(() => {
      const leases = this.db.prepare('SELECT id, numbers, next FROM leases WHERE service_code = ? AND day = ? ORDER BY seq').all(serviceCode, day) as {
        id: string;
        numbers: string;
        next: number;
      }[];
      for (const lease of leases) {
        const numbers = JSON.parse(lease.numbers) as string[];
        if (lease.next >= numbers.length) continue;
        const number = numbers[lease.next]!;
        this.db.prepare('UPDATE leases SET next = next + 1 WHERE id = ?').run(lease.id);
        const personal: Personal = {
          ...(ticket.idNumber !== undefined ? { idNumber: ticket.idNumber } : {}),
          ...(ticket.name !== undefined ? { name: ticket.name } : {}),
        };
        const sealed = personal.idNumber !== undefined || personal.name !== undefined ? this.sealer.sealJson(personal, rowOf(lease.id, number)) : null;
        this.db
          .prepare("INSERT INTO outbox (number, lease_id, service_code, issued_at, personal, id_hash, state, seq) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)")
          .run(number, lease.id, serviceCode, ticket.issuedAt, sealed, ticket.idNumber !== undefined ? this.sealer.hash(ticket.idNumber) : null, ++this.#seq);
        const out: OutboxTicket = { number, leaseId: lease.id, serviceCode, issuedAt: ticket.issuedAt, state: 'pending' };
        if (ticket.idNumber !== undefined) out.idNumber = ticket.idNumber;
        if (ticket.name !== undefined) out.name = ticket.name;
        return out;
      }
      return undefined;
    })();
  }

  /** A ticket that never reached the visitor (its print failed): never synced, its number simply unused. */
  voidTicket(leaseId: string, number: string): void {
    this.db.prepare("UPDATE outbox SET state = 'void', personal = NULL, id_hash = NULL WHERE lease_id = ? AND number = ?").run(leaseId, number);
  }

  /** Tickets waiting for the hall, oldest first. */
  pending(): OutboxTicket[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE state = 'pending' ORDER BY issued_at, seq").all() as OutboxRow[]).map((r) => this.#fromRow(r));
  }

  pendingCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  }

  all(): OutboxTicket[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[]).map((r) => this.#fromRow(r));
  }

  /** The hall has these tickets now: drop the personal data, keep the record. */
  markSynced(leaseId: string, synced: { number: string; ticketId?: string }[]): void {
    const stmt = this.db.prepare(
      "UPDATE outbox SET state = 'synced', ticket_id = ?, personal = NULL, id_hash = NULL WHERE lease_id = ? AND number = ? AND state = 'pending'",
    );
    this.db.transaction(() => {
      for (const t of synced) stmt.run(t.ticketId ?? null, leaseId, t.number);
    })();
  }

  /** The hall refused these for good (its data was wiped, the lease is unknown): kept for staff, not retried. */
  markRejected(leaseId: string, numbers: string[], error: string): void {
    const stmt = this.db.prepare(
      "UPDATE outbox SET state = 'rejected', error = ?, personal = NULL, id_hash = NULL WHERE lease_id = ? AND number = ? AND state = 'pending'",
    );
    this.db.transaction(() => {
      for (const n of numbers) stmt.run(error, leaseId, n);
    })();
  }

  /** An outbox ticket by its lease and number, whatever its state (a filing machine links filings to its offline tickets). */
  find(leaseId: string, number: string): OutboxTicket | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE lease_id = ? AND number = ?').get(leaseId, number) as OutboxRow | undefined;
    return row && this.#fromRow(row);
  }

  /** A pending offline ticket by number (for lookups while offline). */
  findPending(number: string): OutboxTicket | undefined {
    const row = this.db.prepare("SELECT * FROM outbox WHERE number = ? AND state = 'pending' ORDER BY seq DESC").get(number) as OutboxRow | undefined;
    return row && this.#fromRow(row);
  }

  /** Does this person already hold an unsynced ticket for this service (the hall's one-ticket rule, offline)? */
  holdsPending(idNumber: string, serviceCode: string): string | undefined {
    const row = this.db
      .prepare("SELECT number FROM outbox WHERE id_hash = ? AND service_code = ? AND state = 'pending'")
      .get(this.sealer.hash(idNumber), serviceCode) as { number: string } | undefined;
    return row?.number;
  }
}
