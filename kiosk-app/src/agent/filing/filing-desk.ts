/**
 * The filing machine's side of KioskApi (自助申报, 预登记, 一码查询): guides and
 * forms prefilled for the visitor, filings submitted with their pages, the
 * receipt, a linked queue ticket, and look-ups by tracking code or identity.
 *
 * Submitting:
 * - Everything the hall would refuse is refused here first, with the hall's
 *   own codes (filing-check.ts). Nothing is uploaded before the filing
 *   passes.
 * - Online: the pages go up in parallel (PUT by SHA-256: idempotent), then
 *   the filing with an Idempotency-Key; a submit that could not reach the
 *   hall is sent again (twice) with the same key, so a blip never files
 *   twice. The hall makes the tracking code.
 * - Offline (the hall unreachable before or during the upload, or the
 *   submit unanswered after its resends): the machine makes the tracking
 *   code itself and stores the filing with its pages in the filing outbox
 *   (filing-outbox.ts), delivered in order once the hall is back
 *   (filing-sync.ts). Known limit, as for tickets: a submit that timed out
 *   may have reached the hall, which then also holds a copy under a code
 *   nobody was given.
 * - The receipt is printed either way; a failed print does not undo the
 *   filing (`printed: false`; the screen shows the code).
 * - `takeTicket` (预登记): once the filing stands, a ticket for the same item
 *   is issued the ticket kiosk's way (with the card when one was swiped;
 *   online, or offline from a lease) and linked to the filing. A link the
 *   hall cannot take now — the ticket issued offline, the filing queued, the
 *   hall gone in between — is kept in the outbox and made once both the
 *   filing and the ticket have reached the hall. A ticket that cannot be
 *   issued leaves the filing standing and says why (`ticketError`). The
 *   printer is checked before anything when a ticket is asked for.
 *
 * Never logged: ID numbers, names, form values.
 */
import { randomBytes as cryptoRandomBytes, randomUUID } from 'node:crypto';
import { maskIdNumber, type IdCard } from '@hall/drivers';
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import { newTrackingCode, parseTrackingCode } from '@hall/server/forms';
import { FilingSummary as FilingSummarySchema } from '@hall/server/protocol';
import type {
  FiledFiling,
  FilingGuideView,
  FilingLookup,
  FilingProgress,
  FilingResult,
  FilingService,
  FilingSummary,
  IssueResult,
  IssuedTicket,
  MyMaterial,
  ServiceGuide,
  StagedPage,
  SubmitFilingRequest,
  UndeliveredFiling,
  VisitorIdentity,
} from '../../shared/kiosk-api.ts';
import type { KioskError } from '../../shared/kiosk-api.ts';
import type { DeviceHub } from '../devices/device-hub.ts';
import { hallRefusal } from '../hall-refusal.ts';
import { resendWhileUnreachable } from '../hall-resend.ts';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { kioskError } from '../messages.ts';
import type { HallPort } from '../ports.ts';
import { checkFiling, type CheckedFiling } from './filing-check.ts';
import { prefillFor } from './filing-form.ts';
import type { FilingGuides } from './filing-guides.ts';
import type { FilingOutbox, OutboxPage, TicketLink } from './filing-outbox.ts';
import { filingReceipt } from './filing-receipt.ts';
import { maskedUscc, type Applicant, type FilingSession } from './filing-session.ts';
import { isPermanent, uploadPages, type FilingSync } from './filing-sync.ts';

export type FilingDeskDeps = {
  hall: HallPort;
  session: FilingSession;
  outbox: FilingOutbox;
  sync: FilingSync;
  guides: FilingGuides;
  devices: DeviceHub;
  terminalName: string;
  trackBaseUrl: string;
  hallName: () => string | undefined;
  /** The host's issue path (online, or offline from a lease), printed; it leaves the visitor's card in place. */
  issueTicket: (serviceCode: string, card: IdCard | undefined) => Promise<IssueResult>;
  /** The lease of an offline ticket still in the ticket outbox. */
  offlineTicketLease: (number: string) => string | undefined;
  /** Refuses, with the printer's code, when the printer cannot print now. */
  printerReady: () => Promise<void>;
  progress: (progress: FilingProgress) => void;
  /** The counts of filings waiting for the hall changed. */
  onChange: () => void;
  logger?: AgentLogger;
  now?: () => number;
  randomBytes?: (size: number) => Uint8Array;
  newKey?: () => string;
  /** Resends of a submit that could not reach the hall, and the pause between them. */
  retry?: { attempts?: number; delayMs?: number };
};

/** Details of refusals the screen may show: never identities or values. */
const SAFE_DETAILS = ['fields', 'materialId', 'materialIds', 'maxPages', 'number', 'status'];

export class FilingDesk {
  readonly #d: FilingDeskDeps;
  readonly #log: AgentLogger;
  readonly #now: () => number;

  constructor(deps: FilingDeskDeps) {
    this.#d = deps;
    this.#log = deps.logger ?? silentAgentLogger;
    this.#now = deps.now ?? Date.now;
  }

  // --- guides ------------------------------------------------------------------------

  async services(): Promise<FilingService[]> {
    return this.#d.guides.services().catch((err: unknown) => Promise.reject(this.#refusal(err)));
  }

  async guide(serviceCode: unknown): Promise<FilingGuideView> {
    const guide = await this.#guide(serviceCode);
    const { session } = this.#d;
    return { guide, prefill: prefillFor(guide.filing.form.fields, { card: session.card, company: session.company }) };
  }

  #guide(serviceCode: unknown): Promise<ServiceGuide> {
    return this.#d.guides.guide(serviceCode).catch((err: unknown) => Promise.reject(this.#refusal(err)));
  }

  // --- the visitor --------------------------------------------------------------------

  visitor(): VisitorIdentity | null {
    return this.#d.session.view();
  }

  identifyCompany(uscc: unknown): VisitorIdentity {
    const who = this.#d.session.identifyCompany(uscc);
    this.#log.info('company identified', { masked: who.masked });
    return who;
  }

  stagePage(request: unknown): StagedPage {
    const page = this.#d.session.stage(request);
    this.#log.debug('page staged', { materialId: page.materialId, contentType: page.contentType, size: page.size });
    return page;
  }

  dropPage(pageId: unknown): void {
    this.#d.session.drop(pageId);
  }

  async myMaterials(): Promise<MyMaterial[]> {
    const applicant = this.#applicant();
    if (!this.#d.hall.online) throw kioskError('HALL_OFFLINE');
    try {
      const answer = await this.#d.hall.call('findMyMaterials', { body: { idNumber: applicant.idNumber } });
      return answer.materials;
    } catch (err) {
      throw this.#refusal(err);
    }
  }

  #applicant(): Applicant {
    const applicant = this.#d.session.applicant();
    if (!applicant) throw kioskError('NO_VISITOR');
    return applicant;
  }

  // --- look-ups ---------------------------------------------------------------------------

  undelivered(): UndeliveredFiling[] {
    return this.#d.outbox.parked().map((f) => ({
      trackingCode: f.trackingCode,
      serviceCode: f.serviceCode,
      serviceName: f.serviceName,
      submittedAt: f.submittedAt,
      ...(f.settledAt ? { refusedAt: f.settledAt } : {}),
      hallCode: f.error ?? 'UNKNOWN',
    }));
  }

  /** 一码查询: by the code on the receipt. A filing still in this machine's outbox answers `pending`. */
  async lookup(raw: unknown): Promise<FilingLookup> {
    const code = typeof raw === 'string' ? parseTrackingCode(raw) : null;
    if (!code) throw kioskError('BAD_TRACKING_CODE');
    const local = this.#d.outbox.find(code);
    if (local?.state === 'pending') {
      return {
        trackingCode: code,
        serviceCode: local.serviceCode,
        serviceName: local.serviceName,
        status: 'submitted',
        submittedAt: local.submittedAt,
        pending: true,
      };
    }
    if (local?.state === 'parked') throw kioskError('FILING_UNDELIVERED', { hallCode: local.error });
    if (!this.#d.hall.online) throw kioskError('HALL_OFFLINE');
    try {
      return summaryOf(await this.#d.hall.call('getFiling', { params: { trackingCode: code } }));
    } catch (err) {
      if (err instanceof HallRefusal && err.status === 404) throw kioskError('FILING_NOT_FOUND');
      throw this.#refusal(err);
    }
  }

  /** The identified visitor's filings, newest first: those still in this machine's outbox, then the hall's. */
  async myFilings(): Promise<FilingLookup[]> {
    const applicant = this.#applicant();
    if (!this.#d.hall.online) throw kioskError('HALL_OFFLINE');
    let hallFilings: FilingSummary[];
    try {
      hallFilings = (await this.#d.hall.call('findFilings', { body: { idNumber: applicant.idNumber } })).filings;
    } catch (err) {
      throw this.#refusal(err);
    }
    const known = new Set(hallFilings.map((f) => f.trackingCode));
    const waiting: FilingLookup[] = this.#d.outbox
      .pending()
      .filter((f) => f.body?.applicant.idNumber === applicant.idNumber && !known.has(f.trackingCode))
      .reverse()
      .map((f) => ({
        trackingCode: f.trackingCode,
        serviceCode: f.serviceCode,
        serviceName: f.serviceName,
        status: 'submitted',
        submittedAt: f.submittedAt,
        pending: true,
      }));
    return [...waiting, ...hallFilings.map(summaryOf)];
  }

  // --- submitting -----------------------------------------------------------------------

  async submit(request: SubmitFilingRequest): Promise<FilingResult> {
    this.#d.progress({ stage: 'checking', done: 0, total: 1 });
    const checked = await this.#check(request);
    if (request.takeTicket) await this.#d.printerReady();

    let filed: FiledFiling;
    if (this.#d.hall.online) {
      try {
        filed = await this.#submitOnline(checked);
      } catch (err) {
        if (!(err instanceof HallUnreachableError)) throw this.#refusal(err);
        this.#log.warn('hall unreachable while filing: kept for later', { serviceCode: checked.body.serviceCode });
        filed = this.#queue(checked);
      }
    } else {
      filed = this.#queue(checked);
    }
    this.#d.session.release(checked.pageIds);

    const printed = await this.#printReceipt(filed, checked);
    const result: FilingResult = { filing: filed, printed };
    if (request.takeTicket) {
      try {
        const issued = await this.#d.issueTicket(filed.serviceCode, this.#d.session.card);
        result.ticket = issued.ticket;
        await this.#link(filed, issued.ticket);
      } catch (err) {
        const refusal = this.#refusal(err);
        this.#log.warn('no ticket for the filing', { trackingCode: filed.trackingCode, code: refusal.code });
        result.ticketError = { code: refusal.code, ...(refusal.details ? { details: refusal.details } : {}) };
      }
    }
    return result;
  }

  /** The request held to the visitor and the service's guide, as the hall would hold it. */
  async #check(request: SubmitFilingRequest): Promise<CheckedFiling> {
    const applicant = this.#applicant();
    const guide = await this.#guide(request.serviceCode);
    const { session } = this.#d;
    return checkFiling(request, guide, { applicant, card: session.card, company: session.company, take: (ids) => session.take(ids) }, this.#d.terminalName);
  }

  async #submitOnline(checked: CheckedFiling): Promise<FiledFiling> {
    const total = checked.pages.length;
    this.#d.progress({ stage: 'uploading', done: 0, total });
    await uploadPages(this.#d.hall, checked.pages, { onPage: (done) => this.#d.progress({ stage: 'uploading', done, total }) });
    this.#d.progress({ stage: 'submitting', done: 0, total: 1 });
    const answer = await resendWhileUnreachable((idempotencyKey) => this.#d.hall.call('submitFiling', { body: checked.body, idempotencyKey }), {
      key: this.#d.newKey?.() ?? randomUUID(),
      ...this.#d.retry,
    });
    this.#d.progress({ stage: 'submitting', done: 1, total: 1 });
    this.#log.info('filing submitted', {
      trackingCode: answer.trackingCode,
      serviceCode: answer.serviceCode,
      pages: total,
      applicant: checked.applicant.kind,
      masked: maskIdNumber(checked.applicant.idNumber),
    });
    const filed: FiledFiling = {
      trackingCode: answer.trackingCode,
      serviceCode: answer.serviceCode,
      serviceName: answer.serviceName,
      status: answer.status,
      submittedAt: answer.submittedAt,
      pending: false,
    };
    if (answer.dueDate) filed.dueDate = answer.dueDate;
    return filed;
  }

  /** Offline: the machine's own tracking code, the filing and its pages stored in one transaction. */
  #queue(checked: CheckedFiling): FiledFiling {
    const { outbox } = this.#d;
    const random = this.#d.randomBytes ?? cryptoRandomBytes;
    let code = newTrackingCode(random);
    // 55 random bits make a clash all but impossible; the outbox's unique index would refuse one anyway.
    while (outbox.find(code)) code = newTrackingCode(random);
    const submittedAt = new Date(this.#now()).toISOString();
    const pages: OutboxPage[] = checked.pages.map((p) => ({ sha256: p.sha256, contentType: p.contentType, bytes: p.bytes }));
    outbox.queue(
      {
        trackingCode: code,
        idempotencyKey: this.#d.newKey?.() ?? randomUUID(),
        serviceCode: checked.guide.serviceCode,
        serviceName: checked.guide.name,
        submittedAt,
        body: { ...checked.body, trackingCode: code, submittedAt },
      },
      pages,
    );
    this.#d.progress({ stage: 'queued', done: 1, total: 1 });
    this.#log.warn('filing kept offline', {
      trackingCode: code,
      serviceCode: checked.guide.serviceCode,
      pages: pages.length,
      applicant: checked.applicant.kind,
      masked: maskIdNumber(checked.applicant.idNumber),
    });
    this.#d.onChange();
    // The hall may be back already (the link had only just dropped).
    void this.#d.sync.kick();
    return { trackingCode: code, serviceCode: checked.guide.serviceCode, serviceName: checked.guide.name, status: 'submitted', submittedAt, pending: true };
  }

  async #printReceipt(filed: FiledFiling, checked: CheckedFiling): Promise<boolean> {
    const printer = this.#d.devices.printer;
    if (!printer?.printReceipt) return false;
    this.#d.progress({ stage: 'printing', done: 0, total: 1 });
    const receipt = filingReceipt({
      trackingCode: filed.trackingCode,
      serviceName: filed.serviceName['zh-CN'],
      submittedAt: filed.submittedAt,
      ...(filed.dueDate ? { dueDate: filed.dueDate } : {}),
      ...applicantLine(checked.applicant, this.#d.session.view()),
      materials: checked.materials,
      pending: filed.pending,
      ...(this.#d.hallName() ? { hallName: this.#d.hallName()! } : {}),
      trackBaseUrl: this.#d.trackBaseUrl,
    });
    try {
      const outcome = await printer.printReceipt(receipt);
      if (outcome.paperLow) this.#d.devices.notePrinter({ state: 'warning', code: 'PAPER_LOW' });
      this.#d.progress({ stage: 'printing', done: 1, total: 1 });
      return true;
    } catch (err) {
      this.#log.error('filing receipt not printed', { trackingCode: filed.trackingCode, error: err });
      void this.#d.devices.checkPrinter().catch(() => {});
      return false;
    }
  }

  /** Links the ticket now if the hall can take it, else keeps the link for the outbox. */
  async #link(filed: FiledFiling, ticket: IssuedTicket): Promise<void> {
    const { outbox, hall } = this.#d;
    if (!filed.pending && !ticket.offline && ticket.id) {
      try {
        await hall.call('linkFilingTicket', { params: { trackingCode: filed.trackingCode }, body: { ticketId: ticket.id } });
        this.#log.info('filing linked to its ticket', { trackingCode: filed.trackingCode, number: ticket.number });
        return;
      } catch (err) {
        if (isPermanent(err)) {
          this.#log.warn('the hall refused to link the filing to its ticket', { trackingCode: filed.trackingCode, code: err.code });
          return;
        }
      }
    }
    const link: TicketLink = ticket.offline
      ? { number: ticket.number, state: 'waiting', ...leaseOf(this.#d.offlineTicketLease(ticket.number)) }
      : { ticketId: ticket.id!, number: ticket.number, state: 'waiting' };
    if (filed.pending) outbox.setLink(filed.trackingCode, link);
    else outbox.rememberDelivered(filed, link, new Date(this.#now()).toISOString());
    this.#log.info('filing to be linked to its ticket later', { trackingCode: filed.trackingCode, number: ticket.number, offlineTicket: ticket.offline });
    void this.#d.sync.kick();
  }

  #refusal(err: unknown): KioskError {
    return hallRefusal(err, { safeDetails: SAFE_DETAILS, log: this.#log, where: 'at the filing machine' });
  }
}

function leaseOf(leaseId: string | undefined): { leaseId?: string } {
  return leaseId ? { leaseId } : {};
}

function applicantLine(applicant: Applicant, view: VisitorIdentity | null): { applicant?: string } {
  if (applicant.kind === 'company') return { applicant: maskedUscc(applicant.idNumber) };
  return view?.nameMasked ? { applicant: view.nameMasked } : {};
}

/** A filing as a look-up answers it: the hall's summary of it, nothing else it carries (the applicant, the form). */
function summaryOf(f: FilingSummary): FilingSummary {
  return FilingSummarySchema.parse(f);
}
