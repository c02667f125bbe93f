/**
 * Clerks who may sign in at a window: staff number, name, an optional photo
 * for the visitor-facing screen, and a PIN kept only as a salted scrypt hash.
 * Repeated wrong PINs lock the staff number for a while.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

export type StaffMember = { staffNo: string; name: string; photoUrl?: string };

const LOCK_AFTER = 5;
const LOCK_MS = 5 * 60_000;

function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
}

export class StaffStore {
  readonly #db: Database.Database;
  readonly #failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Adds a clerk or replaces their name, photo and PIN. */
  upsert(member: StaffMember, pin: string): void {
    if (!/^[0-9A-Za-z-]{1,32}$/.test(member.staffNo)) throw new TypeError('a staff number is 1–32 letters, digits or -');
    if (!member.name.trim()) throw new TypeError('a clerk needs a name');
    if (!/^\d{4,8}$/.test(pin)) throw new TypeError('a PIN is 4–8 digits');
    const salt = randomBytes(16);
    const stored = `${salt.toString('base64')}:${hashPin(pin, salt).toString('base64')}`;
    this.#db
      .prepare(
        'INSERT INTO staff (staff_no, name, photo_url, pin_hash, active) VALUES (?, ?, ?, ?, 1) ' +
          'ON CONFLICT (staff_no) DO UPDATE SET name = excluded.name, photo_url = excluded.photo_url, pin_hash = excluded.pin_hash, active = 1',
      )
      .run(member.staffNo, member.name.trim(), member.photoUrl ?? null, stored);
  }

  /** The clerk if the PIN matches; `locked` after too many wrong tries. */
  verify(staffNo: string, pin: string, now: number): { ok: true; member: StaffMember } | { ok: false; locked: boolean } {
    const failure = this.#failures.get(staffNo);
    if (failure && failure.lockedUntil > now) return { ok: false, locked: true };
    const row = this.#db.prepare('SELECT staff_no, name, photo_url, pin_hash FROM staff WHERE staff_no = ? AND active = 1').get(staffNo) as
      | { staff_no: string; name: string; photo_url: string | null; pin_hash: string }
      | undefined;
    // Hash even for an unknown staff number, so timing does not tell which numbers exist.
    const [saltB64, hashB64] = (row?.pin_hash ?? 'AAAAAAAAAAAAAAAAAAAAAA==:').split(':') as [string, string];
    const actual = hashPin(pin, Buffer.from(saltB64, 'base64'));
    const expected = Buffer.from(hashB64, 'base64');
    if (row && expected.length === actual.length && timingSafeEqual(expected, actual)) {
      this.#failures.delete(staffNo);
      return { ok: true, member: { staffNo: row.staff_no, name: row.name, photoUrl: row.photo_url ?? undefined } };
    }
    const count = (failure?.count ?? 0) + 1;
    this.#failures.set(staffNo, { count, lockedUntil: count >= LOCK_AFTER ? now + LOCK_MS : 0 });
    return { ok: false, locked: count >= LOCK_AFTER };
  }
}
