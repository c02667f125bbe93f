/**
 * A staff member's word for the visitor at the kiosk: the grant the hall
 * handed out after checking their staff number and PIN (grantStaff). It
 * vouches for the disabled/military green channel of this one visitor, so it
 * lives in memory only, attached to the visitor session: it goes with the
 * visitor (forgetVisitor, a new card, the idle timeout), once a ticket has
 * been issued with it, and at the hall's expiry. The screen sees who vouched,
 * never the grant.
 */
import type { VisitorPart } from './visitor.ts';

/** The hall's grants last five minutes; a hall clock ahead of ours must not make one outlive that here. */
const LONGEST_MS = 5 * 60_000;

export type HeldGrant = { grant: string; staffNo: string; name: string; expiresAt: number };

export class StaffGrantHold implements VisitorPart {
  readonly #now: () => number;
  #held: HeldGrant | undefined;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Keeps the hall's grant for the current visitor, replacing any earlier one. */
  keep(grant: string, staffNo: string, name: string, hallExpiresAt: string): HeldGrant {
    const now = this.#now();
    const hallExpiry = Date.parse(hallExpiresAt);
    const expiresAt = Math.min(Number.isFinite(hallExpiry) ? hallExpiry : now, now + LONGEST_MS);
    this.#held = { grant, staffNo, name, expiresAt };
    return this.#held;
  }

  /** The grant, if one is held and has not expired (an expired one is dropped). */
  current(): HeldGrant | undefined {
    if (this.#held && this.#held.expiresAt <= this.#now()) this.#held = undefined;
    return this.#held;
  }

  holds(): boolean {
    return this.current() !== undefined;
  }

  forget(): void {
    this.#held = undefined;
  }
}
