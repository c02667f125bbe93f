/**
 * A staff member's word at a kiosk, checked by the hall: a clerk or guide
 * types their staff number and PIN at the kiosk (verified here, with the
 * hall's lockouts), and the hall hands that kiosk a short-lived grant. The
 * disabled/military green channel is issued at a kiosk only against such a
 * grant, so no PIN lives in a terminal's configuration and every grant names
 * the staff member who gave it.
 */
import { randomBytes } from 'node:crypto';

export const GRANT_TTL_MS = 5 * 60_000;
/** Grants alive at once; the oldest go first past this, so a flood cannot grow memory. */
const MAX_GRANTS = 1000;

export type StaffGrant = { grant: string; staffNo: string; name: string; expiresAt: number };
type Held = { tokenId: string; staffNo: string; name: string; expiresAt: number };

export class StaffGrants {
  readonly #held = new Map<string, Held>();

  /** A new grant for the kiosk `tokenId`, in the name of the staff member who proved their PIN. */
  issue(tokenId: string, member: { staffNo: string; name: string }, now: number): StaffGrant {
    this.#sweep(now);
    while (this.#held.size >= MAX_GRANTS) this.#held.delete(this.#held.keys().next().value!);
    const grant = randomBytes(24).toString('base64url');
    const expiresAt = now + GRANT_TTL_MS;
    this.#held.set(grant, { tokenId, staffNo: member.staffNo, name: member.name, expiresAt });
    return { grant, staffNo: member.staffNo, name: member.name, expiresAt };
  }

  /** The staff member behind a grant, if it is alive and was given to this very kiosk. */
  check(grant: string, tokenId: string, now: number): { staffNo: string; name: string } | undefined {
    const held = this.#held.get(grant);
    if (!held || held.expiresAt <= now || held.tokenId !== tokenId) return undefined;
    return { staffNo: held.staffNo, name: held.name };
  }

  #sweep(now: number): void {
    for (const [grant, held] of this.#held) if (held.expiresAt <= now) this.#held.delete(grant);
  }
}
