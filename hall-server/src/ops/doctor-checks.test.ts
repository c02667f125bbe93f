import { describe, expect, it } from 'vitest';
import {
  checkCertificate,
  checkClock,
  checkDatabase,
  checkDisk,
  checkKey,
  checkMigrations,
  checkModes,
  checkUpstream,
  failed,
  formatFinding,
  type Finding,
  type Level,
} from './doctor-checks.ts';

const NOW = Date.parse('2026-12-07T09:00:00Z');
const DAY = 86_400_000;
const GIB = 1024 ** 3;
const KEY = { path: '/var/lib/hall/hall.key', expectedBytes: 64 };

/** Each row: a situation, the facts the doctor gathered, the level it must give and words the operator must read. */
const table: { situation: string; finding: Finding; level: Level; says: string }[] = [
  { situation: 'a sound database', finding: checkDatabase({ path: '/d/hall.db', exists: true, problems: [] }), level: 'ok', says: 'passes quick_check' },
  {
    situation: 'a damaged database',
    finding: checkDatabase({ path: '/d/hall.db', exists: true, problems: ['Tree 12 page 40: btreeInitPage() returns error code 11', 'another'] }),
    level: 'fail',
    says: 'restore the latest backup',
  },
  { situation: 'no database at all', finding: checkDatabase({ path: '/d/hall.db', exists: false, problems: [] }), level: 'fail', says: 'check --data' },
  { situation: 'every schema change applied', finding: checkMigrations({ applied: [1, 2, 3], known: [1, 2, 3] }), level: 'ok', says: 'schema version 3' },
  { situation: 'schema changes still to apply', finding: checkMigrations({ applied: [1, 2], known: [1, 2, 3] }), level: 'warn', says: 'take a backup first' },
  {
    situation: 'a database from a newer hall-server',
    finding: checkMigrations({ applied: [1, 2, 3, 4], known: [1, 2, 3] }),
    level: 'fail',
    says: 'newer hall-server',
  },
  { situation: 'a private key of the right size', finding: checkKey({ ...KEY, mode: 0o100600, bytes: 64, sealedData: true }), level: 'ok', says: 'mode 600' },
  { situation: 'a key others can read', finding: checkKey({ ...KEY, mode: 0o100644, bytes: 64, sealedData: true }), level: 'fail', says: 'chmod 600' },
  {
    situation: 'a key of the wrong size',
    finding: checkKey({ ...KEY, mode: 0o100600, bytes: 32, sealedData: true }),
    level: 'fail',
    says: 'does not hold a hall key',
  },
  { situation: 'a missing key with sealed data', finding: checkKey({ ...KEY, sealedData: true }), level: 'fail', says: 'restore the key' },
  { situation: 'no key yet in a new hall', finding: checkKey({ ...KEY, sealedData: false }), level: 'ok', says: 'first start' },
  {
    situation: 'a second key left in the data directory',
    finding: checkKey({ ...KEY, path: '/etc/hall/hall.key', mode: 0o100600, bytes: 64, sealedData: true, strayKey: '/var/lib/hall/hall.key' }),
    level: 'fail',
    says: 'one key',
  },
  {
    situation: 'private modes',
    finding: checkModes({ dataDir: '/d', dirMode: 0o40700, files: [{ path: '/d/hall.db', mode: 0o100600 }] }),
    level: 'ok',
    says: '700',
  },
  { situation: 'an open data directory', finding: checkModes({ dataDir: '/d', dirMode: 0o40755, files: [] }), level: 'fail', says: 'chmod 700 /d' },
  {
    situation: 'a database file open to the group',
    finding: checkModes({ dataDir: '/d', dirMode: 0o40700, files: [{ path: '/d/hall.db-wal', mode: 0o100640 }] }),
    level: 'fail',
    says: '/d/hall.db-wal (640)',
  },
  { situation: 'plenty of disk', finding: checkDisk({ path: '/d', freeBytes: 50 * GIB, totalBytes: 100 * GIB }), level: 'ok', says: 'free' },
  { situation: 'under 2 GiB free', finding: checkDisk({ path: '/d', freeBytes: 1.5 * GIB, totalBytes: 20 * GIB }), level: 'warn', says: 'grow the volume' },
  {
    situation: 'under 5% of a big volume free',
    finding: checkDisk({ path: '/d', freeBytes: 40 * GIB, totalBytes: 1000 * GIB }),
    level: 'warn',
    says: '40.0 GiB',
  },
  {
    situation: 'almost no disk left',
    finding: checkDisk({ path: '/d', freeBytes: 100 * 1024 ** 2, totalBytes: 20 * GIB }),
    level: 'fail',
    says: 'fail to record',
  },
  { situation: 'a clock after the newest record', finding: checkClock({ now: NOW, newestEventAt: NOW - 3600_000 }), level: 'ok', says: 'not behind' },
  {
    situation: 'a clock within NTP slewing of the newest record',
    finding: checkClock({ now: NOW, newestEventAt: NOW + 60_000 }),
    level: 'ok',
    says: 'not behind',
  },
  { situation: 'a clock that went back a day', finding: checkClock({ now: NOW, newestEventAt: NOW + DAY }), level: 'fail', says: '24 h behind' },
  {
    situation: 'a hall day after today',
    finding: checkClock({ now: NOW, newestEventAt: NOW - 60_000, newestDay: '2026-12-08', today: '2026-12-07' }),
    level: 'fail',
    says: 'after today',
  },
  { situation: 'a hall with no records yet', finding: checkClock({ now: NOW }), level: 'ok', says: 'not behind' },
  {
    situation: 'a certificate valid for a year',
    finding: checkCertificate({ path: '/etc/hall/tls/hall.crt', now: NOW, validFrom: NOW - DAY, validTo: NOW + 365 * DAY }),
    level: 'ok',
    says: '365 days',
  },
  {
    situation: 'a certificate expiring in 10 days',
    finding: checkCertificate({ path: '/etc/hall/tls/hall.crt', now: NOW, validFrom: NOW - DAY, validTo: NOW + 10 * DAY }),
    level: 'warn',
    says: 'in 10 days',
  },
  {
    situation: 'an expired certificate',
    finding: checkCertificate({ path: '/etc/hall/tls/hall.crt', now: NOW, validFrom: NOW - 90 * DAY, validTo: NOW - DAY }),
    level: 'fail',
    says: 'expired on 2026-12-06',
  },
  {
    situation: 'a certificate not valid yet',
    finding: checkCertificate({ path: '/etc/hall/tls/hall.crt', now: NOW, validFrom: NOW + DAY, validTo: NOW + 90 * DAY }),
    level: 'fail',
    says: 'check the clock',
  },
  { situation: 'not a certificate', finding: checkCertificate({ path: '/x.pem', now: NOW, unreadable: 'ENOENT' }), level: 'fail', says: 'not a readable PEM' },
  {
    situation: 'an upstream that answers, even with an error status',
    finding: checkUpstream({ url: 'https://city.example/api', timeoutMs: 5000, reached: true, answer: 'HTTP 405' }),
    level: 'ok',
    says: 'HTTP 405',
  },
  {
    situation: 'an unreachable upstream',
    finding: checkUpstream({ url: 'https://city.example/api', timeoutMs: 5000, reached: false, reason: 'ECONNREFUSED' }),
    level: 'warn',
    says: 'wait in the outbox',
  },
];

describe('doctor checks', () => {
  it.each(table)('$situation: $level', ({ finding, level, says }) => {
    expect(finding.level).toBe(level);
    expect(finding.message).toContain(says);
    expect(formatFinding(finding)).not.toContain('\n');
  });

  it('fails the whole examination on any failure, and only then', () => {
    const ok = table.filter((row) => row.level !== 'fail').map((row) => row.finding);
    expect(failed(ok)).toBe(false);
    expect(failed([...ok, table.find((row) => row.level === 'fail')!.finding])).toBe(true);
  });

  it('prints one line per finding: its level, the check, and what to do', () => {
    expect(formatFinding(checkModes({ dataDir: '/d', dirMode: 0o40755, files: [] }))).toMatch(
      /^FAIL modes: the data directory is open to others \(mode 755\): run chmod 700 \/d/,
    );
    expect(formatFinding(checkDisk({ path: '/d', freeBytes: 50 * GIB, totalBytes: 100 * GIB }))).toBe('ok   disk: 50.0 GiB free of 100.0 GiB under /d');
  });
});
