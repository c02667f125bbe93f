/**
 * Keeps a few numbers leased per service while the hall is reachable, so the
 * kiosk can go on issuing if it stops being reachable. A refill tops a
 * service up when it runs low; a new hall day drops the old day's leases
 * (their numbers are void) and leases afresh.
 */
import { HallRefusal } from '@hall/server/client';
import { silentAgentLogger, type AgentLogger } from '../log.ts';
import type { HallPort } from '../ports.ts';
import type { OfflineStore } from './offline-store.ts';

export type LeaseSource = Pick<HallPort, 'call'>;

export type LeaseKeeperOptions = {
  store: OfflineStore;
  hall: LeaseSource;
  /** Numbers taken per lease (the hall allows 1–50). */
  blockSize?: number;
  /** Refill a service when it has this many numbers left, or fewer. */
  lowWater?: number;
  logger?: AgentLogger;
};

export class LeaseKeeper {
  readonly #o: LeaseKeeperOptions;
  readonly #log: AgentLogger;
  #running: Promise<void> | undefined;
  #again: { codes: string[]; day: string } | undefined;
  /** Services the hall will not lease for now (space exhausted): skipped until the next day. */
  readonly #refused = new Set<string>();
  #day: string | undefined;
  #closed = false;

  constructor(options: LeaseKeeperOptions) {
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
  }

  /** Tops up every service in `codes` for hall day `day`; one refill at a time, the latest request wins. */
  refill(codes: string[], day: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = { codes, day };
      return this.#running;
    }
    this.#running = this.#refill(codes, day).finally(() => {
      this.#running = undefined;
      const again = this.#again;
      this.#again = undefined;
      if (again) void this.refill(again.codes, again.day);
    });
    return this.#running;
  }

  /** Stops refilling; resolves once a refill in flight has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#again = undefined;
    await this.#running?.catch(() => {});
  }

  async #refill(codes: string[], day: string): Promise<void> {
    const { store, hall } = this.#o;
    if (day !== this.#day) {
      this.#day = day;
      this.#refused.clear();
      const dropped = store.dropLeasesExcept(day);
      if (dropped) this.#log.info('dropped leases of an earlier day', { dropped, day });
    }
    const block = this.#o.blockSize ?? 5;
    const low = this.#o.lowWater ?? 2;
    for (const code of codes) {
      if (this.#closed) return;
      if (this.#refused.has(code) || store.remaining(code, day) > low) continue;
      try {
        const lease = await hall.call('leaseNumbers', { body: { serviceCode: code, count: block } });
        if (this.#closed) return;
        if (lease.day !== day) {
          // The hall moved to a new day meanwhile: the snapshot that says so triggers the next refill.
          store.addLease(lease);
          continue;
        }
        store.addLease(lease);
        this.#log.debug('leased numbers', { serviceCode: code, from: lease.numbers[0], to: lease.numbers.at(-1) });
      } catch (err) {
        if (err instanceof HallRefusal) {
          this.#refused.add(code);
          this.#log.warn('the hall refused a lease', { serviceCode: code, code: err.code });
          continue;
        }
        this.#log.warn('leasing stopped: hall unreachable', { error: err });
        return;
      }
    }
  }
}
