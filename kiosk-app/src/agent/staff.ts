/**
 * Staff functions behind a PIN. The comparison takes the same time whatever
 * the guess (digests of equal length compared with timingSafeEqual), a
 * session lasts two minutes, and wrong PINs lock the corner menu so a
 * visitor (or anything that reaches the agent) cannot try PINs at leisure:
 * five in a row lock it for a minute, each further lockout without a right
 * PIN in between doubles that, up to an hour. A right PIN forgives all.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { kioskError } from './messages.ts';

export type StaffOptions = {
  /** Absent: staff functions refuse. */
  pin?: string;
  now?: () => number;
  sessionMs?: number;
  /** Wrong PINs in a row that lock staff functions; default 5. */
  maxFailures?: number;
  /** The first lockout; each further one doubles it. Default one minute. */
  lockoutMs?: number;
  /** The longest lockout; default one hour. */
  maxLockoutMs?: number;
};

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function pinMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

export class StaffSession {
  readonly #o: StaffOptions;
  readonly #now: () => number;
  #until = 0;
  #failures = 0;
  #lockedUntil = 0;
  /** Lockouts since the last right PIN: the next one lasts 2^lockouts times the first. */
  #lockouts = 0;

  constructor(options: StaffOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.#o.pin !== undefined;
  }

  login(pin: unknown): boolean {
    if (this.#o.pin === undefined) throw kioskError('STAFF_DISABLED');
    const now = this.#now();
    // Refused without looking at the guess: a lock is not a chance to keep guessing.
    if (now < this.#lockedUntil) throw this.#lockedError(now);
    const ok = typeof pin === 'string' && pinMatches(this.#o.pin, pin);
    if (!ok) {
      this.#until = 0;
      if (++this.#failures >= (this.#o.maxFailures ?? 5)) {
        this.#failures = 0;
        const first = this.#o.lockoutMs ?? 60_000;
        this.#lockedUntil = now + Math.min(first * 2 ** this.#lockouts, this.#o.maxLockoutMs ?? 3_600_000);
        this.#lockouts++;
      }
      return false;
    }
    this.#failures = 0;
    this.#lockouts = 0;
    this.#until = now + (this.#o.sessionMs ?? 120_000);
    return true;
  }

  /** STAFF_LOCKED with how long the lock has left, whole seconds rounded up, so the screen can say when to try again. */
  #lockedError(now: number) {
    return kioskError('STAFF_LOCKED', { retryAfterS: Math.ceil((this.#lockedUntil - now) / 1000) });
  }

  get active(): boolean {
    return this.#now() < this.#until;
  }

  /** Throws STAFF_ONLY unless a staff session is open. */
  require(): void {
    if (this.#o.pin === undefined) throw kioskError('STAFF_DISABLED');
    if (!this.active) throw kioskError('STAFF_ONLY');
  }

  logout(): void {
    this.#until = 0;
  }
}
