/**
 * Mosquitto's `$7$` password hash (PBKDF2-SHA512, as `mosquitto_passwd`
 * writes it), only to give the test directory's logins real hashes. The
 * platform's own lives with the accounts; the broker code never hashes.
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export function testMosquittoHash(password: string, iterations = 101): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function testVerifyMosquittoHash(password: string, encoded: string): boolean {
  const [, kind, iterations, salt, hash] = encoded.split('$');
  if (kind !== '7' || !iterations || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(salt, 'base64'), Number(iterations), expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}
