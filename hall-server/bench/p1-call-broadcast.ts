/**
 * P1 — from `callNext` to the last wall, as the hall grows: 100, 1,000 and
 * 5,000 walls.
 *
 * Measured: POST /api/v1/windows/{n}/call-next on the hall server (counter
 * token) until `ticket:called` has reached every /display socket. Floor: a
 * bare socket.io server that on POST /broadcast emits the same payload to
 * as many sockets. Both servers run in child processes on a core of their
 * own; the sockets are spread over processes of their own on the other
 * cores (lib/wall-processes.ts, lib/cores.ts), so neither side's clients
 * slow its server down, and every arrival is put on this process's clock.
 * Calls rotate over the open windows (lib/calls.ts).
 *
 * The goal is judged at 1,000 walls; the other sizes are the curve around
 * it. At 100 walls the hall's durable commit weighs more than the fan-out,
 * so that ratio says what a call costs before any wall is served.
 */
import { callRotation, issueForCalls } from './lib/calls.ts';
import { type CoreSplit, splitCores, withLoadPinned } from './lib/cores.ts';
import { hallClient, httpClient, type HttpClient } from './lib/http.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startBareChild, startHallChild } from './lib/servers.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { sleep } from './lib/time.ts';
import { connectWallProcesses, type SpreadWall } from './lib/wall-processes.ts';

export type P1Options = { sizes?: number[]; warmup?: number; samples?: number; gapMs?: number };

/** The size the goal is judged at. */
const JUDGED = 1000;
const GOAL = { kind: 'ratio-max', value: 1.2 } as const;

/** A process per 500 walls, at most four: enough that no one client process holds the others up. */
const processesFor = (walls: number) => Math.min(4, Math.ceil(walls / 500));

type Point = { displays: number; processes: number; hall: Summary; bare: Summary; hallHttpResponse: Summary; strayEvents: number; clockErrorMs: number };

export async function runP1(options: P1Options = {}): Promise<Figure[]> {
  const cores = splitCores();
  return withLoadPinned(cores, () => measureP1(options, cores));
}

async function measureP1(options: P1Options, cores: CoreSplit): Promise<Figure[]> {
  const sizes = options.sizes ?? [100, JUDGED, 5000];
  const warmup = options.warmup ?? 10;
  // 100 recorded rounds: the nearest-rank p99 is then the second-largest sample, not the largest.
  const samples = options.samples ?? 100;
  const gapMs = options.gapMs ?? 50;

  const [hall, bare] = await Promise.all([startHallChild('p1', { args: ['--no-quotas'], cpus: cores.server }), startBareChild({ cpus: cores.server })]);
  const hallHttp: HttpClient = httpClient(hall.ready.url, 4);
  const bareHttp: HttpClient = httpClient(bare.ready.url, 1);
  const walls: SpreadWall[] = [];
  try {
    const { tokens, windows, url } = hall.ready;
    // One priming call, then warm-up and recorded rounds at every size.
    await issueForCalls('P1', hallClient(hallHttp, tokens.kiosk), windows, 1 + sizes.length * (warmup + samples));

    const points: Point[] = [];
    let primed = false;
    for (const displays of sizes) {
      const processes = processesFor(displays);
      log('P1', `connecting ${displays} /display sockets to each server, from ${processes} processes per server`);
      const hallWall = await connectWallProcesses(url, { token: tokens.display, count: displays, event: 'ticket:called', processes, cpus: cores.load });
      walls.push(hallWall);
      const bareWall = await connectWallProcesses(bare.ready.url, { token: 'bare', count: displays, event: 'ticket:called', processes, cpus: cores.load });
      walls.push(bareWall);
      await sleep(1000); // let the connect-time snapshots drain before the first sample

      const callNext = callRotation(hallHttp, tokens.counters, windows, hallWall);
      if (!primed) {
        // The floor must carry the very payload the hall sends.
        await callNext();
        const payload = hallWall.lastPayload();
        const set = await bareHttp.post('/payload', { json: payload });
        if (set.status !== 204) throw new Error(`bare server refused the payload: ${set.status}`);
        log('P1', `payload ${JSON.stringify(payload).length} bytes`);
        primed = true;
      }
      log('P1', `${displays} walls: ${warmup} warm-up rounds, then ${samples} interleaved rounds`);

      const hallMs: number[] = [];
      const hallHttpMs: number[] = [];
      const bareMs: number[] = [];
      const hallStep = async (_round: number, warm: boolean) => {
        const { latency, httpMs } = await callNext();
        if (warm) return;
        hallMs.push(latency);
        hallHttpMs.push(httpMs);
      };
      const bareStep = async (_round: number, warm: boolean) => {
        const { arrived } = await bareWall.arm();
        const t0 = performance.now();
        const res = await bareHttp.post('/broadcast');
        if (res.status !== 200) throw new Error(`bare broadcast: ${res.status}`);
        const latency = (await arrived) - t0;
        if (!warm) bareMs.push(latency);
      };
      await interleave({
        warmup,
        rounds: samples,
        steps: [hallStep, bareStep],
        between: () => sleep(gapMs),
        onRound: (r) => {
          if (r % 25 === 0) log('P1', `${displays} walls: ${r}/${samples} rounds`);
        },
      });
      const point: Point = {
        displays,
        processes,
        hall: summarize(hallMs),
        bare: summarize(bareMs),
        hallHttpResponse: summarize(hallHttpMs),
        strayEvents: (await hallWall.stray()) + (await bareWall.stray()),
        clockErrorMs: Math.max(hallWall.clockErrorMs, bareWall.clockErrorMs),
      };
      points.push(point);
      log(
        'P1',
        `${displays} walls: hall p50 ${point.hall.p50.toFixed(1)} / p99 ${point.hall.p99.toFixed(1)} ms; ` +
          `bare p50 ${point.bare.p50.toFixed(1)} / p99 ${point.bare.p99.toFixed(1)} ms`,
      );
      await Promise.all(walls.splice(0).map((w) => w.close()));
      await sleep(500);
    }
    return points.flatMap((point) => pointFigures(point, cores));
  } finally {
    await Promise.all(walls.map((w) => w.close()));
    hallHttp.close();
    bareHttp.close();
    await Promise.all([hall.stop(), bare.stop()]);
  }
}

function pointFigures(point: Point, cores: CoreSplit): Figure[] {
  const { displays, hall, bare } = point;
  const judged = displays === JUDGED;
  const common = { unit: 'ms', floorName: 'bare socket.io broadcast', goal: GOAL, details: { ...point, cores }, context: !judged };
  const suffix = judged ? '' : ` @${displays}`;
  return [
    figure({ id: `P1 p50${suffix}`, name: `callNext → last of ${displays} walls, p50`, measured: hall.p50, floor: bare.p50, ...common }),
    figure({ id: `P1 p99${suffix}`, name: `callNext → last of ${displays} walls, p99`, measured: hall.p99, floor: bare.p99, ...common }),
  ];
}
