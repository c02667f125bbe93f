/**
 * P2 — one durable issue, at a kiosk-like pace.
 *
 * Measured: `hall.execute({ type: 'issueTicket' })` on a Hall over a temp
 * HallStore, in this process (decide → FULL-sync commit → apply), paced at
 * 50 issues/s. Floor: one autocommitted INSERT of the same ticket JSON
 * into bare better-sqlite3 in WAL + FULL at the same pace. Pacing matters:
 * a sync after idle costs differently from one in a tight loop, and a hall
 * at its busiest issues a few tickets a second, not thousands.
 *
 * Sides alternate in blocks of 200 ms (10 operations), after a one-second
 * warm-up each: this disk's mood changes within seconds, and a p99 is made
 * of exactly the few slow syncs a long block could hand to one side only.
 */
import { Hall } from '../src/hall.ts';
import type { Actor } from '../src/domain/model.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { openBareTable } from './lib/bare-sqlite.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';
import { sleepUntil } from './lib/time.ts';

export type P2Options = { ratePerS?: number; blockOps?: number; blocks?: number; warmupBlocks?: number };

const KIOSK: Actor = { role: 'kiosk', name: 'bench kiosk' };

/** Runs `op` `count` times at `ratePerS`, timing each synchronous call alone. */
async function paced(count: number, ratePerS: number, op: () => void, into: number[] | undefined): Promise<void> {
  const interval = 1000 / ratePerS;
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    await sleepUntil(start + k * interval);
    const t0 = performance.now();
    op();
    into?.push(performance.now() - t0);
  }
}

export async function runP2(options: P2Options = {}): Promise<Figure[]> {
  const rate = options.ratePerS ?? 50;
  const blockOps = options.blockOps ?? 10;
  const blocks = options.blocks ?? 50;
  const warmupBlocks = options.warmupBlocks ?? 5;

  const hallDir = makeTempDir('p2-hall');
  const bareDir = makeTempDir('p2-bare');
  let store: HallStore | undefined;
  let bare: ReturnType<typeof openBareTable> | undefined;
  try {
    const seed = demoSeed();
    store = HallStore.open(hallDir);
    const hall = Hall.open(store, { seed });
    const services = unlimitedServices(seed);
    let n = 0;
    const issue = () => void hall.execute({ type: 'issueTicket', serviceCode: services[n++ % services.length]!, source: 'kiosk' }, KIOSK);

    // The floor writes a real ticket's JSON, so both sides put the same bytes on disk.
    const sample = hall.execute<unknown>({ type: 'issueTicket', serviceCode: services[n++ % services.length]!, source: 'kiosk' }, KIOSK).result;
    bare = openBareTable(bareDir, JSON.stringify(sample));
    const insert = bare.insert;

    log('P2', `${warmupBlocks} warm-up + ${blocks} alternating blocks of ${blockOps} ops per side at ${rate}/s (${(blocks * blockOps) / rate} s per side)`);
    const hallMs: number[] = [];
    const bareMs: number[] = [];
    await interleave({
      warmup: warmupBlocks,
      rounds: blocks,
      steps: [(_i, warm) => paced(blockOps, rate, issue, warm ? undefined : hallMs), (_i, warm) => paced(blockOps, rate, insert, warm ? undefined : bareMs)],
    });

    const h = summarize(hallMs);
    const b = summarize(bareMs);
    log('P2', `hall issue p50 ${h.p50.toFixed(3)} / p99 ${h.p99.toFixed(3)} ms; bare insert p50 ${b.p50.toFixed(3)} / p99 ${b.p99.toFixed(3)} ms`);
    return [
      figure({
        id: 'P2 p99',
        name: `durable issue at ${rate}/s, p99`,
        unit: 'ms',
        measured: h.p99,
        floor: b.p99,
        floorName: 'bare WAL+FULL insert at the same pace',
        goal: { kind: 'ratio-max', value: 1.2 },
        details: { ratePerS: rate, hall: h, bare: b },
      }),
    ];
  } finally {
    bare?.close();
    store?.close();
    removeDir(hallDir);
    removeDir(bareDir);
  }
}
