/**
 * npm run bench — the hall server's figures, each beside a floor measured
 * in the same run.
 *
 *   node hall-server/bench/run.ts [--only P1] [--only P2,P6] [--out FILE]
 *
 * Prints a table and writes var/bench/hall-server.json. Exits 0 when a goal
 * is missed — the table says MISS; benchmarks inform, they do not gate —
 * and 1 only when a bench itself failed to run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { log } from './lib/log.ts';
import { figure, formatTable, writeJson, type Figure, type Outcome } from './lib/report.ts';
import { runP1 } from './p1-call-broadcast.ts';
import { runP2 } from './p2-durable-issue.ts';
import { runP3 } from './p3-issue-throughput.ts';
import { runP5 } from './p5-live-stats.ts';
import { runP6 } from './p6-memory.ts';
import { runP8 } from './p8-upstream-drain.ts';
import { runF1 } from './f1-filing-submit.ts';
import { runP9 } from './p9-tls-auth.ts';
import { runQ1 } from './q1-call-depth.ts';
import { runS1 } from './s1-startup.ts';

export { runP1, runP2, runP3, runP5, runP6, runP8, runF1, runQ1, runS1 };
export type { Figure, Outcome };

const REPO = new URL('../../', import.meta.url);

type Bench = { id: string; run: () => Promise<unknown> };

/** Line-speed figures (ID card, printer, whole kiosk path): software time beside the wire time it rides on. */
type WireResult = { wireTimeMs: number; goalRatio: number; latencyP99Ms?: number; softwareP99Ms?: number };

function isWireResult(x: unknown): x is WireResult {
  const r = x as Record<string, unknown>;
  return !!x && typeof x === 'object' && typeof r.wireTimeMs === 'number' && typeof r.goalRatio === 'number';
}

/**
 * Benches of the other workspaces, each with the row it becomes. A computed
 * specifier: the files belong to other projects, which type-check them.
 */
const FOREIGN: { id: string; file: string; name: string }[] = [
  { id: 'P4', file: 'drivers/bench/idcard.ts', name: 'ID card answer on the wire → card event, p99' },
  { id: 'P4P', file: 'drivers/bench/printer.ts', name: 'ticket: print() → last byte to the transport, p99' },
  { id: 'P4K', file: 'kiosk-app/bench/agent.ts', name: 'kiosk: card swipe → last ticket byte (whole path), p99' },
  { id: 'P7', file: 'kiosk-app/bench/renderer.ts', name: 'kiosk renderer: time to interactive; gzip size' },
  { id: 'F2', file: 'kiosk-app/bench/filing-outbox.ts', name: 'filing outbox: drain rate after a hall outage' },
  { id: 'W1', file: 'display-wall/bench/wall.ts', name: 'clerk click → number painted on the wall, p99' },
  { id: 'C', file: 'city-platform/bench/city.ts', name: 'city platform: ingest (C1), scale-out (C2), shortest queue (C3)' },
];

function foreignBench(entry: (typeof FOREIGN)[number]): Bench {
  return {
    id: entry.id,
    run: async () => {
      const url = new URL(entry.file, REPO);
      if (!existsSync(url)) throw new Error(`${fileURLToPath(url)} does not exist`);
      const mod = (await import(url.href)) as { run?: () => Promise<unknown> };
      if (typeof mod.run !== 'function') throw new Error(`${fileURLToPath(url)} exports no run()`);
      const result = await mod.run();
      return isWireResult(result) ? wireFigure(entry.id, entry.name, result) : result;
    },
  };
}

function wireFigure(id: string, name: string, result: WireResult): Figure {
  return figure({
    id: `${id} p99`,
    name,
    unit: 'ms',
    measured: result.latencyP99Ms ?? result.softwareP99Ms ?? NaN,
    floor: result.wireTimeMs,
    floorName: 'the frames’ wire time',
    goal: { kind: 'ratio-max', value: result.goalRatio },
    details: result as unknown as Record<string, unknown>,
  });
}

const BENCHES: Bench[] = [
  { id: 'P1', run: () => runP1() },
  { id: 'P2', run: () => runP2() },
  { id: 'P3', run: () => runP3() },
  { id: 'P5', run: () => runP5() },
  { id: 'P6', run: () => runP6() },
  { id: 'P8', run: () => runP8() },
  { id: 'F1', run: () => runF1() },
  { id: 'P10', run: async () => (await import('./p10-flood.ts')).runP10() },
  { id: 'P9', run: () => runP9() },
  { id: 'Q1', run: () => runQ1() },
  { id: 'S1', run: () => runS1() },
  ...FOREIGN.map(foreignBench),
];

function isFigure(x: unknown): x is Figure {
  return !!x && typeof x === 'object' && 'id' in x && 'measured' in x && 'pass' in x;
}

/** Figures as the benches return them; anything else is kept as it came and printed raw. */
function toOutcomes(result: unknown): { outcomes: Outcome[]; raw?: unknown } {
  const list = Array.isArray(result) ? result : [result];
  if (list.length && list.every(isFigure)) return { outcomes: list };
  return { outcomes: [], raw: result };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string', multiple: true }, out: { type: 'string' } } });
  const only = values.only?.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase());
  const unknown = only?.filter((id) => !BENCHES.some((b) => b.id === id));
  if (unknown?.length) {
    process.stderr.write(`unknown figure ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.id).join(', ')}\n`);
    return 2;
  }
  const selected = BENCHES.filter((b) => (only ? only.includes(b.id) : true));

  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const outcomes: Outcome[] = [];
  const raw: Record<string, unknown> = {};
  for (const bench of selected) {
    const t = performance.now();
    log(bench.id, 'starting');
    try {
      const { outcomes: got, raw: extra } = toOutcomes(await bench.run());
      outcomes.push(...got);
      if (extra !== undefined) raw[bench.id] = extra;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(bench.id, `failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      outcomes.push({ id: bench.id, error: message });
    }
    log(bench.id, `done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const durationS = (performance.now() - t0) / 1000;

  process.stdout.write(`\nhall-server figures (${startedAt}, ${durationS.toFixed(0)} s)\n\n${formatTable(outcomes)}\n`);
  for (const [id, value] of Object.entries(raw)) process.stdout.write(`\n${id}: ${JSON.stringify(value)}\n`);
  const out = values.out ?? fileURLToPath(new URL('var/bench/hall-server.json', REPO));
  writeJson(out, { startedAt, durationS, node: process.version, only: only ?? null, outcomes, raw });
  process.stdout.write(`\nwritten to ${out}\n`);
  return outcomes.some((o) => 'error' in o) ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Exit through 'exit' handlers so temp directories go; the server children see the IPC channel close and stop.
  process.once('SIGINT', () => process.exit(130));
  process.exitCode = await main(process.argv.slice(2));
}
