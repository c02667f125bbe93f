import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mosquittoHash, verifyMosquittoHash } from '../../src/accounts/mosquitto-hash.ts';

const MOSQUITTO_PASSWD_MISSING = 'mosquitto_passwd not found: install it with `apt-get install mosquitto` (Debian)';

describe('Mosquitto $7$ password hashes', () => {
  it('writes $7$<iterations>$<12-byte salt>$<64-byte PBKDF2-SHA512> in standard base64', () => {
    const salt = Buffer.from('000102030405060708090a0b', 'hex');
    const hash = mosquittoHash('correct horse', salt, 101);
    const [, kind, iterations, salt64, hash64] = hash.split('$');
    expect([kind, iterations, salt64]).toEqual(['7', '101', 'AAECAwQFBgcICQoL']);
    expect(Buffer.from(hash64, 'base64')).toHaveLength(64);
    expect(hash).toBe(mosquittoHash('correct horse', salt, 101));
    expect(mosquittoHash('correct horse')).not.toBe(mosquittoHash('correct horse'));
  });

  it('verifies the password it was made from, and nothing else', () => {
    const hash = mosquittoHash('pässwörd');
    expect(verifyMosquittoHash('pässwörd', hash)).toBe(true);
    expect(verifyMosquittoHash('passwort', hash)).toBe(false);
    expect(verifyMosquittoHash('', hash)).toBe(false);
    expect(verifyMosquittoHash('pässwörd', hash.replace('$7$101$', '$7$102$'))).toBe(false);
    for (const junk of ['', 'plain', '$6$abc$def', '$7$$$', '$7$101$!!$AA==']) expect(verifyMosquittoHash('x', junk)).toBe(false);
  });

  it("reads what Mosquitto's own mosquitto_passwd writes", () => {
    const found = spawnSync('mosquitto_passwd', ['-h'], { encoding: 'utf8' });
    if (found.error) throw new Error(MOSQUITTO_PASSWD_MISSING);
    const dir = mkdtempSync(join(tmpdir(), 'city-mosq-'));
    try {
      const file = join(dir, 'passwords');
      const made = spawnSync('mosquitto_passwd', ['-c', '-b', file, 'hall-1', 's3cret/密码'], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      const line = readFileSync(file, 'utf8').trim();
      const [user, hash] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
      expect(user).toBe('hall-1');
      expect(hash).toMatch(/^\$7\$/);
      expect(verifyMosquittoHash('s3cret/密码', hash)).toBe(true);
      expect(verifyMosquittoHash('s3cret', hash)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
