/**
 * Filings in SQLite (migration 6): the filings, their history, the uploaded
 * files and 我的材料. The applicant's number and name and the form's values
 * are sealed with the vault on the way in; in the clear the rows hold masks,
 * the keyed hash used for look-ups, and the material and page lists.
 *
 * Every write is one transaction on the hall's connection (WAL,
 * synchronous=FULL): a filing, its first history entry, its files marked
 * referenced and the materials kept for reuse land together or not at all.
 */
import type Database from 'better-sqlite3';
import type { FileContentType } from '../domain/config.ts';
import { invalid } from '../domain/errors.ts';
import type {
  ApplicantKind,
  Filing,
  FilingActor,
  FilingHistoryEntry,
  FilingMaterial,
  FilingPage,
  FilingStatus,
  MyMaterial,
  StoredFile,
} from '../filing/model.ts';
import type { Vault } from './vault.ts';

type FilingRow = {
  id: string;
  tracking_code: string;
  service_code: string;
  status: FilingStatus;
  submitted_at: number;
  received_at: number;
  due_date: string | null;
  applicant_kind: ApplicantKind;
  applicant_hash: string;
  applicant_masked: string;
  applicant_name_masked: string | null;
  materials: string;
  return_reason: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  offline: number;
  terminal: string | null;
};

type HistoryRow = { status: FilingStatus; at: number; actor: string | null; reason: string | null };
type FileRow = { sha256: string; size: number; content_type: FileContentType; created_at: number; referenced: number };
type MyMaterialRow = {
  id: string;
  owner_hash: string;
  material_id: string;
  name: string;
  filing_id: string;
  pages: string;
  submitted_at: number;
  expires_at: number;
};

const FILING_COLUMNS =
  'id, tracking_code, service_code, status, submitted_at, received_at, due_date, applicant_kind, applicant_hash, applicant_masked, ' +
  'applicant_name_masked, materials, return_reason, ticket_id, ticket_number, offline, terminal';

export type NewFiling = Omit<Filing, 'history' | 'status' | 'returnReason'> & {
  /** In the clear only on the way to being sealed. */
  applicantNumber: string;
  applicantName?: string;
  form: Record<string, string>;
  /** `tokenId|Idempotency-Key`: a retry after a lost answer, even across a restart, finds the same filing. */
  requestKey?: string;
  files: readonly string[];
  keep: readonly { id: string; materialId: string; name: string; pages: FilingPage[]; expiresAt: number }[];
};

export type RevealedFiling = { applicant: { number: string; name?: string }; form: Record<string, string> };

export class FilingStore {
  readonly #db: Database.Database;
  readonly #vault: Vault;
  readonly #stmt;
  readonly #insertTx: (filing: NewFiling) => void;

  /**
   * `uploads` takes the upload rows: a connection that does not sync each
   * commit (HallStore.relaxedConnection). An upload's bytes are synced
   * before its row is written; the row becomes durable with the next
   * synced commit (the filing that takes the page up is one). Lost in a
   * power cut, it only means the page is uploaded again — and the purge
   * sweeps files that have no row.
   */
  constructor(db: Database.Database, vault: Vault, uploads: Database.Database = db) {
    this.#db = db;
    this.#vault = vault;
    this.#stmt = {
      // Uploading a page again restarts its 24 hours, so a purge cannot take it from under a filing being made.
      upsertFile: uploads.prepare(
        'INSERT INTO filing_files (sha256, size, content_type, stored_name, created_at, referenced) VALUES (?, ?, ?, ?, ?, 0) ' +
          'ON CONFLICT (sha256) DO UPDATE SET created_at = excluded.created_at WHERE referenced = 0',
      ),
      file: db.prepare('SELECT sha256, size, content_type, created_at, referenced FROM filing_files WHERE sha256 = ?'),
      storedNameKnown: db.prepare('SELECT 1 FROM filing_files WHERE stored_name = ?').pluck(),
      markReferenced: db.prepare('UPDATE filing_files SET referenced = 1 WHERE sha256 = ?'),
      unreferenced: db.prepare('SELECT sha256 FROM filing_files WHERE referenced = 0 AND created_at < ? ORDER BY created_at LIMIT ?').pluck(),
      deleteUnreferenced: db.prepare('DELETE FROM filing_files WHERE sha256 = ? AND referenced = 0'),
      insertFiling: db.prepare(
        `INSERT INTO filings (${FILING_COLUMNS}, applicant_sealed, form_sealed, request_key, updated_at) ` +
          'VALUES (@id, @trackingCode, @serviceCode, @status, @submittedAt, @receivedAt, @dueDate, @kind, @hash, @masked, @nameMasked, @materials, NULL, @ticketId, @ticketNumber, @offline, @terminal, @applicantSealed, @formSealed, @requestKey, @receivedAt)',
      ),
      insertHistory: db.prepare('INSERT INTO filing_history (filing_id, status, at, actor, reason) VALUES (?, ?, ?, ?, ?)'),
      byCode: db.prepare(`SELECT ${FILING_COLUMNS} FROM filings WHERE tracking_code = ?`),
      byId: db.prepare(`SELECT ${FILING_COLUMNS} FROM filings WHERE id = ?`),
      byTicket: db.prepare(`SELECT ${FILING_COLUMNS} FROM filings WHERE ticket_id = ?`),
      byRequestKey: db.prepare(`SELECT ${FILING_COLUMNS} FROM filings WHERE request_key = ?`),
      byApplicant: db.prepare(`SELECT ${FILING_COLUMNS} FROM filings WHERE applicant_hash = ? ORDER BY submitted_at DESC, id DESC LIMIT ?`),
      codeOfTicket: db.prepare('SELECT tracking_code FROM filings WHERE ticket_id = ?').pluck(),
      codeTaken: db.prepare('SELECT 1 FROM filings WHERE tracking_code = ?').pluck(),
      sealed: db.prepare('SELECT applicant_sealed, form_sealed FROM filings WHERE id = ?'),
      history: db.prepare('SELECT status, at, actor, reason FROM filing_history WHERE filing_id = ? ORDER BY id'),
      setStatus: db.prepare('UPDATE filings SET status = ?, return_reason = ?, updated_at = ? WHERE id = ? AND status = ?'),
      link: db.prepare('UPDATE filings SET ticket_id = ?, ticket_number = ?, updated_at = ? WHERE id = ? AND ticket_id IS NULL'),
      fileInFiling: db.prepare('SELECT 1 FROM filing_files WHERE sha256 = ? AND referenced = 1').pluck(),
      deleteKeptLike: db.prepare('DELETE FROM my_materials WHERE owner_hash = ? AND material_id = ?'),
      insertKept: db.prepare(
        'INSERT INTO my_materials (id, owner_hash, material_id, name, filing_id, pages, submitted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      kept: db.prepare('SELECT * FROM my_materials WHERE id = ?'),
      keptOf: db.prepare('SELECT * FROM my_materials WHERE owner_hash = ? AND expires_at > ? ORDER BY submitted_at DESC'),
      purgeKept: db.prepare('DELETE FROM my_materials WHERE expires_at <= ?'),
    };
    this.#insertTx = db.transaction((f: NewFiling) => {
      const s = this.#stmt;
      s.insertFiling.run({
        id: f.id,
        trackingCode: f.trackingCode,
        serviceCode: f.serviceCode,
        status: 'submitted',
        submittedAt: f.submittedAt,
        receivedAt: f.receivedAt,
        dueDate: f.dueDate ?? null,
        kind: f.applicant.kind,
        hash: f.applicant.hash,
        masked: f.applicant.masked,
        nameMasked: f.applicant.nameMasked ?? null,
        materials: JSON.stringify(f.materials),
        ticketId: f.ticketId ?? null,
        ticketNumber: f.ticketNumber ?? null,
        offline: f.offline ? 1 : 0,
        terminal: f.terminal ?? null,
        applicantSealed: this.#vault.seal(JSON.stringify({ number: f.applicantNumber, name: f.applicantName })),
        formSealed: this.#vault.seal(JSON.stringify(f.form)),
        requestKey: f.requestKey ?? null,
      });
      s.insertHistory.run(f.id, 'submitted', f.submittedAt, null, null);
      // The purge forgets a stray upload's row before deleting its bytes; a row gone here means the bytes are going.
      for (const sha256 of f.files) {
        if (s.markReferenced.run(sha256).changes !== 1) throw invalid('FILE_NOT_UPLOADED', `page ${sha256} is no longer stored; upload it again`, { sha256 });
      }
      for (const k of f.keep) {
        // One kept copy per person and kind of material: the newest scan replaces the older.
        s.deleteKeptLike.run(f.applicant.hash, k.materialId);
        s.insertKept.run(k.id, f.applicant.hash, k.materialId, k.name, f.id, JSON.stringify(k.pages), f.submittedAt, k.expiresAt);
      }
    });
  }

  // ---- files -------------------------------------------------------------

  /** Before the bytes are written: a row without its file is purged like any stray upload, a file without a row never is. */
  recordFile(file: { sha256: string; size: number; contentType: FileContentType; storedName: string; createdAt: number }): void {
    this.#stmt.upsertFile.run(file.sha256, file.size, file.contentType, file.storedName, file.createdAt);
  }

  file(sha256: string): StoredFile | undefined {
    const row = this.#stmt.file.get(sha256) as FileRow | undefined;
    return row && { sha256: row.sha256, size: row.size, contentType: row.content_type, createdAt: row.created_at, referenced: row.referenced === 1 };
  }

  /** Whether a file on disk has its row (a file without one was left by a crash and is swept). */
  knowsStoredName(storedName: string): boolean {
    return this.#stmt.storedNameKnown.get(storedName) !== undefined;
  }

  /** Uploads no filing took up, older than `cutoff`: their bytes are to be deleted, then `forgetFile`. */
  unreferencedFiles(cutoff: number, limit = 500): string[] {
    return this.#stmt.unreferenced.all(cutoff, limit) as string[];
  }

  /** Forgets a stray upload; false when a filing took it up meanwhile (then its bytes must stay). */
  forgetFile(sha256: string): boolean {
    return this.#stmt.deleteUnreferenced.run(sha256).changes === 1;
  }

  // ---- filings -----------------------------------------------------------

  insert(filing: NewFiling): void {
    this.#insertTx(filing);
  }

  trackingCodeTaken(code: string): boolean {
    return this.#stmt.codeTaken.get(code) !== undefined;
  }

  byCode(code: string): Filing | undefined {
    return this.#filing(this.#stmt.byCode.get(code) as FilingRow | undefined);
  }

  byId(id: string): Filing | undefined {
    return this.#filing(this.#stmt.byId.get(id) as FilingRow | undefined);
  }

  byTicket(ticketId: string): Filing | undefined {
    return this.#filing(this.#stmt.byTicket.get(ticketId) as FilingRow | undefined);
  }

  byRequestKey(key: string): Filing | undefined {
    return this.#filing(this.#stmt.byRequestKey.get(key) as FilingRow | undefined);
  }

  /** A person's or company's filings, newest first. */
  byApplicant(hash: string, limit = 50): Filing[] {
    return (this.#stmt.byApplicant.all(hash, limit) as FilingRow[]).map((r) => this.#filing(r)!);
  }

  codeOfTicket(ticketId: string): string | undefined {
    return (this.#stmt.codeOfTicket.get(ticketId) as string | undefined) ?? undefined;
  }

  /** Whether a stored file is a page of some filing (only those are ever served). */
  fileInAFiling(sha256: string): boolean {
    return this.#stmt.fileInFiling.get(sha256) !== undefined;
  }

  /** The sealed part, opened: for the clerk's full view only. */
  reveal(id: string): RevealedFiling | undefined {
    const row = this.#stmt.sealed.get(id) as { applicant_sealed: Buffer; form_sealed: Buffer } | undefined;
    if (!row) return undefined;
    return {
      applicant: JSON.parse(this.#vault.unseal(row.applicant_sealed)) as RevealedFiling['applicant'],
      form: JSON.parse(this.#vault.unseal(row.form_sealed)) as Record<string, string>,
    };
  }

  /**
   * Records a status change decided on `from`. False when the filing is no
   * longer in that state (another change got there first).
   */
  changeStatus(id: string, from: FilingStatus, entry: { status: FilingStatus; at: number; by?: FilingActor; reason?: string }): boolean {
    return this.#db.transaction(() => {
      const returnReason = entry.status === 'returned' ? (entry.reason ?? null) : null;
      if (this.#stmt.setStatus.run(entry.status, returnReason, entry.at, id, from).changes !== 1) return false;
      this.#stmt.insertHistory.run(id, entry.status, entry.at, entry.by ? JSON.stringify(entry.by) : null, entry.reason ?? null);
      return true;
    })();
  }

  /** Links a filing to a ticket; false when it is already linked (to whichever ticket). */
  link(id: string, ticket: { id: string; number: string }, at: number): boolean {
    return this.#stmt.link.run(ticket.id, ticket.number, at, id).changes === 1;
  }

  // ---- 我的材料 -------------------------------------------------------------

  myMaterial(id: string): MyMaterial | undefined {
    const row = this.#stmt.kept.get(id) as MyMaterialRow | undefined;
    return row && keptOf(row);
  }

  myMaterialsOf(ownerHash: string, now: number): MyMaterial[] {
    return (this.#stmt.keptOf.all(ownerHash, now) as MyMaterialRow[]).map(keptOf);
  }

  /** Deletes kept materials past their expiry (their pages stay with the filings they came with). */
  purgeExpiredMyMaterials(now: number): number {
    return this.#stmt.purgeKept.run(now).changes;
  }

  /** Withdrawn consent: every kept material of the person or company with this hash goes, expired or not. */
  deleteMyMaterialsOf(ownerHash: string): number {
    return this.#db.prepare('DELETE FROM my_materials WHERE owner_hash = ?').run(ownerHash).changes;
  }

  /** The time of the newest change to any filing: how far retention may reach when the clock is not to be trusted. */
  newestChangeAt(): number | undefined {
    return (this.#db.prepare('SELECT max(updated_at) FROM filings').pluck().get() as number | null) ?? undefined;
  }

  /**
   * Retention: filings whose last change is older than `cutoff` are deleted
   * with their history and the materials kept from them, in batches of
   * `limit`. Pages that no remaining filing or kept material names lose
   * their rows here; their sha256s are returned so the caller deletes the
   * bytes after the commit (a page's row goes before its bytes, as for stray uploads).
   */
  purgeFilingsBefore(cutoff: number, limit = 200): { filings: number; myMaterials: number; pages: string[] } {
    return this.#db.transaction(() => {
      const rows = this.#db.prepare('SELECT id, materials FROM filings WHERE updated_at < ? ORDER BY updated_at LIMIT ?').all(cutoff, limit) as {
        id: string;
        materials: string;
      }[];
      if (rows.length === 0) return { filings: 0, myMaterials: 0, pages: [] };
      const candidates = new Set<string>();
      let myMaterials = 0;
      const keptOfFiling = this.#db.prepare('SELECT pages FROM my_materials WHERE filing_id = ?').pluck();
      const deleteKept = this.#db.prepare('DELETE FROM my_materials WHERE filing_id = ?');
      const deleteHistory = this.#db.prepare('DELETE FROM filing_history WHERE filing_id = ?');
      const deleteFiling = this.#db.prepare('DELETE FROM filings WHERE id = ?');
      for (const row of rows) {
        for (const m of JSON.parse(row.materials) as FilingMaterial[]) for (const p of m.pages) candidates.add(p.sha256);
        for (const pages of keptOfFiling.all(row.id) as string[]) for (const p of JSON.parse(pages) as FilingPage[]) candidates.add(p.sha256);
        myMaterials += deleteKept.run(row.id).changes;
        deleteHistory.run(row.id);
        deleteFiling.run(row.id);
      }
      // Content-addressed pages are shared: the same scan in a later filing, or reused from 我的材料, keeps its page.
      const stillNamed = this.#db
        .prepare('SELECT EXISTS (SELECT 1 FROM filings WHERE instr(materials, @sha) > 0) OR EXISTS (SELECT 1 FROM my_materials WHERE instr(pages, @sha) > 0)')
        .pluck();
      const forget = this.#db.prepare('DELETE FROM filing_files WHERE sha256 = ?');
      const pages: string[] = [];
      for (const sha of candidates) {
        if (stillNamed.get({ sha }) === 1) continue;
        if (forget.run(sha).changes === 1) pages.push(sha);
      }
      return { filings: rows.length, myMaterials, pages };
    })();
  }

  #filing(row: FilingRow | undefined): Filing | undefined {
    if (!row) return undefined;
    const history = (this.#stmt.history.all(row.id) as HistoryRow[]).map(
      (h): FilingHistoryEntry => ({
        status: h.status,
        at: h.at,
        by: h.actor ? (JSON.parse(h.actor) as FilingActor) : undefined,
        reason: h.reason ?? undefined,
      }),
    );
    return {
      id: row.id,
      trackingCode: row.tracking_code,
      serviceCode: row.service_code,
      status: row.status,
      submittedAt: row.submitted_at,
      receivedAt: row.received_at,
      dueDate: row.due_date ?? undefined,
      applicant: { kind: row.applicant_kind, hash: row.applicant_hash, masked: row.applicant_masked, nameMasked: row.applicant_name_masked ?? undefined },
      materials: JSON.parse(row.materials) as FilingMaterial[],
      returnReason: row.return_reason ?? undefined,
      ticketId: row.ticket_id ?? undefined,
      ticketNumber: row.ticket_number ?? undefined,
      offline: row.offline === 1,
      terminal: row.terminal ?? undefined,
      history,
    };
  }
}

function keptOf(row: MyMaterialRow): MyMaterial {
  return {
    id: row.id,
    ownerHash: row.owner_hash,
    materialId: row.material_id,
    name: row.name,
    filingId: row.filing_id,
    pages: JSON.parse(row.pages) as FilingPage[],
    submittedAt: row.submitted_at,
    expiresAt: row.expires_at,
  };
}
