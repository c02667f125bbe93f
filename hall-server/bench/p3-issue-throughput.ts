/**
 * P3 — sustained issuing over HTTP.
 *
 * Measured: POST /api/v1/tickets (kiosk token) to the hall server child,
 * as fast as a few keep-alive connections allow, spread over the services
 * without quotas. Floor: the bare insert rate — one autocommitted WAL+FULL
 * INSERT after another in a tight loop, in this process while the hall is
 * idle. The two alternate in one-second blocks (10 s per side in all)
 * after a warm-up round.
 *
 * A third, diagnostic side runs in the same rotation: hall.execute in a
 * tight loop inside the server process (commit and broadcast, no HTTP).
 * It splits the gap between the figure and its floor into what the engine
 * and store cost and what the HTTP layer adds.
 */
import { openBareTable } from './lib/bare-sqlite.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { hallClient, httpClient } from './lib/http.ts';
import { issueBlocks } from './lib/issue-block.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild } from './lib/servers.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';

export type P3Options = { connections?: number; blockMs?: number; blocks?: number; diagnostic?: boolean };

type Tally = { count: number; ms: number; perBlock: number[] };
const tally = (): Tally => ({ count: 0, ms: 0, perBlock: [] });
function add(t: Tally, r: { count: number; ms: number }): void {
  t.count += r.count;
  t.ms += r.ms;
  t.perBlock.push((r.count * 1000) / r.ms);
}
const rateOf = (t: Tally): number => (t.count * 1000) / t.ms;

export async function runP3(options: P3Options = {}): Promise<Figure[]> {
  const connections = options.connections ?? 4;
  const blockMs = options.blockMs ?? 1000;
  const blocks = options.blocks ?? 10;
  const diagnostic = options.diagnostic ?? true;

  const hall = await startHallChild('p3');
  const http = httpClient(hall.ready.url, connections);
  const bareDir = makeTempDir('p3-bare');
  let bare: ReturnType<typeof openBareTable> | undefined;
  try {
    const services = unlimitedServices(demoSeed());
    const token = hall.ready.tokens.kiosk;
    let refused = 0;
    let firstRefusal: string | undefined;

    // The floor writes what the hall answers with, so both sides store a ticket's worth of JSON.
    const sample = await hallClient(http, token).call('issueTicket', { body: { serviceCode: services[0]! } });
    bare = openBareTable(bareDir, JSON.stringify(sample));
    const insert = bare.insert;

    const issueBlock = issueBlocks(http, token, services, connections);
    const httpBlock = async (): Promise<{ count: number; ms: number }> => {
      const block = await issueBlock(blockMs);
      if (block.refused && refused === 0) firstRefusal = block.firstRefusal;
      refused += block.refused;
      return block;
    };
    const bareBlock = (): { count: number; ms: number } => {
      let count = 0;
      const t0 = performance.now();
      const until = t0 + blockMs;
      while (performance.now() < until) {
        insert();
        count++;
      }
      return { count, ms: performance.now() - t0 };
    };

    const results = { http: tally(), bare: tally(), inProcess: tally() };
    const steps = [
      async (_i: number, warm: boolean) => {
        const r = await httpBlock();
        if (!warm) add(results.http, r);
      },
      async (_i: number, warm: boolean) => {
        const r = bareBlock();
        if (!warm) add(results.bare, r);
      },
    ];
    if (diagnostic) {
      steps.push(async (_i, warm) => {
        const r = await hall.request<{ count: number; ms: number }>('issueFor', { ms: blockMs / 2, services });
        if (!warm) add(results.inProcess, r);
      });
    }
    log(
      'P3',
      `1 warm-up + ${blocks} rounds of ${blockMs} ms per side, ${connections} keep-alive connections${diagnostic ? ', plus an in-process diagnostic side' : ''}`,
    );
    await interleave({ warmup: 1, rounds: blocks, steps });
    if (refused) log('P3', `${refused} issues refused; first: ${firstRefusal}`);

    const httpRate = rateOf(results.http);
    const bareRate = rateOf(results.bare);
    const inProcessRate = diagnostic ? rateOf(results.inProcess) : undefined;
    log(
      'P3',
      `hall ${httpRate.toFixed(0)} issues/s over HTTP; bare ${bareRate.toFixed(0)} inserts/s` +
        (inProcessRate ? `; diagnostic: hall.execute in the server process ${inProcessRate.toFixed(0)}/s` : ''),
    );
    return [
      figure({
        id: 'P3',
        name: `HTTP issue throughput, ${connections} connections`,
        unit: '/s',
        measured: httpRate,
        floor: bareRate,
        floorName: 'bare WAL+FULL insert, tight loop',
        goal: { kind: 'ratio-min', value: 0.6 },
        details: {
          connections,
          httpSeconds: results.http.ms / 1000,
          issued: results.http.count,
          refused,
          perBlock: { http: results.http.perBlock, bare: results.bare.perBlock, inProcess: results.inProcess.perBlock },
          // Adjacent blocks share the machine's state; their ratios show how much the aggregate depends on the disk's mood.
          perRoundRatio: summarize(results.http.perBlock.map((h, i) => h / results.bare.perBlock[i]!)),
          inProcessPerSecond: inProcessRate,
          inProcessRatio: inProcessRate ? inProcessRate / bareRate : undefined,
        },
      }),
    ];
  } finally {
    http.close();
    bare?.close();
    removeDir(bareDir);
    await hall.stop();
  }
}
