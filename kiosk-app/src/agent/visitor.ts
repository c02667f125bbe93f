/**
 * What the kiosk holds for the visitor in front of it: the card they swiped,
 * full fields included, in memory only. It is dropped when the visitor is
 * done (forgetVisitor, a ticket issued) and after a spell with no activity,
 * so the next person can never issue against someone else's card.
 */
import type { IdCard } from '@hall/drivers';

export type VisitorOptions = {
  /** Idle time after which the card is dropped, ms. */
  idleMs?: number;
  now?: () => number;
  onExpire?: () => void;
};

export class VisitorSession {
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #onExpire: (() => void) | undefined;
  #card: IdCard | undefined;
  #readAt = 0;
  #lastActivity = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: VisitorOptions = {}) {
    this.#idleMs = options.idleMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#onExpire = options.onExpire;
  }

  hold(card: IdCard): void {
    this.#card = card;
    this.#readAt = this.#now();
    this.touch();
  }

  /** The card, if one is held and it has not gone stale. */
  get card(): IdCard | undefined {
    if (this.#card && this.#now() - this.#lastActivity >= this.#idleMs) this.forget();
    return this.#card;
  }

  get readAt(): number {
    return this.#readAt;
  }

  /** The visitor did something: the idle clock starts again. */
  touch(): void {
    this.#lastActivity = this.#now();
    if (!this.#card) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (!this.#card) return;
      this.forget();
      this.#onExpire?.();
    }, this.#idleMs);
    this.#timer.unref?.();
  }

  forget(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#card = undefined;
    this.#readAt = 0;
  }
}
