/**
 * P1 — from `callNext` to the last of 1,000 walls.
 *
 * Measured: POST /api/v1/windows/{n}/call-next on the hall server (counter
 * token) until `ticket:called` has reached every one of 1,000 /display
 * sockets. Floor: a bare socket.io server that on POST /broadcast emits the
 * same payload to 1,000 sockets. Both servers run in child processes; the
 * sockets and the clock live here, so the server's event loop is not
 * shared with the clients' and both ends of a sample use one clock.
 * Calls rotate over the open windows (lib/calls.ts).
 */
import { callRotation, issueForCalls } from './lib/calls.ts';
import { connectWall, type DisplayWall } from './lib/displays.ts';
import { hallClient, httpClient, type HttpClient } from './lib/http.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startBareChild, startHallChild } from './lib/servers.ts';
import { summarize } from './lib/stats.ts';
import { sleep } from './lib/time.ts';

export type P1Options = { displays?: number; warmup?: number; samples?: number; gapMs?: number };

export async function runP1(options: P1Options = {}): Promise<Figure[]> {
  const displays = options.displays ?? 1000;
  const warmup = options.warmup ?? 10;
  // 100 recorded rounds: the nearest-rank p99 is then the second-largest sample, not the largest.
  const samples = options.samples ?? 100;
  const gapMs = options.gapMs ?? 50;

  const [hall, bare] = await Promise.all([startHallChild('p1'), startBareChild()]);
  let hallHttp: HttpClient | undefined;
  let bareHttp: HttpClient | undefined;
  let hallWall: DisplayWall | undefined;
  let bareWall: DisplayWall | undefined;
  try {
    const { tokens, windows, url } = hall.ready;
    hallHttp = httpClient(url, 4);
    bareHttp = httpClient(bare.ready.url, 1);

    // One priming call, then warm-up and recorded rounds: that many hall calls in all.
    await issueForCalls('P1', hallClient(hallHttp, tokens.kiosk), windows, 1 + warmup + samples);

    log('P1', `connecting ${displays} /display sockets to the hall server and ${displays} to the bare server`);
    hallWall = await connectWall(url, { token: tokens.display, count: displays, event: 'ticket:called' });
    bareWall = await connectWall(bare.ready.url, { token: 'bare', count: displays, event: 'ticket:called' });
    await sleep(1000); // let the connect-time snapshots drain before the first sample

    const callNext = callRotation(hallHttp, tokens.counters, windows, hallWall);

    // The floor must carry the very payload the hall sends.
    await callNext();
    const payload = hallWall.lastPayload();
    const set = await bareHttp.post('/payload', { json: payload });
    if (set.status !== 204) throw new Error(`bare server refused the payload: ${set.status}`);
    log('P1', `payload ${JSON.stringify(payload).length} bytes; ${warmup} warm-up rounds, then ${samples} interleaved rounds`);

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
      const arrived = bareWall!.expect();
      const t0 = performance.now();
      const res = await bareHttp!.post('/broadcast');
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
        if (r % 25 === 0) log('P1', `${r}/${samples} rounds`);
      },
    });

    const h = summarize(hallMs);
    const b = summarize(bareMs);
    const details = {
      displays,
      samplesPerSide: samples,
      hall: h,
      bare: b,
      hallHttpResponse: summarize(hallHttpMs),
      strayEvents: hallWall.stray() + bareWall.stray(),
    };
    log('P1', `hall p50 ${h.p50.toFixed(1)} / p99 ${h.p99.toFixed(1)} ms; bare p50 ${b.p50.toFixed(1)} / p99 ${b.p99.toFixed(1)} ms`);
    const common = { unit: 'ms', floorName: 'bare socket.io broadcast', goal: { kind: 'ratio-max', value: 1.5 } as const, details };
    return [
      figure({ id: 'P1 p50', name: `callNext → last of ${displays} walls, p50`, measured: h.p50, floor: b.p50, ...common }),
      figure({ id: 'P1 p99', name: `callNext → last of ${displays} walls, p99`, measured: h.p99, floor: b.p99, ...common }),
    ];
  } finally {
    hallWall?.close();
    bareWall?.close();
    hallHttp?.close();
    bareHttp?.close();
    await Promise.all([hall.stop(), bare.stop()]);
  }
}
