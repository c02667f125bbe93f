/**
 * P5 — the manager wall's live statistics query with 1M historical tickets.
 *
 * A temporary store gets 1,000,000 tickets spread over the 60 hall days
 * before today, written straight into the tickets table in batch
 * transactions, and a day of today's tickets through the engine (issued,
 * called, finished). Measured: p99 of managerLive() — the function behind
 * GET /manager/live — with its per-day history cache warm, as a running
 * server has it after the first call. Floor: the same figures recomputed by
 * brute force from the tickets table (today, yesterday and last week read
 * and aggregated per call). A B A B after a warm-up. Goal: ≤ 0.01×.
 */
import { HourlyHistory, addDays } from '../src/stats/history.ts';
import { LiveFigures } from '../src/stats/live.ts';
import { managerLive } from '../src/stats/manager-live.ts';
import { Hall } from '../src/hall.ts';
import { localParts } from '../src/domain/hall-time.ts';
import type { Ticket } from '../src/domain/model.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { demoSeed, openWindows, unlimitedServices } from './lib/demo.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';

export type P5Options = { historical?: number; today?: number; rounds?: number };

/** Wednesday 2025-03-12, 08:30 in Shanghai. */
const START = Date.parse('2025-03-12T00:30:00Z');
const ZONE = 'Asia/Shanghai';

function generateHistory(store: HallStore, count: number, days: number, services: string[], today: string): void {
  const insert = store.db.prepare('INSERT INTO tickets (day, id, number, service_code, status, issued_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const perDay = Math.ceil(count / days);
  let n = 0;
  for (let d = days; d >= 1 && n < count; d--) {
    const day = addDays(today, -d);
    const dayStart = START - d * 86_400_000;
    store.db.transaction(() => {
      for (let i = 0; i < perDay && n < count; i++, n++) {
        const serviceCode = services[i % services.length]!;
        const issuedAt = dayStart + Math.floor((i / perDay) * 9 * 3600_000);
        const status = i % 20 === 0 ? 'no-show' : 'finished';
        const t = {
          id: `h${n}`,
          day,
          number: `A${i}`,
          serviceCode,
          source: i % 7 === 0 ? 'appointment' : 'kiosk',
          status,
          order: i,
          rank: i,
          issuedAt,
          waitingSince: issuedAt,
          firstCalledAt: issuedAt + 300_000,
          calledAt: issuedAt + 300_000,
          finishedAt: status === 'finished' ? issuedAt + 900_000 : undefined,
          windowNo: 1 + (i % 10),
          recallCount: 0,
        };
        insert.run(day, t.id, t.number, t.serviceCode, t.status, t.issuedAt, JSON.stringify(t));
      }
    })();
  }
}

type Brute = { issued: number[][]; served: number[][]; byService: Map<string, { issued: number; served: number; waitSum: number; waitN: number }> };

/** The same figures from the tickets table, every call. */
function bruteForce(store: HallStore, today: string): Brute {
  const days = [today, addDays(today, -1), addDays(today, -7)];
  const out: Brute = { issued: [], served: [], byService: new Map() };
  const stmt = store.db.prepare('SELECT data FROM tickets WHERE day = ?').pluck();
  for (const day of days) {
    const issued = Array<number>(24).fill(0);
    const served = Array<number>(24).fill(0);
    for (const json of stmt.iterate(day) as Iterable<string>) {
      const t = JSON.parse(json) as Ticket;
      if (!t.transferredFrom) issued[Math.floor(localParts(t.issuedAt, ZONE).minutes / 60)]!++;
      if (t.status === 'finished' && t.finishedAt) served[Math.floor(localParts(t.finishedAt, ZONE).minutes / 60)]!++;
      if (day === today) {
        const s = out.byService.get(t.serviceCode) ?? { issued: 0, served: 0, waitSum: 0, waitN: 0 };
        if (!t.transferredFrom) s.issued++;
        if (t.status === 'finished') s.served++;
        if (t.firstCalledAt !== undefined) {
          s.waitSum += t.firstCalledAt - t.issuedAt;
          s.waitN++;
        }
        out.byService.set(t.serviceCode, s);
      }
    }
    out.issued.push(issued);
    out.served.push(served);
  }
  return out;
}

export async function runP5(options: P5Options = {}): Promise<Figure[]> {
  const historical = options.historical ?? 1_000_000;
  const todayCount = options.today ?? 3_000;
  const rounds = options.rounds ?? 20;
  const dir = makeTempDir('p5');
  let store: HallStore | undefined;
  try {
    let now = START;
    const config = demoSeed();
    const seed = { ...config, windows: config.windows.map((w) => ({ ...w, initialState: 'open' as const })) };
    store = HallStore.open(dir);
    const hall = Hall.open(store, { seed, clock: () => now });
    const today = hall.state.counters.day;
    const services = unlimitedServices(seed);
    let t0 = performance.now();
    generateHistory(store, historical, 60, services, today);
    log('P5', `${historical} historical tickets over 60 days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const figures = LiveFigures.fromTickets(today, ZONE, [], []);
    hall.subscribe((c) => c.events.forEach((e) => figures.apply(e)));
    t0 = performance.now();
    const windows = openWindows(seed);
    const actor = { role: 'bench', name: 'p5' };
    for (let i = 0; i < todayCount; i++) {
      now += 8_000;
      hall.execute({ type: 'issueTicket', serviceCode: services[i % services.length]!, source: 'kiosk' }, actor);
      if (i % 3 === 2) {
        const w = windows[i % windows.length]!;
        try {
          hall.execute({ type: 'callNext', windowNo: w.no }, { role: 'manager', name: 'p5' });
        } catch {
          /* a double call within the guard: fine */
        }
      }
    }
    log('P5', `${todayCount} tickets of today through the engine in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const history = new HourlyHistory(store.db, ZONE);
    const live = () => managerLive({ state: hall.state, figures: figures.figures, history, seq: hall.seq, now });
    const check = live();
    const brute = bruteForce(store, today);
    // The two must agree before their times mean anything.
    if (
      JSON.stringify(check.hourly.issued.yesterday) !== JSON.stringify(brute.issued[1]) ||
      JSON.stringify(check.hourly.issued.today) !== JSON.stringify(brute.issued[0])
    ) {
      throw new Error('live figures and the brute-force recomputation disagree');
    }

    const fast: number[] = [];
    const slow: number[] = [];
    await interleave({
      warmup: 2,
      rounds,
      steps: [
        async (_r, warm) => {
          for (let i = 0; i < 50; i++) {
            const t = performance.now();
            live();
            if (!warm) fast.push(performance.now() - t);
          }
        },
        async (_r, warm) => {
          const t = performance.now();
          bruteForce(store!, today);
          if (!warm) slow.push(performance.now() - t);
        },
      ],
    });
    const a = summarize(fast);
    const b = summarize(slow);
    log('P5', `live p99 ${a.p99.toFixed(3)} ms, brute force p99 ${b.p99.toFixed(1)} ms`);
    return [
      figure({
        id: 'P5 p99',
        name: 'manager live statistics with 1M historical tickets, p99',
        unit: 'ms',
        measured: a.p99,
        floor: b.p99,
        floorName: 'brute-force recomputation from the tickets table',
        goal: { kind: 'ratio-max', value: 0.01 },
        details: { live: a, bruteForce: b, historical, today: todayCount, historyReads: history.reads },
      }),
    ];
  } finally {
    store?.close();
    removeDir(dir);
  }
}
