/**
 * S1 — start-up stays flat as history grows.
 *
 * Measured: from spawning `hall-server serve` (the real command, demo seed,
 * plain HTTP on loopback) until GET /api/health answers, over a data
 * directory holding 100,000 and then 1,000,000 tickets of earlier days with
 * their events (a ticket issued and one finished: two commits each), spread
 * over the 365 days before today. Floor: the same command over a hall with
 * no history, in the same run. Each data directory is set up once by a
 * first start (migrations and seed), then the history is written straight
 * into its tables in batch transactions. Start-ups take turns: empty,
 * 100k, 1M, empty, … The goal, judged at 1M: at most 2× the empty hall,
 * on the median of the turns.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../src/stats/history.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';
import { withTimeout } from './lib/time.ts';

export type S1Options = { sizes?: number[]; rounds?: number };

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** Starts `hall-server serve` over `dataDir`; resolves with the time until /api/health answered and the hall's day, after stopping it. */
async function timeStartUp(dataDir: string): Promise<{ ms: number; day: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--seed', 'demo'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HALL_LOG_LEVEL: 'warn' },
  });
  try {
    const url = await withTimeout(
      new Promise<string>((resolve, reject) => {
        let text = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          const found = /listening on (http:\/\/\S+)/.exec(text);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`hall-server serve exited (${code}) before it listened: ${text.slice(-400)}`)));
      }),
      120_000,
      'hall-server serve to listen',
    );
    const res = await fetch(`${url}/api/health`);
    if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
    const { day } = (await res.json()) as { day: string };
    return { ms: performance.now() - t0, day };
  } finally {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await withTimeout(exited, 20_000, 'hall-server serve to stop').catch(() => child.kill('SIGKILL'));
  }
}

/**
 * Writes `count` finished tickets of the `days` days before today, each
 * with its two commits in the event log, continuing the log's seq.
 */
function writeHistory(dataDir: string, today: string, count: number, days: number): void {
  const db = new Database(join(dataDir, 'hall.db'));
  try {
    const services = unlimitedServices(demoSeed());
    let seq = (db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
    const ticketRow = db.prepare('INSERT INTO tickets (day, id, number, service_code, status, issued_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const eventRow = db.prepare('INSERT INTO events (seq, at, command, actor, events) VALUES (?, ?, ?, ?, ?)');
    const perDay = Math.ceil(count / days);
    let n = 0;
    for (let d = days; d >= 1 && n < count; d--) {
      const day = addDays(today, -d);
      const opens = Date.parse(`${day}T01:00:00Z`);
      db.transaction(() => {
        for (let i = 0; i < perDay && n < count; i++, n++) {
          const issuedAt = opens + Math.floor((i / perDay) * 8 * 3600_000);
          const issued = {
            id: `history-${n}`,
            day,
            number: `A${String(i + 1).padStart(3, '0')}`,
            serviceCode: services[i % services.length]!,
            source: 'kiosk',
            status: 'waiting',
            order: i,
            rank: issuedAt,
            issuedAt,
            waitingSince: issuedAt,
            recallCount: 0,
          };
          const finished = {
            ...issued,
            status: 'finished',
            calledAt: issuedAt + 600_000,
            firstCalledAt: issuedAt + 600_000,
            finishedAt: issuedAt + 1_200_000,
            windowNo: 1 + (i % 10),
          };
          eventRow.run(++seq, issuedAt, 'issueTicket', 'kiosk', JSON.stringify([{ type: 'ticket.saved', change: 'issued', ticket: issued }]));
          eventRow.run(++seq, finished.finishedAt, 'finishTicket', 'counter', JSON.stringify([{ type: 'ticket.saved', change: 'finished', ticket: finished }]));
          ticketRow.run(day, finished.id, finished.number, finished.serviceCode, finished.status, issuedAt, JSON.stringify(finished));
        }
      })();
    }
  } finally {
    db.close();
  }
}

export async function runS1(options: S1Options = {}): Promise<Figure[]> {
  const sizes = options.sizes ?? [0, 100_000, 1_000_000];
  const rounds = options.rounds ?? 5;
  const dirs = sizes.map((size) => ({ size, dir: makeTempDir(`s1-${size}`) }));
  try {
    for (const { size, dir } of dirs) {
      // The first start creates the database, applies the seed and writes today's counters.
      const { day } = await timeStartUp(dir);
      if (size > 0) {
        const t = performance.now();
        writeHistory(dir, day, size, 365);
        log('S1', `wrote ${size} tickets of history with their events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    }
    const times = new Map<number, number[]>(sizes.map((s) => [s, []]));
    log('S1', `1 warm-up and ${rounds} start-ups per size, in turns`);
    await interleave({
      warmup: 1,
      rounds,
      steps: dirs.map(({ size, dir }) => async (_round: number, warm: boolean) => {
        const { ms } = await timeStartUp(dir);
        if (!warm) times.get(size)!.push(ms);
      }),
    });
    const curve: { size: number; startUp: Summary }[] = sizes.map((size) => ({ size, startUp: summarize(times.get(size)!) }));
    for (const point of curve)
      log('S1', `${point.size} tickets of history: start-up median ${point.startUp.p50.toFixed(0)} ms, max ${point.startUp.max.toFixed(0)} ms`);
    const [empty, ...grown] = curve;
    if (!empty) throw new Error('S1 needs at least one size');
    const judged = Math.max(...sizes);
    return grown.map((point) =>
      figure({
        id: `S1 @${point.size >= 1_000_000 ? `${point.size / 1_000_000}M` : `${point.size / 1000}k`}`,
        name: `serve → /api/health with ${point.size.toLocaleString('en')} tickets of history, median`,
        unit: 'ms',
        measured: point.startUp.p50,
        floor: empty.startUp.p50,
        floorName: 'the same command over a hall with no history',
        goal: { kind: 'ratio-max', value: 2 },
        context: point.size !== judged,
        details: { curve },
      }),
    );
  } finally {
    for (const { dir } of dirs) removeDir(dir);
  }
}
