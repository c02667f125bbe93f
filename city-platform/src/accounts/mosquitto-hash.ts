/**
 * Passwords in Mosquitto 2.0's own `$7$` format, the one `mosquitto_passwd`
 * writes: `$7$<iterations>$<base64 salt>$<base64 hash>`, the hash being
 * PBKDF2-HMAC-SHA512 of the UTF-8 password over the raw 12-byte salt, 64
 * bytes long, base64 with padding. Stored this way, the same logins work on
 * the embedded broker (which checks them here) and on a Mosquitto given a
 * password file written from `logins()`.
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const MOSQUITTO_SALT_BYTES = 12;
export const MOSQUITTO_HASH_BYTES = 64;
/**
 * mosquitto_passwd's default. Enough here because every password the platform
 * hands out is 24 random bytes: nothing to guess, whatever the work factor,
 * while a whole city of halls reconnecting at once stays cheap to check.
 */
export const MOSQUITTO_DEFAULT_ITERATIONS = 101;

const FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export function mosquittoHash(password: string, salt: Buffer = randomBytes(MOSQUITTO_SALT_BYTES), iterations = MOSQUITTO_DEFAULT_ITERATIONS): string {
  if (!Number.isInteger(iterations) || iterations < 1) throw new TypeError('iterations must be a positive integer');
  if (salt.length === 0) throw new TypeError('a salt must not be empty');
  const hash = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, MOSQUITTO_HASH_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` matches a `$7$` hash; false for anything not in that format. Constant time in the hash comparison. */
export function verifyMosquittoHash(password: string, encoded: string): boolean {
  const match = FORMAT.exec(encoded);
  if (!match) return false;
  const iterations = Number(match[1]);
  const salt = Buffer.from(match[2], 'base64');
  const expected = Buffer.from(match[3], 'base64');
  if (iterations < 1 || salt.length === 0 || expected.length === 0) return false;
  const actual = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}
