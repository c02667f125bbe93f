/**
 * npm run bench — the hall server's figures, each beside a floor measured
 * in the same run (see issue 2, "Tests and figures").
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
import { runP6 } from './p6-memory.ts';

export { runP1, runP2, runP3, runP6 };
export type { Figure, Outcome };

const REPO = new URL('../../', import.meta.url);
/** Written by another workspace when it has one; run under P4 if present. */
const DRIVER_BENCH = new URL('drivers/bench/idcard.ts', REPO);

type Bench = { id: string; run: () => Promise<unknown> };

const BENCHES: Bench[] = [
  { id: 'P1', run: () => runP1() },
  { id: 'P2', run: () => runP2() },
  { id: 'P3', run: () => runP3() },
  { id: 'P4', run: runDriverBench },
  { id: 'P6', run: () => runP6() },
];

async function runDriverBench(): Promise<unknown> {
  if (!existsSync(DRIVER_BENCH)) throw new Error(`${fileURLToPath(DRIVER_BENCH)} does not exist (yet)`);
  // A computed specifier: the file belongs to another project, which type-checks it.
  const specifier = DRIVER_BENCH.href;
  const mod = (await import(specifier)) as { run?: () => Promise<unknown> };
  if (typeof mod.run !== 'function') throw new Error(`${fileURLToPath(DRIVER_BENCH)} exports no run()`);
  return mod.run();
}

function isFigure(x: unknown): x is Figure {
  return !!x && typeof x === 'object' && 'id' in x && 'measured' in x && 'pass' in x;
}

/** The shape drivers/bench/idcard.ts returns: a latency beside the answer's wire time, judged on p99. */
type IdcardResult = { samples: number; wireTimeMs: number; latencyP50Ms: number; latencyP99Ms: number; goalRatio: number; meetsGoal: boolean };

function isIdcardResult(x: unknown): x is IdcardResult {
  return !!x && typeof x === 'object' && ['wireTimeMs', 'latencyP99Ms', 'goalRatio'].every((k) => typeof (x as Record<string, unknown>)[k] === 'number');
}

/**
 * Figures as the benches here return them. The ID-card bench's result
 * becomes a row of the same table (its floor is the wire time); anything
 * else a foreign bench returns is kept as it came and printed raw.
 */
function toOutcomes(result: unknown): { outcomes: Outcome[]; raw?: unknown } {
  const list = Array.isArray(result) ? result : [result];
  if (list.length && list.every(isFigure)) return { outcomes: list };
  if (isIdcardResult(result)) {
    const row = figure({
      id: 'P4 p99',
      name: 'ID card answer on the wire → card event, p99',
      unit: 'ms',
      measured: result.latencyP99Ms,
      floor: result.wireTimeMs,
      floorName: "the answer's wire time",
      goal: { kind: 'ratio-max', value: result.goalRatio },
      details: result,
    });
    return { outcomes: [row] };
  }
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
  const selected = BENCHES.filter((b) => (only ? only.includes(b.id) : b.id !== 'P4' || existsSync(DRIVER_BENCH)));

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
