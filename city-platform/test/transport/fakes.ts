/**
 * In-memory stand-ins for the store's parts (ports.ts), as the transport
 * sees them: a hall directory with real `$7$` password hashes, and a report
 * sink that keeps reports by (hallId, idempotencyKey), can be taken down
 * like a database and can hold a write before its commit.
 */
import { randomBytes } from 'node:crypto';
import type { HallAccount, HallDirectory, PresenceChange, RefusalReason, Refused, ReportSink, VerifiedReport } from '../../src/ports.ts';
import { testMosquittoHash, testVerifyMosquittoHash } from './mosquitto-hash.ts';

export class MemoryHallDirectory implements HallDirectory {
  readonly #halls = new Map<string, { account: HallAccount; passwordHash: string }>();
  readonly #consumers = new Map<string, string>();

  /** Adds a hall; answers its account and the MQTT password `hall add` would print. */
  addHall(hallId: string): { account: HallAccount; password: string } {
    const password = randomBytes(12).toString('hex');
    const account = { hallId, name: `hall ${hallId}`, secret: randomBytes(32).toString('hex') };
    this.#halls.set(hallId, { account, passwordHash: testMosquittoHash(password) });
    return { account, password };
  }

  addConsumer(username: string): { username: string; password: string } {
    const password = randomBytes(12).toString('hex');
    this.#consumers.set(username, testMosquittoHash(password));
    return { username, password };
  }

  async hall(hallId: string): Promise<HallAccount | undefined> {
    return this.#halls.get(hallId)?.account;
  }

  async login(username: string, password: string): Promise<{ kind: 'hall'; hallId: string } | { kind: 'consumer' } | undefined> {
    const hall = this.#halls.get(username);
    if (hall) return testVerifyMosquittoHash(password, hall.passwordHash) ? { kind: 'hall', hallId: username } : undefined;
    const consumer = this.#consumers.get(username);
    if (consumer) return testVerifyMosquittoHash(password, consumer) ? { kind: 'consumer' } : undefined;
    return undefined;
  }

  async logins(): Promise<{ username: string; passwordHash: string; kind: 'hall' | 'consumer' }[]> {
    return [
      ...[...this.#halls].map(([username, h]) => ({ username, passwordHash: h.passwordHash, kind: 'hall' as const })),
      ...[...this.#consumers].map(([username, passwordHash]) => ({ username, passwordHash, kind: 'consumer' as const })),
    ];
  }
}

export class DatabaseDown extends Error {
  constructor() {
    super('connection refused: the database is down');
  }
}

export class MemoryReportSink implements ReportSink {
  readonly reports = new Map<string, VerifiedReport>();
  /** Every report handed to write, committed or not: a report seen twice here was delivered twice. */
  readonly written: VerifiedReport[] = [];
  readonly batchSizes: number[] = [];
  readonly refusals: { reason: RefusalReason; hallId: string | undefined }[] = [];
  readonly presenceLog: { hallId: string; online: boolean; at: string }[] = [];
  failedWrites = 0;
  /** While true, every call fails as a database outage would. */
  down = false;
  #hold: { entered: () => void; release: Promise<'commit' | 'fail'> } | undefined;

  /** The next write waits before its commit until `release` is called (to commit, or to fail as a lost database would); `waiting` resolves when it waits. */
  holdNextWrite(): { waiting: Promise<void>; release: (outcome?: 'commit' | 'fail') => void } {
    let entered!: () => void;
    let release!: (outcome: 'commit' | 'fail') => void;
    const waiting = new Promise<void>((r) => (entered = r));
    this.#hold = { entered, release: new Promise((r) => (release = r)) };
    return { waiting, release: (outcome = 'commit') => release(outcome) };
  }

  async write(batch: VerifiedReport[]): Promise<{ stored: number; replayed: number }> {
    if (this.down) throw (this.failedWrites++, new DatabaseDown());
    const hold = this.#hold;
    this.#hold = undefined;
    if (hold) {
      hold.entered();
      if ((await hold.release) === 'fail') throw (this.failedWrites++, new DatabaseDown());
    }
    this.written.push(...batch);
    this.batchSizes.push(batch.length);
    let stored = 0;
    for (const report of batch) {
      const key = `${report.hallId}\n${report.idempotencyKey}`;
      if (this.reports.has(key)) continue;
      this.reports.set(key, report);
      stored++;
    }
    return { stored, replayed: batch.length - stored };
  }

  async refuse(refusals: readonly Refused[]): Promise<void> {
    if (this.down) throw new DatabaseDown();
    this.refusals.push(...refusals);
  }

  async presence(changes: readonly PresenceChange[]): Promise<void> {
    if (this.down) throw new DatabaseDown();
    this.presenceLog.push(...changes);
  }
}
