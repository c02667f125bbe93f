/**
 * Clerks who may sign in at a window: staff number, name, an optional photo
 * for the visitor-facing screen, and a PIN kept only as a salted scrypt hash.
 *
 * A PIN check is deliberately slow (scrypt, ~16 MB and tens of ms), so it
 * runs on libuv's thread pool, never on the event loop, and only a few at
 * once: forty sign-ins at the same moment must not stall the hall nor take
 * every pool thread from file I/O. Repeated wrong PINs lock the staff number
 * for a while, and lock the terminal (token) that keeps guessing across
 * staff numbers.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DEFAULT_LIMITS, FailureWindow, Gate, GateFullError } from '../api/limits.ts';
import { StaffGrants } from './staff-grants.ts';

export type StaffMember = { staffNo: string; name: string; photoUrl?: string };

export type PinCheck =
  | { ok: true; member: StaffMember }
  /** `wrong`: no such clerk or not their PIN. `staff-locked`: too many wrong PINs for this staff number.
   *  `caller-locked`: too many wrong PINs from this terminal. `busy`: too many checks at once. */
  | { ok: false; reason: 'wrong' | 'staff-locked' | 'caller-locked' | 'busy'; retryAfterMs: number };

export type StaffOptions = {
  /** Wrong PINs in a row that lock a staff number, and for how long. */
  lockAfter?: number;
  lockMs?: number;
  /** Wrong PINs one caller (token) may try within `callerWindowMs` before it is locked for `callerLockMs`. */
  callerFailures?: number;
  callerWindowMs?: number;
  callerLockMs?: number;
  /** PIN checks running at once, and waiting; beyond both a check is refused as `busy`. */
  checksInFlight?: number;
  checksQueued?: number;
  /** Entries each failure map may hold. */
  maxTracked?: number;
};

const SCRYPT = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
/** The salt of a hash nobody has: an unknown staff number costs as much as a known one. */
const NOBODY = 'AAAAAAAAAAAAAAAAAAAAAA==:';

function hashPinSync(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, KEY_BYTES, SCRYPT);
}

function hashPin(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(pin, salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

export class StaffStore {
  /** Staff members' word given at kiosks (the green channel), each proved by PIN here. */
  readonly grants = new StaffGrants();
  readonly #db: Database.Database;
  readonly #staffFailures: FailureWindow;
  readonly #callerFailures: FailureWindow;
  readonly #checks: Gate;

  constructor(db: Database.Database, options: StaffOptions = {}) {
    this.#db = db;
    const maxKeys = options.maxTracked ?? DEFAULT_LIMITS.trackedKeys;
    const lockMs = options.lockMs ?? 5 * 60_000;
    // A staff number's failures count until a success or a lock; the window is the lock itself.
    this.#staffFailures = new FailureWindow({ limit: options.lockAfter ?? 5, windowMs: lockMs, lockMs, maxKeys });
    this.#callerFailures = new FailureWindow({
      limit: options.callerFailures ?? DEFAULT_LIMITS.pinFailuresPerToken,
      windowMs: options.callerWindowMs ?? DEFAULT_LIMITS.pinFailureWindowMs,
      lockMs: options.callerLockMs ?? DEFAULT_LIMITS.pinTokenLockMs,
      maxKeys,
    });
    this.#checks = new Gate(options.checksInFlight ?? DEFAULT_LIMITS.pinChecksInFlight, options.checksQueued ?? DEFAULT_LIMITS.pinChecksQueued);
  }

  /**
   * Adds a clerk or replaces their name, photo and PIN. Synchronous: it is
   * an enrolment by the hall's own tools and tests, never a client's call.
   */
  upsert(member: StaffMember, pin: string): void {
    if (!/^[0-9A-Za-z-]{1,32}$/.test(member.staffNo)) throw new TypeError('a staff number is 1–32 letters, digits or -');
    if (!member.name.trim()) throw new TypeError('a clerk needs a name');
    if (!/^\d{4,8}$/.test(pin)) throw new TypeError('a PIN is 4–8 digits');
    const salt = randomBytes(16);
    const stored = `${salt.toString('base64')}:${hashPinSync(pin, salt).toString('base64')}`;
    this.#db
      .prepare(
        'INSERT INTO staff (staff_no, name, photo_url, pin_hash, active) VALUES (?, ?, ?, ?, 1) ' +
          'ON CONFLICT (staff_no) DO UPDATE SET name = excluded.name, photo_url = excluded.photo_url, pin_hash = excluded.pin_hash, active = 1',
      )
      .run(member.staffNo, member.name.trim(), member.photoUrl ?? null, stored);
  }

  /**
   * The clerk if the PIN matches. `caller` is who asks (a token id): its
   * wrong PINs across staff numbers are counted too. `now` is read again
   * after the hash, so a check that waited its turn judges locks by then.
   */
  async verify(staffNo: string, pin: string, now: () => number, caller?: string): Promise<PinCheck> {
    const refusal = this.#locked(staffNo, caller, now());
    if (refusal) return refusal;
    const row = this.#db.prepare('SELECT staff_no, name, photo_url, pin_hash FROM staff WHERE staff_no = ? AND active = 1').get(staffNo) as
      | { staff_no: string; name: string; photo_url: string | null; pin_hash: string }
      | undefined;
    // Hash even for an unknown staff number, so timing does not tell which numbers exist.
    const [saltB64, hashB64] = (row?.pin_hash ?? NOBODY).split(':') as [string, string];
    let actual: Buffer;
    try {
      actual = await this.#checks.run(() => hashPin(pin, Buffer.from(saltB64, 'base64')));
    } catch (err) {
      if (err instanceof GateFullError) return { ok: false, reason: 'busy', retryAfterMs: 1_000 };
      throw err;
    }
    const at = now();
    // Guesses sent together all pass the first check; whatever locked meanwhile wins over their answer.
    const lockedMeanwhile = this.#locked(staffNo, caller, at);
    if (lockedMeanwhile) return lockedMeanwhile;
    const expected = Buffer.from(hashB64, 'base64');
    if (row && expected.length === actual.length && timingSafeEqual(expected, actual)) {
      this.#staffFailures.forget(staffNo);
      return { ok: true, member: { staffNo: row.staff_no, name: row.name, photoUrl: row.photo_url ?? undefined } };
    }
    // A wrong PIN counts against both the staff number and the terminal that tried it.
    this.#staffFailures.fail(staffNo, at);
    if (caller !== undefined) this.#callerFailures.fail(caller, at);
    return this.#locked(staffNo, caller, at) ?? { ok: false, reason: 'wrong', retryAfterMs: 0 };
  }

  #locked(staffNo: string, caller: string | undefined, now: number): PinCheck | undefined {
    const callerLock = caller === undefined ? 0 : this.#callerFailures.lockedFor(caller, now);
    if (callerLock) return { ok: false, reason: 'caller-locked', retryAfterMs: callerLock };
    const staffLock = this.#staffFailures.lockedFor(staffNo, now);
    if (staffLock) return { ok: false, reason: 'staff-locked', retryAfterMs: staffLock };
    return undefined;
  }
}
