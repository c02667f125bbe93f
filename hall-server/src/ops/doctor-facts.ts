/**
 * What `hall-server doctor` looks at, gathered from the disk, the database
 * (opened read-only: the doctor changes nothing), the certificate and the
 * network. The judgements are in doctor-checks.ts.
 */
import Database from 'better-sqlite3';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, statfsSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { parseHallConfig } from '../domain/config.ts';
import { hallDay } from '../domain/hall-time.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { DATABASE_FILE, SEALED_TABLES } from '../store/hall-store.ts';
import { HALL_KEY_BYTES, KEY_FILE } from '../store/vault.ts';
import { headerProblem, quickCheck } from './database-health.ts';
import {
  checkCertificate,
  checkClock,
  checkDatabase,
  checkDisk,
  checkKey,
  checkMigrations,
  checkModes,
  checkUpstream,
  type CertificateFacts,
  type ClockFacts,
  type Finding,
  type UpstreamFacts,
} from './doctor-checks.ts';

export const UPSTREAM_TIMEOUT_MS = 5000;

export type DoctorOptions = { dataDir: string; keyFile?: string; tlsCert?: string; upstreamUrl?: string; now?: () => number };

function modeOf(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.mode;
}

/** Facts only the database can give; undefined when it cannot be read. */
function databaseFacts(db: Database.Database, now: number) {
  const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const applied = has('schema_migrations') ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]) : [];
  const sealedData = SEALED_TABLES.some((table) => has(table) && db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined);
  const clock: ClockFacts = { now };
  if (has('events'))
    clock.newestEventAt =
      (db.prepare("SELECT at FROM events WHERE command <> 'startDay' ORDER BY seq DESC LIMIT 1").pluck().get() as number | undefined) ?? undefined;
  const configRow = has('config') ? (db.prepare('SELECT data FROM config WHERE id = 1').pluck().get() as string | undefined) : undefined;
  if (configRow && has('day_counters')) {
    const config = parseHallConfig(JSON.parse(configRow));
    clock.newestDay = (db.prepare('SELECT max(day) FROM day_counters').pluck().get() as string | null) ?? undefined;
    clock.today = hallDay(now, config.timeZone, config.rules.dailyResetAt);
  }
  return { applied, sealedData, clock };
}

function certificateFacts(path: string, now: number): CertificateFacts {
  try {
    const cert = new X509Certificate(readFileSync(path));
    return { path, now, validFrom: Date.parse(cert.validFrom), validTo: Date.parse(cert.validTo) };
  } catch (err) {
    return { path, now, unreadable: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
}

/** Whether anything answers at the upstream's address within the time; an HTTP error status still counts as an answer. */
export async function probeUpstream(given: string, timeoutMs = UPSTREAM_TIMEOUT_MS): Promise<UpstreamFacts> {
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    return { url: '(not shown)', timeoutMs, reached: false, reason: 'not a URL' };
  }
  // A broker login may ride in the URL; the report shows where, never the password.
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString();
  if (/^(https?|wss?):$/.test(parsed.protocol)) {
    const httpUrl = new URL(url);
    httpUrl.protocol = parsed.protocol.replace('ws', 'http');
    try {
      const res = await fetch(httpUrl, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      return { url, timeoutMs, reached: true, answer: `HTTP ${res.status}` };
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return { url, timeoutMs, reached: false, reason: cause?.code ?? cause?.message ?? (err as Error).message };
    }
  }
  const secure = parsed.protocol === 'mqtts:';
  const port = Number(parsed.port || (secure ? 8883 : 1883));
  return new Promise((done) => {
    const socket = secure ? tlsConnect({ host: parsed.hostname, port, servername: parsed.hostname }) : tcpConnect({ host: parsed.hostname, port });
    const finish = (facts: UpstreamFacts) => {
      socket.destroy();
      done(facts);
    };
    socket.setTimeout(timeoutMs, () => finish({ url, timeoutMs, reached: false, reason: 'no answer' }));
    socket.once(secure ? 'secureConnect' : 'connect', () => finish({ url, timeoutMs, reached: true, answer: secure ? 'TLS connection' : 'TCP connection' }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ url, timeoutMs, reached: false, reason: err.code ?? err.message }));
  });
}

/** Gathers every fact and returns the findings, in a fixed order. */
export async function examineHall(options: DoctorOptions): Promise<Finding[]> {
  const now = (options.now ?? Date.now)();
  const dataDir = resolve(options.dataDir);
  const dbPath = join(dataDir, DATABASE_FILE);
  const findings: Finding[] = [];
  const dbExists = existsSync(dbPath);
  let facts: ReturnType<typeof databaseFacts> | undefined;
  const problems: string[] = [];
  if (dbExists) {
    const header = headerProblem(dbPath);
    if (header) problems.push(header);
    else {
      let db: Database.Database | undefined;
      try {
        db = new Database(dbPath, { readonly: true, fileMustExist: true });
        problems.push(...quickCheck(db));
        if (problems.length === 0) facts = databaseFacts(db, now);
      } catch (err) {
        problems.push((err as Error).message);
      } finally {
        db?.close();
      }
    }
  }
  findings.push(checkDatabase({ path: dbPath, exists: dbExists, problems }));
  if (facts) findings.push(checkMigrations({ applied: facts.applied, known: MIGRATIONS.map((m) => m.version) }));

  const keyPath = options.keyFile ? resolve(options.keyFile) : join(dataDir, KEY_FILE);
  const keyMode = modeOf(keyPath);
  const strayKey = options.keyFile && existsSync(join(dataDir, KEY_FILE)) ? join(dataDir, KEY_FILE) : undefined;
  findings.push(
    checkKey({
      path: keyPath,
      mode: keyMode,
      bytes: keyMode === undefined ? undefined : Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64').length,
      expectedBytes: HALL_KEY_BYTES,
      // A database that cannot be read may hold sealed data: assume it does.
      sealedData: facts?.sealedData ?? dbExists,
      strayKey,
    }),
  );
  const dirMode = modeOf(dataDir);
  if (dirMode !== undefined) {
    const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].flatMap((path) => {
      const mode = modeOf(path);
      return mode === undefined ? [] : [{ path, mode }];
    });
    findings.push(checkModes({ dataDir, dirMode, files }));
    const fs = statfsSync(dataDir);
    findings.push(checkDisk({ path: dataDir, freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize }));
  }
  if (facts) findings.push(checkClock(facts.clock));
  if (options.tlsCert) findings.push(checkCertificate(certificateFacts(options.tlsCert, now)));
  if (options.upstreamUrl) findings.push(checkUpstream(await probeUpstream(options.upstreamUrl)));
  return findings;
}
