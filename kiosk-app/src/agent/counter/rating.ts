/**
 * The rating after a service: the evaluator asks the visitor, and the level
 * chosen is posted to the hall with the counter token. Without an evaluator
 * the window screen (display-wall) asks instead and posts the rating itself.
 *
 * A new question withdraws the one still open; the evaluator is asked anew
 * only once the withdrawn question has cancelled itself on the device.
 */
import { TimeoutError, type RatingResult } from '@hall/drivers';
import { HallRefusal } from '@hall/server/client';
import type { RatingProgress } from '../../shared/kiosk-api.ts';
import type { WindowDevices } from '../devices/device-hub.ts';
import type { AgentLogger } from '../log.ts';
import { errorSummary } from './error-summary.ts';

export type RatingBody = { level: number; reason?: string };

export type RatingFollowUpOptions = {
  evaluator: Pick<WindowDevices, 'hasEvaluator' | 'askRating'>;
  /** Posts the visitor's rating to the hall. */
  record: (ticketId: string, body: RatingBody) => Promise<unknown>;
  /** How long the evaluator waits for the visitor, ms. */
  timeoutMs: number;
  log: AgentLogger;
  /** Where the rating stands changed. */
  onChange: () => void;
};

type Rated = { id: string; number: string };
type Clerk = { name: string; staffNo: string };

export class RatingFollowUp {
  readonly #o: RatingFollowUpOptions;
  #progress: RatingProgress = { state: 'idle' };
  #abort: AbortController | undefined;
  #done: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: RatingFollowUpOptions) {
    this.#o = options;
  }

  get progress(): RatingProgress {
    return { ...this.#progress };
  }

  /** Asks the visitor of the ticket just finished for a rating, with the clerk who served them shown. */
  ask(ticket: Rated, clerk: Clerk | undefined): void {
    this.#abort?.abort();
    this.#abort = undefined;
    if (!this.#o.evaluator.hasEvaluator) {
      this.#set({ state: 'window-screen', ticketId: ticket.id, number: ticket.number });
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.#set({ state: 'asking', ticketId: ticket.id, number: ticket.number });
    const stale = () => abort.signal.aborted || this.#closed;
    this.#done = this.#done
      .then(() => {
        if (abort.signal.aborted) throw new Error('superseded');
        const prompt = `请对本次服务进行评价（${ticket.number}）`;
        return this.#o.evaluator.askRating({
          clerk: clerk?.name ?? '',
          clerkId: clerk?.staffNo ?? '',
          prompt,
          timeoutMs: this.#o.timeoutMs,
          signal: abort.signal,
        });
      })
      .then(async (answer) => {
        if (!stale()) await this.#record(ticket, answer);
      })
      .catch((err: unknown) => {
        if (stale()) return;
        const timedOut = err instanceof TimeoutError;
        if (!timedOut) this.#o.log.warn('the evaluator failed', { error: errorSummary(err) });
        this.#set({ state: timedOut ? 'no-answer' : 'failed', ticketId: ticket.id, number: ticket.number });
      })
      .finally(() => {
        if (this.#abort === abort) this.#abort = undefined;
      });
  }

  /** Resolves once the question under way, if any, is answered, withdrawn or given up. */
  idle(): Promise<void> {
    return this.#done;
  }

  dispose(): void {
    this.#closed = true;
    this.#abort?.abort();
  }

  async #record(ticket: Rated, answer: RatingResult): Promise<void> {
    try {
      await this.#o.record(ticket.id, { level: answer.level, ...(answer.reason ? { reason: answer.reason } : {}) });
      this.#o.log.info('rating recorded', { number: ticket.number, level: answer.level });
      this.#set({ state: 'rated', ticketId: ticket.id, number: ticket.number, level: answer.level });
    } catch (err) {
      const code = err instanceof HallRefusal ? err.code : 'HALL_OFFLINE';
      this.#o.log.warn('the rating could not be recorded', { number: ticket.number, code });
      // The window screen may have taken the rating first.
      this.#set(
        code === 'ALREADY_RATED'
          ? { state: 'rated', ticketId: ticket.id, number: ticket.number }
          : { state: 'failed', ticketId: ticket.id, number: ticket.number },
      );
    }
  }

  #set(progress: RatingProgress): void {
    this.#progress = progress;
    this.#o.onChange();
  }
}
