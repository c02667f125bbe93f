/**
 * 自助申报 as a running service: uploads, submissions, look-ups, status
 * changes and links to tickets, over the filing store (rows) and the file
 * store (encrypted bytes). Every decision is taken by the pure functions of
 * src/filing/; this class gathers what they need, then writes.
 *
 * Filings stay outside the queue's event log: they change no queue state,
 * and their personal data (sealed applicant, sealed form) must not be copied
 * into a log that is kept for ever. Tickets see them through the link.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { FileContentType, ServiceItem } from './domain/config.ts';
import { conflict, invalid, notFound, tooLarge, unsupportedType } from './domain/errors.ts';
import { localParts } from './domain/hall-time.ts';
import { checkIdentity } from './domain/identity.ts';
import { withinHours } from './domain/issue.ts';
import type { Ticket } from './domain/model.ts';
import { dueDate } from './filing/due-date.ts';
import { matchesSignature } from './filing/file-types.ts';
import type { Filing, FilingActor, FilingStatus, MyMaterial } from './filing/model.ts';
import { decideStatusChange } from './filing/status.ts';
import { checkSubmission, type SubmissionRequest } from './filing/submission.ts';
import { newTrackingCode, parseTrackingCode } from './forms.ts';
import { uuidv7, type Hall } from './hall.ts';
import type { FileStore } from './store/file-store.ts';
import type { FilingStore } from './store/filing-store.ts';

/** How far ahead of the hall's clock a kiosk's offline `submittedAt` may be (kiosk clocks drift). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Files no filing took up are deleted after this long. */
export const UNREFERENCED_FILE_TTL_MS = 24 * 3600_000;

export type SubmitRequest = SubmissionRequest & {
  trackingCode?: string;
  submittedAt?: string;
  ticketId?: string;
  terminal?: string;
};

export type SubmitResult = { filing: Filing; replayed: boolean };

export type FilingsDeps = {
  hall: Hall;
  store: FilingStore;
  files: FileStore;
  keyHash: (normalized: string) => string;
  logger?: Logger;
  random?: (size: number) => Uint8Array;
};

export class Filings {
  readonly #d: FilingsDeps;

  constructor(deps: FilingsDeps) {
    this.#d = deps;
  }

  get store(): FilingStore {
    return this.#d.store;
  }

  /** The encrypted pages on disk. */
  get files(): FileStore {
    return this.#d.files;
  }

  #item(code: string): ServiceItem | undefined {
    return this.#d.hall.config.services.find((s) => s.code === code);
  }

  /** Enabled for filing and within the item's issuing hours now. */
  isOpen(item: ServiceItem, now = this.#d.hall.clock()): boolean {
    if (item.filing?.enabled !== true) return false;
    const { config } = this.#d.hall;
    const local = localParts(now, config.timeZone);
    return withinHours(item.issuingHours ?? config.rules.issuingHours, local.weekday, local.minutes);
  }

  /**
   * Stores one page as its bytes arrive: over the size limit 413, not of
   * its declared type by its first bytes 415, another SHA-256 than claimed
   * 400 — and then nothing is kept. True when the page was new, false when
   * the hall already had it.
   */
  async upload(sha256: string, contentType: FileContentType, body: AsyncIterable<Uint8Array>): Promise<{ created: boolean; size: number }> {
    const { maxFileBytes } = this.#d.hall.config.filingLimits;
    // A page the hall has already is only hashed, not written again.
    const keep = !(this.#d.store.file(sha256) && (await this.#d.files.has(sha256)));
    const received = await this.#d.files.receive(sha256, body, { maxBytes: maxFileBytes, typeMatches: (head) => matchesSignature(contentType, head), keep });
    switch (received.outcome) {
      case 'too-large':
        throw tooLarge('FILE_TOO_LARGE', `a page may be at most ${maxFileBytes} bytes`, { maxFileBytes });
      case 'wrong-type':
        throw unsupportedType('FILE_TYPE_NOT_ALLOWED', `the bytes are not ${contentType}`);
      case 'hash-mismatch':
        throw invalid('FILE_HASH_MISMATCH', 'the body’s SHA-256 is not the one in the path: the upload was damaged, send it again', {
          sha256: received.sha256,
        });
    }
    this.#d.store.recordFile({ sha256, size: received.size, contentType, storedName: this.#d.files.storedName(sha256), createdAt: this.#d.hall.clock() });
    return { created: received.outcome === 'stored', size: received.size };
  }

  /** The bytes of a page that belongs to a filing; other uploads are never served. */
  async page(sha256: string): Promise<{ contentType: FileContentType; bytes: Buffer }> {
    const file = this.#d.store.file(sha256);
    if (!file || !this.#d.store.fileInAFiling(sha256)) throw notFound('FILE_NOT_FOUND', 'no page of a filing has this SHA-256');
    return { contentType: file.contentType, bytes: await this.#d.files.read(sha256) };
  }

  /**
   * A filing, checked whole before anything is stored. A retry is answered
   * with the filing it made: by Idempotency-Key (`requestKey`), and for a
   * kiosk's offline filing by its tracking code and applicant.
   */
  async submit(request: SubmitRequest, actor: { tokenId: string; requestKey?: string }): Promise<SubmitResult> {
    const { hall, store } = this.#d;
    const now = hall.clock();
    let chosenCode: string | undefined;
    if (request.trackingCode !== undefined) {
      chosenCode = parseTrackingCode(request.trackingCode) ?? undefined;
      if (!chosenCode) throw invalid('BAD_TRACKING_CODE', 'the tracking code fails its check symbol');
    }
    const requestKey = actor.requestKey ? `${actor.tokenId}|${actor.requestKey}` : undefined;
    const earlier = requestKey ? store.byRequestKey(requestKey) : undefined;
    if (earlier) return { filing: earlier, replayed: true };
    if (chosenCode) {
      const taken = store.byCode(chosenCode);
      if (taken) return { filing: this.#sameFilingOrRefuse(taken, request), replayed: true };
    }

    const offline = chosenCode !== undefined;
    let submittedAt = now;
    if (request.submittedAt !== undefined) {
      submittedAt = Date.parse(request.submittedAt);
      if (submittedAt > now + CLOCK_SKEW_MS) throw invalid('INVALID_REQUEST', 'submittedAt is in the future');
      if (!offline) submittedAt = now;
    }
    const item = this.#item(request.serviceCode);
    const plan = checkSubmission(request, {
      item,
      // The visitor of an offline filing already holds its receipt: as with offline tickets, the hours are not held against it.
      open: item ? offline || this.isOpen(item, now) : false,
      limits: hall.config.filingLimits,
      keyHash: this.#d.keyHash,
      uploaded: (sha256) => store.file(sha256),
      kept: (id) => store.myMaterial(id),
      now,
    });

    let ticket: Ticket | undefined;
    if (request.ticketId !== undefined) {
      ticket = hall.state.tickets.get(request.ticketId);
      if (!ticket) throw notFound('TICKET_NOT_FOUND', `no ticket ${request.ticketId} today`);
      if (store.codeOfTicket(ticket.id)) throw conflict('TICKET_HAS_FILING', `ticket ${ticket.number} is already linked to a filing`);
    }

    const present = await Promise.all(plan.files.map((sha256) => this.#d.files.has(sha256)));
    const lost = plan.files.find((_, i) => !present[i]);
    if (lost) throw invalid('FILE_NOT_UPLOADED', `page ${lost} is no longer stored; upload it again`, { sha256: lost });

    const id = uuidv7(now);
    const trackingCode = chosenCode ?? this.#newCode();
    try {
      store.insert({
        id,
        trackingCode,
        serviceCode: plan.item.code,
        submittedAt,
        receivedAt: now,
        dueDate: dueDate(submittedAt, plan.item, hall.config.timeZone),
        applicant: plan.applicant.ref,
        applicantNumber: plan.applicant.number,
        applicantName: plan.applicant.name,
        form: plan.form,
        materials: plan.materials,
        offline,
        terminal: request.terminal,
        ticketId: ticket?.id,
        ticketNumber: ticket?.number,
        requestKey,
        files: plan.files,
        keep: plan.keep.map((k) => ({ ...k, id: uuidv7(now) })),
      });
    } catch (err) {
      // Two deliveries of the same offline filing, or the same key, racing past the checks above.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const again = (requestKey && store.byRequestKey(requestKey)) || store.byCode(trackingCode);
        if (again) return { filing: this.#sameFilingOrRefuse(again, request), replayed: true };
        if (ticket && store.codeOfTicket(ticket.id)) throw conflict('TICKET_HAS_FILING', `ticket ${ticket.number} is already linked to a filing`);
      }
      throw err;
    }
    this.#d.logger?.info(
      { trackingCode, serviceCode: plan.item.code, pages: plan.files.length, bytes: plan.totalBytes, offline, kept: plan.keep.length },
      'filing submitted',
    );
    return { filing: store.byId(id)!, replayed: false };
  }

  /** A tracking code already in use is a repeat only if it is the same applicant's filing of the same item. */
  #sameFilingOrRefuse(existing: Filing, request: SubmitRequest): Filing {
    const identity = checkIdentity(request.applicant.idNumber);
    const same = identity.ok && this.#d.keyHash(identity.normalized) === existing.applicant.hash && existing.serviceCode === request.serviceCode;
    if (!same) throw conflict('TRACKING_CODE_TAKEN', 'this tracking code belongs to another filing');
    return existing;
  }

  #newCode(): string {
    const random = this.#d.random ?? randomBytes;
    for (;;) {
      const code = newTrackingCode(random);
      if (!this.#d.store.trackingCodeTaken(code)) return code;
    }
  }

  /** A filing by a code as typed; BAD_TRACKING_CODE before any look-up. */
  byCode(text: string): Filing {
    const code = parseTrackingCode(text);
    if (!code) throw invalid('BAD_TRACKING_CODE', 'the tracking code fails its check symbol');
    const filing = this.#d.store.byCode(code);
    if (!filing) throw notFound('FILING_NOT_FOUND', `no filing ${code}`);
    return filing;
  }

  /** Filings of the person or company with this number, newest first. */
  findByIdentity(idNumber: string): Filing[] {
    return this.#d.store.byApplicant(this.#hashOf(idNumber));
  }

  myMaterials(idNumber: string): MyMaterial[] {
    return this.#d.store.myMaterialsOf(this.#hashOf(idNumber), this.#d.hall.clock());
  }

  /**
   * Withdrawn consent to 我的材料: every material kept for this person or
   * company is deleted, expired or not. Their pages stay as long as the
   * filings they were submitted with do (those are the hall's records, under
   * their own retention). Answers how many were deleted.
   */
  withdrawMaterialsConsent(idNumber: string): number {
    const deleted = this.#d.store.deleteMyMaterialsOf(this.#hashOf(idNumber));
    this.#d.logger?.info({ deleted }, 'consent to kept materials withdrawn');
    return deleted;
  }

  /**
   * Retention: filings last changed before `cutoff` go with their history,
   * the materials kept from them and the pages no other filing names —
   * rows first, then bytes, batch by batch.
   */
  async purgeFilingsBefore(cutoff: number): Promise<{ filings: number; myMaterials: number; pages: number }> {
    const total = { filings: 0, myMaterials: 0, pages: 0 };
    for (;;) {
      const batch = this.#d.store.purgeFilingsBefore(cutoff);
      if (batch.filings === 0) break;
      for (const sha256 of batch.pages) await this.#d.files.remove(sha256);
      total.filings += batch.filings;
      total.myMaterials += batch.myMaterials;
      total.pages += batch.pages.length;
    }
    return total;
  }

  #hashOf(idNumber: string): string {
    const check = checkIdentity(idNumber);
    if (!check.ok) throw invalid(check.code, check.message);
    return this.#d.keyHash(check.normalized);
  }

  changeStatus(code: string, status: FilingStatus, reason: string | undefined, by: FilingActor): Filing {
    const filing = this.byCode(code);
    const change = decideStatusChange(filing.status, status, reason);
    const at = this.#d.hall.clock();
    if (!this.#d.store.changeStatus(filing.id, filing.status, { status: change.status, at, by, reason: change.reason })) {
      throw conflict('FILING_TRANSITION_NOT_ALLOWED', 'the filing changed meanwhile; look again');
    }
    this.#d.logger?.info({ trackingCode: filing.trackingCode, from: filing.status, to: change.status, windowNo: by.windowNo }, 'filing status changed');
    return this.#d.store.byId(filing.id)!;
  }

  /** Links a filing to today's ticket: again with the same ticket is fine, another ticket is refused. */
  link(code: string, ticketId: string): { filing: Filing; changed: boolean } {
    const filing = this.byCode(code);
    const ticket = this.#d.hall.state.tickets.get(ticketId);
    if (!ticket) throw notFound('TICKET_NOT_FOUND', `no ticket ${ticketId} today`);
    if (filing.ticketId === ticket.id) return { filing, changed: false };
    if (filing.ticketId)
      throw conflict('FILING_ALREADY_LINKED', `this filing is linked to ticket ${filing.ticketNumber}`, { ticketNumber: filing.ticketNumber });
    if (this.#d.store.codeOfTicket(ticket.id)) throw conflict('TICKET_HAS_FILING', `ticket ${ticket.number} is already linked to a filing`);
    try {
      if (!this.#d.store.link(filing.id, ticket, this.#d.hall.clock())) return this.link(code, ticketId);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict('TICKET_HAS_FILING', `ticket ${ticket.number} is already linked to a filing`);
      throw err;
    }
    return { filing: this.#d.store.byId(filing.id)!, changed: true };
  }

  /**
   * The tracking code of the filing linked to a ticket, or to the ticket it
   * was transferred from: the visitor carries the same number and the same
   * filing to the next window.
   */
  codeOfTicket(ticketId: string): string | undefined {
    let id: string | undefined = ticketId;
    for (let hops = 0; id && hops < 8; hops++) {
      const code = this.#d.store.codeOfTicket(id);
      if (code) return code;
      id = this.#d.hall.state.tickets.get(id)?.transferredFrom;
    }
    return undefined;
  }

  filingOfTicket(ticketId: string): Filing | undefined {
    const code = this.codeOfTicket(ticketId);
    return code ? this.#d.store.byCode(code) : undefined;
  }

  /**
   * Uploads no filing took up within 24 h, and 我的材料 past their expiry.
   * A stray upload's row goes first, then its bytes, so a filing committing
   * at the same moment either takes the file up or is refused — never left
   * pointing at deleted bytes.
   */
  async purge(now = this.#d.hall.clock()): Promise<{ files: number; myMaterials: number }> {
    const { store, files } = this.#d;
    const myMaterials = store.purgeExpiredMyMaterials(now);
    let removed = 0;
    for (;;) {
      const batch = store.unreferencedFiles(now - UNREFERENCED_FILE_TTL_MS);
      if (batch.length === 0) break;
      for (const sha256 of batch) {
        if (!store.forgetFile(sha256)) continue;
        await files.remove(sha256);
        removed++;
      }
    }
    // Files without a row: written just before a crash or a power cut took their row.
    let orphans = 0;
    for await (const storedName of files.list()) {
      if (store.knowsStoredName(storedName)) continue;
      const modified = await files.modifiedAt(storedName);
      if (modified === undefined || modified >= now - UNREFERENCED_FILE_TTL_MS) continue;
      await files.removeStored(storedName);
      orphans++;
    }
    if (removed || myMaterials || orphans) this.#d.logger?.info({ files: removed, orphans, myMaterials }, 'purged stray uploads and expired kept materials');
    return { files: removed + orphans, myMaterials };
  }
}
