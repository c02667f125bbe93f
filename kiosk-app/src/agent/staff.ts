/**
 * Staff functions behind a PIN. The comparison takes the same time whatever
 * the guess (digests of equal length compared with timingSafeEqual), a
 * session lasts two minutes, and five wrong PINs in a row lock the corner
 * menu for a minute so a visitor cannot try PINs at leisure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { kioskError } from './messages.ts';

export type StaffOptions = {
  /** Absent: staff functions refuse. */
  pin?: string;
  now?: () => number;
  sessionMs?: number;
  maxFailures?: number;
  lockoutMs?: number;
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
    if (now < this.#lockedUntil) throw kioskError('STAFF_LOCKED');
    const ok = typeof pin === 'string' && pinMatches(this.#o.pin, pin);
    if (!ok) {
      this.#until = 0;
      if (++this.#failures >= (this.#o.maxFailures ?? 5)) {
        this.#failures = 0;
        this.#lockedUntil = now + (this.#o.lockoutMs ?? 60_000);
      }
      return false;
    }
    this.#failures = 0;
    this.#until = now + (this.#o.sessionMs ?? 120_000);
    return true;
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
