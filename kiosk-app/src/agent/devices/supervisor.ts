/**
 * Keeps one driver alive. Transports already reconnect by themselves when a
 * device is unplugged; this is for the driver itself failing: its start
 * throwing, or the driver declaring itself dead (a reader that stopped
 * answering while its port stays open). The supervisor tears it down and
 * starts a fresh one after an exponential backoff, so a flapping device
 * never spins the CPU.
 */
import { backoffDelay, type BackoffOptions } from '@hall/drivers';
import type { AgentLogger } from '../log.ts';

export type Running = { stop(): Promise<void> };
export type SupervisorState = 'starting' | 'running' | 'restarting' | 'stopped';

export type SupervisorOptions = {
  name: string;
  /** Starts the driver; calls `die` later if it stops working. */
  start: (die: (reason: string) => void) => Promise<Running>;
  backoff?: BackoffOptions;
  /** A driver that ran this long before dying starts again from the first backoff step. */
  stableMs?: number;
  onState?: (state: SupervisorState, reason?: string) => void;
  logger?: AgentLogger;
  now?: () => number;
};

export class Supervisor {
  readonly #o: SupervisorOptions;
  #running: Running | undefined;
  #generation = 0;
  #attempt = 0;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** How many times the driver was restarted. */
  restarts = 0;

  constructor(options: SupervisorOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#launch();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const running = this.#running;
    this.#running = undefined;
    await running?.stop().catch(() => {});
    this.#o.onState?.('stopped');
  }

  async #launch(): Promise<void> {
    const generation = ++this.#generation;
    this.#o.onState?.('starting');
    const now = this.#o.now ?? Date.now;
    try {
      const running = await this.#o.start((reason) => this.#die(generation, reason));
      if (generation !== this.#generation) {
        // Stopped or superseded while starting.
        await running.stop().catch(() => {});
        return;
      }
      this.#running = running;
      this.#startedAt = now();
      this.#o.onState?.('running');
    } catch (err) {
      if (generation === this.#generation) this.#die(generation, `start failed: ${(err as Error).message}`);
    }
  }

  #die(generation: number, reason: string): void {
    if (generation !== this.#generation || this.#stopped) return;
    this.#generation++;
    const now = this.#o.now ?? Date.now;
    if (this.#startedAt && now() - this.#startedAt >= (this.#o.stableMs ?? 30_000)) this.#attempt = 0;
    const delay = backoffDelay(Math.min(this.#attempt, 30), this.#o.backoff ?? { initialMs: 500, maxMs: 10_000 });
    this.#attempt++;
    this.#o.logger?.warn('driver died; restarting', { device: this.#o.name, reason, delayMs: delay });
    this.#o.onState?.('restarting', reason);
    const running = this.#running;
    this.#running = undefined;
    this.#startedAt = 0;
    void running?.stop().catch(() => {});
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.restarts++;
      void this.#launch();
    }, delay);
    this.#timer.unref?.();
  }
}
