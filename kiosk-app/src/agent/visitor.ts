/**
 * What the kiosk holds for the visitor in front of it: the card they swiped,
 * full fields included, in memory only. It is dropped when the visitor is
 * done (forgetVisitor, a ticket issued) and after a spell with no activity,
 * so the next person can never issue against someone else's card.
 *
 * Other parts of the agent may hold more for the same visitor (the filing
 * machine: a company's code and captured pages); they attach here, so one
 * idle clock and one forget drop everything together.
 */
import type { IdCard } from '@hall/drivers';

export type VisitorOptions = {
  /** Idle time after which the card is dropped, ms. */
  idleMs?: number;
  now?: () => number;
  onExpire?: () => void;
};

/** Something else held for the visitor: whether it holds anything, and how to drop it. */
export type VisitorPart = { holds(): boolean; forget(): void };

export class VisitorSession {
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #onExpire: (() => void) | undefined;
  readonly #parts: VisitorPart[] = [];
  #card: IdCard | undefined;
  #readAt = 0;
  #lastActivity = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: VisitorOptions = {}) {
    this.#idleMs = options.idleMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#onExpire = options.onExpire;
  }

  attach(part: VisitorPart): void {
    this.#parts.push(part);
  }

  hold(card: IdCard): void {
    // What an earlier visitor left behind goes before this card is taken in.
    this.expireIfIdle();
    this.#card = card;
    this.#readAt = this.#now();
    this.touch();
  }

  /** The card, if one is held and it has not gone stale. */
  get card(): IdCard | undefined {
    if (this.#holds() && this.#stale()) this.forget();
    return this.#card;
  }

  get readAt(): number {
    return this.#readAt;
  }

  /** Drops everything if the visitor has been idle for too long (attached parts ask before using what they hold). */
  expireIfIdle(): void {
    if (this.#holds() && this.#stale()) this.forget();
  }

  /** The visitor did something: the idle clock starts again. */
  touch(): void {
    this.#lastActivity = this.#now();
    if (!this.#holds()) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (!this.#holds()) return;
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
    for (const part of this.#parts) part.forget();
  }

  #holds(): boolean {
    return this.#card !== undefined || this.#parts.some((p) => p.holds());
  }

  #stale(): boolean {
    return this.#now() - this.#lastActivity >= this.#idleMs;
  }
}
