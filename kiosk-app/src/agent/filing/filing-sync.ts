/**
 * Delivers filings made offline once the hall is back, strictly in the order
 * they were made: each filing's pages are uploaded (in parallel; the hall
 * stores a content once, so a resend is harmless), then the filing is
 * submitted with the Idempotency-Key and tracking code it was given at the
 * machine, and the submitted time the visitor's receipt shows.
 *
 * - Nothing later overtakes a filing that could not be delivered for a
 *   passing reason (hall unreachable, 5xx, 408, 429, the kiosk's token
 *   refused): the round stops and is tried again with a growing pause.
 * - A permanent refusal (any other 4xx: a form the hall's newer rules
 *   refuse, an item no longer filed at machines, a reused document that
 *   expired) is *parked*: kept aside with the hall's reason, logged as an
 *   error and counted in the link state (`parkedFilings`), never resent, and
 *   it does not hold up the filings behind it. A lookup of its code at the
 *   machine tells the visitor to bring the receipt to the desk.
 * - A submit that arrived but whose answer was lost is answered, when sent
 *   again, with the filing it made: the hall keeps each filing's
 *   Idempotency-Key and knows a kiosk's tracking code. A code the hall says
 *   belongs to another filing (TRACKING_CODE_TAKEN) is a permanent refusal.
 *
 * Ticket links come after: a filing linked to a ticket issued offline is
 * linked once that ticket has synced (its id comes from the ticket outbox);
 * a ticket that never reached the hall (voided, refused) is not linked.
 */
import { HallRefusal, HallUnreachableError } from '@hall/server/client';
import type { Filing } from '@hall/server/protocol';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import { DeliveryLoop, type RetryPace } from '../offline/delivery-loop.ts';
import type { HallPort } from '../ports.ts';
import type { FilingBody, FilingOutbox, OutboxFiling, OutboxPage } from './filing-outbox.ts';

export type FilingTarget = Pick<HallPort, 'online' | 'call'>;

/** A page of a few megabytes on a slow hall LAN: more than the ordinary request time. */
const UPLOAD_TIMEOUT_MS = 60_000;

/** Where an offline ticket stands in the ticket outbox. */
export type TicketStanding = { state: 'pending' | 'synced' | 'void' | 'rejected' | 'unknown'; ticketId?: string };

export type FilingSyncOptions = {
  outbox: FilingOutbox;
  hall: FilingTarget;
  /** The hall's id of a ticket issued offline, once synced. */
  ticketFor: (leaseId: string, number: string) => TicketStanding;
  logger?: AgentLogger;
  now?: () => number;
  /** Called whenever the counts of pending or parked filings may have changed. */
  onChange?: () => void;
  retry?: RetryPace;
  uploadConcurrency?: number;
};

/** Refusals that resending cannot change. Unreachable, 5xx, 408, 429 and the kiosk's own credentials are passing. */
export function isPermanent(err: unknown): err is HallRefusal {
  if (!(err instanceof HallRefusal)) return false;
  if (err.status < 400 || err.status >= 500 || err.status === 408 || err.status === 429 || err.status === 401) return false;
  return !(err.status === 403 && (err.code === 'FORBIDDEN_ROLE' || err.code === 'WRONG_WINDOW'));
}

/**
 * Uploads pages, a few at a time, each under its SHA-256 (the hall checks
 * the hash, the type and the size; the same content twice is one file, so a
 * resend is harmless); `onPage` after each one the hall has.
 */
export async function uploadPages(
  hall: Pick<HallPort, 'call'>,
  pages: readonly OutboxPage[],
  options: { concurrency?: number; onPage?: (done: number) => void } = {},
): Promise<void> {
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < pages.length) {
      const page = pages[next++]!;
      try {
        await hall.call('uploadFilingFile', {
          params: { sha256: page.sha256 },
          raw: { contentType: page.contentType, bytes: page.bytes },
          timeoutMs: UPLOAD_TIMEOUT_MS,
        });
      } catch (err) {
        failed = true;
        throw err;
      }
      options.onPage?.(++done);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency ?? 3, pages.length) }, worker);
  const results = await Promise.allSettled(workers);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/** `kick()` starts delivering if anything waits and the hall is online, and resolves when that round is over. */
export class FilingSync extends DeliveryLoop {
  readonly #o: FilingSyncOptions;
  readonly #log: AgentLogger;
  readonly #now: () => number;

  constructor(options: FilingSyncOptions) {
    super(options.retry);
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
    this.#now = options.now ?? Date.now;
  }

  protected async round(): Promise<void> {
    if (await this.#deliverFilings()) await this.#deliverLinks();
  }

  /** True when every pending filing was settled (delivered or parked). */
  async #deliverFilings(): Promise<boolean> {
    const { outbox, hall } = this.#o;
    for (;;) {
      if (this.closed || !hall.online) return false;
      const filing = outbox.pending()[0];
      if (!filing) {
        this.delivered();
        return true;
      }
      if (!filing.body) {
        // A stored filing that lost its body can never be delivered: kept aside, like a permanent refusal.
        outbox.park(filing.seq, 'FILING_LOST', this.#iso());
        this.#log.error('an offline filing has no body to deliver; parked', { trackingCode: filing.trackingCode, serviceCode: filing.serviceCode });
        this.#o.onChange?.();
        continue;
      }
      try {
        const answer = await this.#deliver(filing, filing.body);
        if (this.closed) return false;
        outbox.markDelivered(filing.seq, answer.dueDate ? { status: answer.status, dueDate: answer.dueDate } : { status: answer.status }, this.#iso());
        this.delivered();
        this.#log.info('offline filing delivered', { trackingCode: filing.trackingCode, serviceCode: filing.serviceCode });
      } catch (err) {
        if (this.closed) return false;
        if (isPermanent(err)) {
          outbox.park(filing.seq, err.code, this.#iso());
          this.#log.error('the hall refused an offline filing for good; parked, not resent', {
            trackingCode: filing.trackingCode,
            serviceCode: filing.serviceCode,
            code: err.code,
            status: err.status,
          });
        } else {
          this.#retryLater(err, filing.trackingCode);
          return false;
        }
      } finally {
        if (!this.closed) this.#o.onChange?.();
      }
    }
  }

  async #deliver(filing: OutboxFiling, body: FilingBody): Promise<Filing> {
    const { hall, outbox } = this.#o;
    await uploadPages(hall, outbox.pages(filing.seq), { concurrency: this.#o.uploadConcurrency ?? 3 });
    // An earlier submit whose answer was lost is answered with the filing it made (the hall keeps the key and the code).
    return hall.call('submitFiling', { body, idempotencyKey: filing.idempotencyKey });
  }

  async #deliverLinks(): Promise<void> {
    const { outbox, hall } = this.#o;
    for (const filing of outbox.linksWaiting()) {
      if (this.closed || !hall.online) return;
      const link = filing.link!;
      let ticketId = link.ticketId;
      if (!ticketId) {
        const standing = this.#o.ticketFor(link.leaseId ?? '', link.number ?? '');
        // Its turn comes when the ticket outbox has delivered it.
        if (standing.state === 'pending') continue;
        if (standing.state !== 'synced' || !standing.ticketId) {
          outbox.setLink(filing.trackingCode, { ...link, state: 'failed', error: `TICKET_${standing.state.toUpperCase()}` });
          this.#log.warn('the ticket of an offline filing never reached the hall: not linked', {
            trackingCode: filing.trackingCode,
            number: link.number,
            standing: standing.state,
          });
          continue;
        }
        ticketId = standing.ticketId;
      }
      try {
        await hall.call('linkFilingTicket', { params: { trackingCode: filing.trackingCode }, body: { ticketId } });
        outbox.setLink(filing.trackingCode, { ...link, ticketId, state: 'linked' });
        this.#log.info('filing linked to its ticket', { trackingCode: filing.trackingCode, number: link.number });
      } catch (err) {
        if (isPermanent(err)) {
          outbox.setLink(filing.trackingCode, { ...link, ticketId, state: 'failed', error: err.code });
          this.#log.warn('the hall refused to link a filing to its ticket', { trackingCode: filing.trackingCode, code: err.code });
          continue;
        }
        this.#retryLater(err, filing.trackingCode);
        return;
      }
    }
  }

  #retryLater(err: unknown, trackingCode: string): void {
    const delay = this.retryLater();
    const reason =
      err instanceof HallRefusal
        ? { code: err.code, status: err.status }
        : err instanceof HallUnreachableError
          ? { unreachable: true }
          : { error: (err as Error)?.message };
    this.#log.warn('offline filing not delivered yet; will resend', { trackingCode, ...reason, delayMs: delay });
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}
