/**
 * The filing machine's own durable state, in one SQLite file beside the
 * ticket outbox (`filings.db`; WAL, synchronous=FULL, readable by the
 * agent's user only):
 *
 * - filings made while the hall was unreachable, each with the exact body
 *   the hall will get, its Idempotency-Key and the tracking code printed on
 *   the visitor's receipt, and the bytes of its pages, all written in one
 *   transaction: a receipt is never printed for a filing that is not stored
 *   whole;
 * - links from filings to queue tickets that could not be made at once (the
 *   ticket was issued offline, or the hall went away in between);
 * - the last good list of filing services and every guide, so the guide,
 *   the form and its checks work in an outage and after a restart in one.
 *
 * Personal data (the applicant's number and name, the form values, the
 * pages) is sealed (offline/outbox-sealer.ts: the whole body, and each
 * page's bytes) and stays only until the hall has the filing or has refused
 * it for good; then the row keeps the code, the service and the outcome,
 * which a lookup at this machine still answers.
 */
import type { OutboxSealer } from '../offline/outbox-sealer.ts';
import { SealedOutbox, type OutboxLayout, type SealedOutboxOptions } from '../offline/sealed-outbox.ts';
import type { SubmitFilingRequest } from '@hall/server/protocol';
import type { FilingStatus } from '../../shared/kiosk-api.ts';

/** A filing exactly as the hall's submitFiling takes it. */
export type FilingBody = SubmitFilingRequest;

export type OutboxPage = { sha256: string; contentType: string; bytes: Buffer };

/** pending: to be submitted; delivered: the hall has it; parked: the hall refused it for good (kept aside, never resent). */
export type OutboxFilingState = 'pending' | 'delivered' | 'parked';

/** A queue ticket to link to the filing: by id, or by the offline ticket's lease and number until that ticket has synced. */
export type TicketLink = { ticketId?: string; leaseId?: string; number?: string; state: 'waiting' | 'linked' | 'failed'; error?: string };

export type LocalizedName = { 'zh-CN': string; en: string };

export type OutboxFiling = {
  seq: number;
  trackingCode: string;
  idempotencyKey: string;
  serviceCode: string;
  serviceName: LocalizedName;
  submittedAt: string;
  state: OutboxFilingState;
  /** Until delivered or parked. */
  body?: FilingBody;
  /** The hall's status and due date once delivered. */
  status?: FilingStatus;
  dueDate?: string;
  /** Why the hall refused it (its error code), when parked. */
  error?: string;
  /** When the hall took it or refused it for good. */
  settledAt?: string;
  link?: TicketLink;
};

type Row = {
  seq: number;
  tracking_code: string;
  idempotency_key: string;
  service_code: string;
  service_name: string;
  submitted_at: string;
  state: OutboxFilingState;
  body: string | null;
  body_sealed: Buffer | null;
  status: string | null;
  due_date: string | null;
  error: string | null;
  link_ticket_id: string | null;
  link_lease_id: string | null;
  link_number: string | null;
  link_state: TicketLink['state'] | null;
  link_error: string | null;
  settled_at: string | null;
};

const MIGRATIONS = [
  `CREATE TABLE filings (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     tracking_code TEXT NOT NULL UNIQUE, idempotency_key TEXT NOT NULL,
     service_code TEXT NOT NULL, service_name TEXT NOT NULL, submitted_at TEXT NOT NULL,
     state TEXT NOT NULL, body TEXT, status TEXT, due_date TEXT, error TEXT,
     link_ticket_id TEXT, link_lease_id TEXT, link_number TEXT, link_state TEXT, link_error TEXT,
     settled_at TEXT);
   CREATE INDEX filings_state ON filings (state, seq);
   CREATE TABLE filing_pages (
     filing_seq INTEGER NOT NULL REFERENCES filings (seq) ON DELETE CASCADE,
     sha256 TEXT NOT NULL, content_type TEXT NOT NULL, bytes BLOB NOT NULL,
     PRIMARY KEY (filing_seq, sha256));
   CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Bodies and page bytes sealed; \`body\` stays, empty, for older files.
  `ALTER TABLE filings ADD COLUMN body_sealed BLOB;
   ALTER TABLE filing_pages ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;`,
];

/** What a sealed body or page is bound to. */
const bodyRow = (trackingCode: string) => `filing:${trackingCode}`;
const pageRow = (seq: number, sha256: string) => `page:${seq}:${sha256}`;

function fromRow(r: Row, sealer: OutboxSealer): OutboxFiling {
  const f: OutboxFiling = {
    seq: r.seq,
    trackingCode: r.tracking_code,
    idempotencyKey: r.idempotency_key,
    serviceCode: r.service_code,
    serviceName: JSON.parse(r.service_name) as LocalizedName,
    submittedAt: r.submitted_at,
    state: r.state,
  };
  if (r.body_sealed !== null) f.body = sealer.openJson<FilingBody>(r.body_sealed, bodyRow(r.tracking_code));
  if (r.status !== null) f.status = r.status as FilingStatus;
  if (r.due_date !== null) f.dueDate = r.due_date;
  if (r.error !== null) f.error = r.error;
  if (r.settled_at !== null) f.settledAt = r.settled_at;
  if (r.link_state !== null) {
    const link: TicketLink = { state: r.link_state };
    if (r.link_ticket_id !== null) link.ticketId = r.link_ticket_id;
    if (r.link_lease_id !== null) link.leaseId = r.link_lease_id;
    if (r.link_number !== null) link.number = r.link_number;
    if (r.link_error !== null) link.error = r.link_error;
    f.link = link;
  }
  return f;
}

/** A filing as it is queued: what it will be delivered as, with the code and key the visitor's receipt and the hall know it by. */
export type NewOutboxFiling = Pick<OutboxFiling, 'trackingCode' | 'idempotencyKey' | 'serviceCode' | 'serviceName' | 'submittedAt'> & { body: FilingBody };

const LAYOUT: OutboxLayout = {
  migrations: MIGRATIONS,
  anySealed: 'SELECT 1 FROM filings WHERE body_sealed IS NOT NULL UNION ALL SELECT 1 FROM filing_pages WHERE sealed = 1 LIMIT 1',
  sealClearRows(db, sealer) {
    const bodies = db.prepare('SELECT seq, tracking_code, body FROM filings WHERE body IS NOT NULL').all() as {
      seq: number;
      tracking_code: string;
      body: string;
    }[];
    const pages = db.prepare('SELECT filing_seq, sha256, bytes FROM filing_pages WHERE sealed = 0').all() as {
      filing_seq: number;
      sha256: string;
      bytes: Buffer;
    }[];
    const setBody = db.prepare('UPDATE filings SET body_sealed = ?, body = NULL WHERE seq = ?');
    const setPage = db.prepare('UPDATE filing_pages SET bytes = ?, sealed = 1 WHERE filing_seq = ? AND sha256 = ?');
    for (const b of bodies) setBody.run(sealer.seal(b.body, bodyRow(b.tracking_code)), b.seq);
    for (const p of pages) setPage.run(sealer.seal(p.bytes, pageRow(p.filing_seq, p.sha256)), p.filing_seq, p.sha256);
    return bodies.length > 0 || pages.length > 0;
  },
};

export class FilingOutbox extends SealedOutbox {
  constructor(file: string, options: SealedOutboxOptions = {}) {
    super(file, LAYOUT, options);
  }

  // --- filings ----------------------------------------------------------------------

  /** Stores a filing made offline with its pages, in one transaction. Throws on a tracking code already used here. */
  queue(filing: NewOutboxFiling, pages: readonly OutboxPage[], link?: TicketLink): OutboxFiling {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO filings (tracking_code, idempotency_key, service_code, service_name, submitted_at, state, body_sealed, link_ticket_id, link_lease_id, link_number, link_state)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
        )
        .run(
          filing.trackingCode,
          filing.idempotencyKey,
          filing.serviceCode,
          JSON.stringify(filing.serviceName),
          filing.submittedAt,
          this.sealer.sealJson(filing.body, bodyRow(filing.trackingCode)),
          link?.ticketId ?? null,
          link?.leaseId ?? null,
          link?.number ?? null,
          link?.state ?? null,
        );
      const seq = Number(info.lastInsertRowid);
      const put = this.db.prepare('INSERT OR IGNORE INTO filing_pages (filing_seq, sha256, content_type, bytes, sealed) VALUES (?, ?, ?, ?, 1)');
      for (const p of pages) put.run(seq, p.sha256, p.contentType, this.sealer.seal(p.bytes, pageRow(seq, p.sha256)));
      return this.#get(seq)!;
    })();
  }

  /** Records a filing the hall already has, only so that its ticket can be linked later. */
  rememberDelivered(
    filing: { trackingCode: string; serviceCode: string; serviceName: LocalizedName; submittedAt: string; status: FilingStatus; dueDate?: string },
    link: TicketLink,
    now: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO filings (tracking_code, idempotency_key, service_code, service_name, submitted_at, state, status, due_date, link_ticket_id, link_lease_id, link_number, link_state, settled_at)
         VALUES (?, '', ?, ?, ?, 'delivered', ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tracking_code) DO UPDATE SET link_ticket_id = excluded.link_ticket_id, link_lease_id = excluded.link_lease_id,
           link_number = excluded.link_number, link_state = excluded.link_state, link_error = NULL`,
      )
      .run(
        filing.trackingCode,
        filing.serviceCode,
        JSON.stringify(filing.serviceName),
        filing.submittedAt,
        filing.status,
        filing.dueDate ?? null,
        link.ticketId ?? null,
        link.leaseId ?? null,
        link.number ?? null,
        link.state,
        now,
      );
  }

  /** Attaches a ticket to link to a filing already stored here. */
  setLink(trackingCode: string, link: TicketLink): void {
    this.db
      .prepare('UPDATE filings SET link_ticket_id = ?, link_lease_id = ?, link_number = ?, link_state = ?, link_error = ? WHERE tracking_code = ?')
      .run(link.ticketId ?? null, link.leaseId ?? null, link.number ?? null, link.state, link.error ?? null, trackingCode);
  }

  #get(seq: number): OutboxFiling | undefined {
    const row = this.db.prepare('SELECT * FROM filings WHERE seq = ?').get(seq) as Row | undefined;
    return row && fromRow(row, this.sealer);
  }

  find(trackingCode: string): OutboxFiling | undefined {
    const row = this.db.prepare('SELECT * FROM filings WHERE tracking_code = ?').get(trackingCode) as Row | undefined;
    return row && fromRow(row, this.sealer);
  }

  /** Filings waiting for the hall, in the order they were made. */
  pending(): OutboxFiling[] {
    return (this.db.prepare("SELECT * FROM filings WHERE state = 'pending' ORDER BY seq").all() as Row[]).map((r) => fromRow(r, this.sealer));
  }

  /** Delivered filings whose ticket is still to be linked. */
  linksWaiting(): OutboxFiling[] {
    return (this.db.prepare("SELECT * FROM filings WHERE state = 'delivered' AND link_state = 'waiting' ORDER BY seq").all() as Row[]).map((r) =>
      fromRow(r, this.sealer),
    );
  }

  all(): OutboxFiling[] {
    return (this.db.prepare('SELECT * FROM filings ORDER BY seq').all() as Row[]).map((r) => fromRow(r, this.sealer));
  }

  /** Filings the hall refused for good, newest first: for staff, who help the visitors holding their receipts. */
  parked(): OutboxFiling[] {
    return (this.db.prepare("SELECT * FROM filings WHERE state = 'parked' ORDER BY seq DESC").all() as Row[]).map((r) => fromRow(r, this.sealer));
  }

  counts(): { pending: number; parked: number } {
    const rows = this.db.prepare("SELECT state, COUNT(*) AS n FROM filings WHERE state IN ('pending', 'parked') GROUP BY state").all() as {
      state: string;
      n: number;
    }[];
    const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { pending: n('pending'), parked: n('parked') };
  }

  pages(seq: number): OutboxPage[] {
    return (
      this.db.prepare('SELECT sha256, content_type, bytes FROM filing_pages WHERE filing_seq = ? ORDER BY rowid').all(seq) as {
        sha256: string;
        content_type: string;
        bytes: Buffer;
      }[]
    ).map((r) => ({ sha256: r.sha256, contentType: r.content_type, bytes: this.sealer.open(r.bytes, pageRow(seq, r.sha256)) }));
  }

  /** The hall has it: its personal data and pages go, the code and the outcome stay. */
  markDelivered(seq: number, outcome: { status: FilingStatus; dueDate?: string }, now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE filings SET state = 'delivered', body = NULL, body_sealed = NULL, status = ?, due_date = ?, settled_at = ? WHERE seq = ? AND state = 'pending'",
        )
        .run(outcome.status, outcome.dueDate ?? null, now, seq);
      this.db.prepare('DELETE FROM filing_pages WHERE filing_seq = ?').run(seq);
    })();
  }

  /**
   * The hall refused it for good: kept aside with the hall's reason and never
   * resent. Its personal data and pages go too (nothing at the kiosk can make
   * the hall take it; the visitor brings the receipt to the desk), and a
   * ticket waiting to be linked to it will not be.
   */
  park(seq: number, error: string, now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE filings SET state = 'parked', body = NULL, body_sealed = NULL, error = ?, settled_at = ?,
             link_state = CASE WHEN link_state = 'waiting' THEN 'failed' ELSE link_state END,
             link_error = CASE WHEN link_state = 'waiting' THEN 'FILING_PARKED' ELSE link_error END
           WHERE seq = ? AND state = 'pending'`,
        )
        .run(error, now, seq);
      this.db.prepare('DELETE FROM filing_pages WHERE filing_seq = ?').run(seq);
    })();
  }

  /** Forgets settled filings older than `before` (ISO); pending ones are never dropped. */
  prune(before: string): number {
    return this.db
      .prepare("DELETE FROM filings WHERE state <> 'pending' AND settled_at IS NOT NULL AND settled_at < ? AND (link_state IS NULL OR link_state <> 'waiting')")
      .run(before).changes;
  }
}
