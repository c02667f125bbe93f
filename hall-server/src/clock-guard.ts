/**
 * The hall's clock, checked against the monotonic clock. A wall clock
 * stepped far ahead (a bad NTP answer, a mistyped date, an RTC reset) would
 * otherwise start a future hall day — from which the hall never steps back,
 * since days only go forwards — and make every record look old enough to
 * purge.
 *
 * While the wall clock agrees with the time the monotonic clock says has
 * passed (within `toleranceMs`, which absorbs NTP slewing), the hall uses it.
 * When it jumps, the hall keeps running on the last trusted time plus the
 * monotonic time elapsed, says so once in the log, and holds retention
 * purges. A jump that stays the same for `settleMs` is taken as a correction
 * and accepted, if it is no bigger than `autoAcceptMs`; a bigger one is held
 * until an operator confirms it (`confirm()`, or restarting the hall, which
 * starts from the wall clock again).
 */

export type ClockGuardOptions = {
  wall: () => number;
  /** Milliseconds from any origin that never jumps (performance.now). */
  monotonic: () => number;
  toleranceMs?: number;
  settleMs?: number;
  autoAcceptMs?: number;
  /** Told once per jump, and once when a jump is accepted; never sees anything personal. */
  report?: (event: ClockEvent) => void;
};

export type ClockEvent =
  | { type: 'jump'; offsetMs: number; accepts: 'after-settling' | 'on-confirmation' }
  | { type: 'accepted'; offsetMs: number; by: 'settling' | 'operator' };

export const CLOCK_TOLERANCE_MS = 5 * 60_000;
export const CLOCK_SETTLE_MS = 30 * 60_000;
export const CLOCK_AUTO_ACCEPT_MS = 24 * 3600_000;

export class ClockGuard {
  readonly #o: Required<Omit<ClockGuardOptions, 'report'>> & Pick<ClockGuardOptions, 'report'>;
  #baseWall: number;
  #baseMono: number;
  /** A jump being watched: its offset from the trusted time and when (monotonic) it was first seen. */
  #jump: { offsetMs: number; since: number } | undefined;
  #confirmed = false;

  constructor(options: ClockGuardOptions) {
    this.#o = { toleranceMs: CLOCK_TOLERANCE_MS, settleMs: CLOCK_SETTLE_MS, autoAcceptMs: CLOCK_AUTO_ACCEPT_MS, ...options };
    this.#baseWall = options.wall();
    this.#baseMono = options.monotonic();
  }

  /** The hall's time: the wall clock when it is trusted, the monotonic estimate while a jump is held. */
  now(): number {
    const wall = this.#o.wall();
    const mono = this.#o.monotonic();
    const trusted = this.#baseWall + (mono - this.#baseMono);
    const offsetMs = wall - trusted;
    if (Math.abs(offsetMs) <= this.#o.toleranceMs) {
      // Agreement moves the base along, so slow drift never adds up to a jump.
      this.#rebase(wall, mono);
      this.#jump = undefined;
      return wall;
    }
    if (!this.#jump || Math.abs(offsetMs - this.#jump.offsetMs) > this.#o.toleranceMs) {
      // A new jump (or the clock moved again): watch it from now.
      this.#jump = { offsetMs, since: mono };
      this.#confirmed = false;
      this.#o.report?.({ type: 'jump', offsetMs, accepts: Math.abs(offsetMs) <= this.#o.autoAcceptMs ? 'after-settling' : 'on-confirmation' });
    }
    const settled = mono - this.#jump.since >= this.#o.settleMs && Math.abs(offsetMs) <= this.#o.autoAcceptMs;
    if (settled || this.#confirmed) {
      this.#o.report?.({ type: 'accepted', offsetMs, by: this.#confirmed ? 'operator' : 'settling' });
      this.#rebase(wall, mono);
      this.#jump = undefined;
      this.#confirmed = false;
      return wall;
    }
    return trusted;
  }

  /** Whether a jump is being held: retention purges wait while it is. */
  get holding(): boolean {
    this.now();
    return this.#jump !== undefined;
  }

  /** An operator says the wall clock is right: the held jump is accepted at the next reading. */
  confirm(): void {
    if (this.#jump) this.#confirmed = true;
  }

  #rebase(wall: number, mono: number): void {
    this.#baseWall = wall;
    this.#baseMono = mono;
  }
}
