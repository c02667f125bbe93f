/**
 * Which halls to push now. A burst of reports from one hall becomes at most
 * one `hall:updated` per hall per interval: the first change after a quiet
 * spell is due at once, later ones wait out the interval and then go as one,
 * with the figures as they are by then. Pure: the time is passed in.
 */
export class PushPlan {
  readonly #intervalMs: number;
  readonly #pending = new Set<string>();
  /** When each hall was last pushed; only halls still inside their interval are kept. */
  readonly #pushedAt = new Map<string, number>();

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  changed(hallIds: readonly string[]): void {
    for (const id of hallIds) this.#pending.add(id);
  }

  /** The halls to push at `now`, which then count as pushed at `now`. */
  due(now: number): string[] {
    for (const [id, at] of this.#pushedAt) if (at + this.#intervalMs <= now) this.#pushedAt.delete(id);
    const due = [...this.#pending].filter((id) => !this.#pushedAt.has(id));
    for (const id of due) {
      this.#pending.delete(id);
      this.#pushedAt.set(id, now);
    }
    return due;
  }

  /** When the next pending hall becomes due; undefined with nothing pending. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const id of this.#pending) {
      const at = (this.#pushedAt.get(id) ?? -Infinity) + this.#intervalMs;
      next = next === undefined ? at : Math.min(next, at);
    }
    return next;
  }
}
