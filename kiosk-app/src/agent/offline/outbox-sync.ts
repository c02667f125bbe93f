/**
 * Delivers the offline outbox to the hall once it is back: lease by lease, in
 * the order the tickets were issued. The hall's sync is idempotent per
 * number, so an answer lost on the way just means sending again; a ticket
 * leaves the outbox only when the hall has acknowledged it.
 */
import { HallRefusal } from '@hall/server/client';
import type { BodyIn, Contract } from '@hall/server/contract';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import type { HallPort } from '../ports.ts';
import { setFields } from '../set-fields.ts';
import { DeliveryLoop, type RetryPace } from './delivery-loop.ts';
import type { OfflineStore, OutboxTicket } from './offline-store.ts';

export type SyncTarget = Pick<HallPort, 'online' | 'call'>;

/** One ticket issued offline, as the hall takes it back. */
export type OfflineTicketIn = BodyIn<Contract['syncOfflineTickets']>['tickets'][number];

export type OutboxSyncOptions = {
  store: OfflineStore;
  hall: SyncTarget;
  logger?: AgentLogger;
  /** Called whenever the number of pending tickets may have changed. */
  onChange?: (pending: number) => void;
  retry?: RetryPace;
};

/** Permanent refusals: resending cannot change the answer. */
const PERMANENT = new Set([400, 403, 404, 409, 422]);

/** `kick()` starts delivering if anything is pending and the hall is online, and resolves when that round is over. */
export class OutboxSync extends DeliveryLoop {
  readonly #o: OutboxSyncOptions;
  readonly #log: AgentLogger;

  constructor(options: OutboxSyncOptions) {
    super(options.retry);
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
  }

  protected async round(): Promise<void> {
    const { store, hall } = this.#o;
    for (;;) {
      if (this.closed || !hall.online) return;
      const pending = store.pending();
      if (pending.length === 0) {
        this.delivered();
        return;
      }
      // The lease of the oldest pending ticket goes first, so the hall receives tickets in issue order.
      const leaseId = pending[0]!.leaseId;
      const batch = pending.filter((t) => t.leaseId === leaseId).slice(0, 500);
      try {
        const { tickets: synced } = await hall.call('syncOfflineTickets', { params: { leaseId }, body: { tickets: batch.map(toWire) } });
        // Closing mid-request: the hall has them, but the store is going away; they are resent (idempotently) next start.
        if (this.closed) return;
        const ids = new Map(synced.map((t) => [t.number, t.id]));
        store.markSynced(
          leaseId,
          batch.map((t) => ({ number: t.number, ticketId: ids.get(t.number) })),
        );
        this.delivered();
        this.#log.info('offline tickets synced', { leaseId, count: batch.length, numbers: batch.map((t) => t.number) });
      } catch (err) {
        if (this.closed) return;
        if (err instanceof HallRefusal && PERMANENT.has(err.status)) {
          store.markRejected(
            leaseId,
            batch.map((t) => t.number),
            err.code,
          );
          this.#log.error('the hall refused offline tickets for good; kept for staff', { leaseId, code: err.code, numbers: batch.map((t) => t.number) });
        } else {
          this.#log.warn('offline sync failed; will resend', { leaseId, error: err, delayMs: this.retryLater() });
          return;
        }
      } finally {
        if (!this.closed) this.#o.onChange?.(store.pendingCount());
      }
    }
  }
}

function toWire(t: OutboxTicket): OfflineTicketIn {
  return { number: t.number, issuedAt: t.issuedAt, ...setFields(t, ['idNumber', 'name']) };
}
