/**
 * `hall-server doctor`'s judgements: each check is a function of facts
 * gathered elsewhere (doctor-facts.ts) and returns one finding, whose
 * message says what is wrong and what to do. `fail` makes the doctor exit
 * non-zero; `warn` is worth knowing but the hall can serve.
 */
import { CLOCK_TOLERANCE_MS } from '../clock-guard.ts';

export type Level = 'ok' | 'warn' | 'fail';
export type Finding = { check: string; level: Level; message: string };

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

/** Free space under which a warning is given: 2 GiB, or 5% of the volume if that is more. */
export const DISK_WARN_BYTES = 2048 * MIB;
export const DISK_WARN_SHARE = 0.05;
/** Free space under which the hall may soon fail to commit (WAL growth, checkpoints, uploads). */
export const DISK_FAIL_BYTES = 256 * MIB;
export const CERT_WARN_DAYS = 30;

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');
const loose = (mode: number) => (mode & 0o077) !== 0;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const gib = (bytes: number) => `${(bytes / 1024 / MIB).toFixed(1)} GiB`;

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export type DatabaseFacts = { path: string; exists: boolean; problems: string[] };

export function checkDatabase(f: DatabaseFacts): Finding {
  const check = 'database';
  if (!f.exists) return { check, level: 'fail', message: `no hall database at ${f.path}: check --data (serve makes a new hall's database)` };
  if (f.problems.length === 0) return { check, level: 'ok', message: `${f.path} passes quick_check` };
  const more = f.problems.length > 1 ? ` (and ${f.problems.length - 1} more)` : '';
  return {
    check,
    level: 'fail',
    message: `${f.path} is damaged: ${f.problems[0]}${more}. Stop the hall, keep the file aside, and restore the latest backup (hall-server restore)`,
  };
}

export type MigrationFacts = { applied: number[]; known: number[] };

export function checkMigrations(f: MigrationFacts): Finding {
  const check = 'schema';
  const unknown = f.applied.filter((v) => !f.known.includes(v));
  if (unknown.length)
    return {
      check,
      level: 'fail',
      message:
        `the database has schema versions this hall-server does not know (${unknown.join(', ')}): a newer hall-server wrote it. ` +
        'Install that version again, or restore a backup taken before the upgrade',
    };
  const pending = f.known.filter((v) => !f.applied.includes(v));
  if (pending.length)
    return {
      check,
      level: 'warn',
      message: `${pending.length} schema change(s) not yet applied (${pending.join(', ')}): the hall applies them at its next start; take a backup first`,
    };
  return { check, level: 'ok', message: `schema version ${Math.max(0, ...f.known)}, as this hall-server expects` };
}

export type KeyFacts = {
  path: string;
  /** Undefined when there is no key file. */
  mode?: number;
  /** Bytes the file's base64 decodes to. */
  bytes?: number;
  expectedBytes: number;
  /** Whether the database holds anything sealed with the key. */
  sealedData: boolean;
  /** A hall.key left in the data directory while the key is read from elsewhere. */
  strayKey?: string;
};

export function checkKey(f: KeyFacts): Finding {
  const check = 'key';
  if (f.strayKey)
    return {
      check,
      level: 'fail',
      message: `${f.strayKey} exists, but the key is read from ${f.path}: move it there (or drop --key-file) so that the hall has one key`,
    };
  if (f.mode === undefined)
    return f.sealedData
      ? { check, level: 'fail', message: `the key ${f.path} is missing and the database holds data sealed with it: restore the key from the latest backup` }
      : { check, level: 'ok', message: `no key yet at ${f.path}: the hall makes one at its first start` };
  if (loose(f.mode))
    return {
      check,
      level: 'fail',
      message: `the key ${f.path} is open to others (mode ${octal(f.mode)}): run chmod 600 ${f.path}, and consider whether the key must be rotated`,
    };
  if (f.bytes !== f.expectedBytes)
    return { check, level: 'fail', message: `${f.path} does not hold a hall key (${f.expectedBytes} bytes, base64): restore it from the latest backup` };
  return { check, level: 'ok', message: `${f.path}: a hall key, mode ${octal(f.mode)}` };
}

export type ModeFacts = { dataDir: string; dirMode: number; files: { path: string; mode: number }[] };

export function checkModes(f: ModeFacts): Finding {
  const check = 'modes';
  const problems: string[] = [];
  if (loose(f.dirMode)) problems.push(`the data directory is open to others (mode ${octal(f.dirMode)}): run chmod 700 ${f.dataDir}`);
  const open = f.files.filter((file) => loose(file.mode));
  if (open.length) problems.push(`${open.map((file) => `${file.path} (${octal(file.mode)})`).join(', ')} open to others: run chmod 600 on them`);
  if (problems.length) return { check, level: 'fail', message: `${problems.join('; ')}; then ask who copied or restored them that way` };
  return { check, level: 'ok', message: 'data directory 700, database files 600' };
}

export type DiskFacts = { path: string; freeBytes: number; totalBytes: number };

export function checkDisk(f: DiskFacts): Finding {
  const check = 'disk';
  const free = `${gib(f.freeBytes)} free of ${gib(f.totalBytes)} under ${f.path}`;
  if (f.freeBytes < DISK_FAIL_BYTES)
    return { check, level: 'fail', message: `only ${free}: the hall may soon fail to record tickets; free space or grow the volume now` };
  if (f.freeBytes < Math.max(DISK_WARN_BYTES, DISK_WARN_SHARE * f.totalBytes))
    return { check, level: 'warn', message: `${free}: free space or grow the volume (old backups and logs are the usual culprits)` };
  return { check, level: 'ok', message: free };
}

export type ClockFacts = {
  now: number;
  /** When the newest command in the event log was recorded (day starts aside: they are stamped by whatever the clock said). */
  newestEventAt?: number;
  /** The newest hall day the hall has started, and today's hall day by this clock. */
  newestDay?: string;
  today?: string;
};

export function checkClock(f: ClockFacts): Finding {
  const check = 'clock';
  if (f.newestEventAt !== undefined && f.now < f.newestEventAt - CLOCK_TOLERANCE_MS)
    return {
      check,
      level: 'fail',
      message:
        `the clock (${new Date(f.now).toISOString()}) is ${duration(f.newestEventAt - f.now)} behind the newest record: ` +
        'it went back. Set it right (timedatectl; check NTP) before the hall serves again',
    };
  if (f.newestDay !== undefined && f.today !== undefined && f.newestDay > f.today)
    return {
      check,
      level: 'fail',
      message: `the hall has started day ${f.newestDay}, after today (${f.today}) by this clock: the clock is behind, or was ahead when that day began. Check timedatectl and NTP`,
    };
  return { check, level: 'ok', message: `${new Date(f.now).toISOString()}, not behind the hall's records` };
}

export type CertificateFacts = { path: string; now: number } & ({ validFrom: number; validTo: number } | { unreadable: string });

export function checkCertificate(f: CertificateFacts): Finding {
  const check = 'certificate';
  if ('unreadable' in f) return { check, level: 'fail', message: `${f.path}: not a readable PEM certificate (${f.unreadable})` };
  if (f.now > f.validTo)
    return { check, level: 'fail', message: `${f.path} expired on ${dateOf(f.validTo)}: terminals refuse the hall; install a renewed certificate and restart` };
  if (f.now < f.validFrom)
    return { check, level: 'fail', message: `${f.path} is not valid before ${dateOf(f.validFrom)}: check the clock, or the certificate's dates` };
  const days = Math.floor((f.validTo - f.now) / DAY_MS);
  if (days < CERT_WARN_DAYS)
    return { check, level: 'warn', message: `${f.path} expires on ${dateOf(f.validTo)}, in ${days} days: renew it (replace the file, restart the hall)` };
  return { check, level: 'ok', message: `${f.path} valid until ${dateOf(f.validTo)} (${days} days)` };
}

export type UpstreamFacts = { url: string; timeoutMs: number } & ({ reached: true; answer: string } | { reached: false; reason: string });

export function checkUpstream(f: UpstreamFacts): Finding {
  const check = 'upstream';
  if (f.reached) return { check, level: 'ok', message: `${f.url} answered (${f.answer})` };
  return {
    check,
    level: 'warn',
    message: `cannot reach ${f.url} within ${f.timeoutMs / 1000} s (${f.reason}): reports wait in the outbox until it answers; check the network, DNS and firewall`,
  };
}

/** One line per finding: its level, the check, what is wrong and what to do. */
export function formatFinding(f: Finding): string {
  return `${f.level === 'ok' ? 'ok  ' : f.level.toUpperCase()} ${f.check}: ${f.message}`;
}

export const failed = (findings: readonly Finding[]) => findings.some((f) => f.level === 'fail');
