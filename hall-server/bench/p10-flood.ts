/**
 * P10 — the hall under a flood.
 *
 * Measured: GET /api/health latency (p99) and the hall server's RSS growth
 * while one /display socket sends 60,000 `queue:snapshot` requests as fast
 * as it can and 40 wrong PINs are tried at once (twice: at the start and
 * halfway). Before the limits, this flood took the server to 1.37 GB and
 * health to 5.6 s. Floor: the same health probe and RSS over a quiet spell
 * of the same length in the same run. Goals: health p99 ≤ 250 ms, RSS
 * growth ≤ 150 MB.
 */
import { io, type Socket } from 'socket.io-client';
import { HallRefusal } from '../src/contract/client.ts';
import { hallClient, httpClient } from './lib/http.ts';
import { log } from './lib/log.ts';
import { procMemory } from './lib/memory.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild } from './lib/servers.ts';
import { summarize } from './lib/stats.ts';
import { sleep } from './lib/time.ts';

export type P10Options = { requests?: number; pins?: number; phaseMs?: number; probeGapMs?: number };

/** Probes /api/health one after another until stopped; the latencies in ms. */
async function probeHealth(url: string, gapMs: number, stop: { done: boolean }): Promise<number[]> {
  const samples: number[] = [];
  while (!stop.done) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    samples.push(performance.now() - t0);
    await sleep(gapMs);
  }
  return samples;
}

/** RSS of `pid` sampled until stopped; the highest seen, in MB. */
async function peakRss(pid: number, stop: { done: boolean }): Promise<number> {
  let peak = procMemory(pid).rssMB;
  while (!stop.done) {
    peak = Math.max(peak, procMemory(pid).rssMB);
    await sleep(50);
  }
  return Math.max(peak, procMemory(pid).rssMB);
}

export async function runP10(options: P10Options = {}): Promise<Figure[]> {
  const requests = options.requests ?? 60_000;
  const pins = options.pins ?? 40;
  const phaseMs = options.phaseMs ?? 8_000;
  const gapMs = options.probeGapMs ?? 10;

  const hall = await startHallChild('p10');
  const http = httpClient(hall.ready.url, pins);
  let flooder: Socket | undefined;
  try {
    const { url, tokens, windows } = hall.ready;
    await sleep(1000); // start-up garbage settles

    log('P10', `floor: /api/health for ${phaseMs / 1000} s with nothing else going on`);
    const quiet = { done: false };
    const quietRss0 = procMemory(hall.pid).rssMB;
    const quietPeak = peakRss(hall.pid, quiet);
    const quietProbe = probeHealth(url, gapMs, quiet);
    await sleep(phaseMs);
    quiet.done = true;
    const floorMs = summarize(await quietProbe);
    const floorGrowth = (await quietPeak) - quietRss0;

    flooder = io(`${url}/display`, { auth: { token: tokens.display }, transports: ['websocket'], reconnection: false, forceNew: true });
    const socket = flooder;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await sleep(500);
    let answers = 0;
    let cut = false;
    socket.on('queue:snapshot', () => answers++);
    socket.on('disconnect', () => (cut = true));

    // Wrong PINs spread over the counters' tokens, each at its own window, all sent at once.
    const counters = windows.map((w) => ({ windowNo: w.no, hall: hallClient(http, tokens.counters[w.no]!) }));
    const codes = new Map<string, number>();
    const wrongPins = (round: number) =>
      Promise.all(
        Array.from({ length: pins }, async (_, i) => {
          const c = counters[i % counters.length]!;
          const code = await c.hall.call('signIn', { params: { windowNo: c.windowNo }, body: { staffNo: `9${round}${i}`, pin: '000000' } }).then(
            () => '200 ',
            (err: unknown) => {
              if (err instanceof HallRefusal) return `${err.status} ${err.code}`;
              throw err;
            },
          );
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }),
      );

    log('P10', `flood: ${requests} snapshot requests from one /display socket and ${pins} wrong PINs at once, twice, for ${phaseMs / 1000} s`);
    const flood = { done: false };
    const rss0 = procMemory(hall.pid).rssMB;
    const peak = peakRss(hall.pid, flood);
    const probe = probeHealth(url, gapMs, flood);
    const started = performance.now();
    const pinRounds: Promise<void>[] = [wrongPins(0).then(() => undefined)];
    // Sent in slices so this process keeps probing health on time; the server sees a stream, not a trickle.
    const slice = 1000;
    for (let sent = 0; sent < requests; sent += slice) {
      for (let i = 0; i < slice; i++) socket.emit('queue:snapshot');
      if (sent === Math.floor(requests / 2 / slice) * slice) pinRounds.push(wrongPins(1).then(() => undefined));
      await sleep(5);
    }
    const sendMs = performance.now() - started;
    await Promise.all(pinRounds);
    await sleep(Math.max(0, phaseMs - (performance.now() - started)));
    flood.done = true;
    const floodMs = summarize(await probe);
    const growth = (await peak) - rss0;
    log(
      'P10',
      `sent ${requests} requests in ${sendMs.toFixed(0)} ms; ${answers} snapshots answered; flooder ${cut ? 'cut by the hall' : 'still connected'}; PIN answers ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    log(
      'P10',
      `health p99 ${floodMs.p99.toFixed(1)} ms (floor ${floorMs.p99.toFixed(1)} ms); RSS growth ${growth.toFixed(1)} MB (floor ${floorGrowth.toFixed(1)} MB)`,
    );

    return [
      figure({
        id: 'P10 health',
        name: '/api/health p99 under a snapshot flood and 2×40 wrong PINs',
        unit: 'ms',
        measured: floodMs.p99,
        floor: floorMs.p99,
        floorName: 'health p99 with no flood',
        goal: { kind: 'max', value: 250 },
        details: {
          flood: floodMs,
          quiet: floorMs,
          snapshotRequests: requests,
          snapshotsAnswered: answers,
          flooderCut: cut,
          sendMs,
          pinAnswers: Object.fromEntries(codes),
        },
      }),
      figure({
        id: 'P10 RSS',
        name: 'RSS growth during the flood',
        unit: 'MB',
        measured: growth,
        floor: floorGrowth,
        floorName: 'RSS growth over a quiet spell as long',
        goal: { kind: 'max', value: 150 },
        details: { rssBeforeMB: rss0, quietRssBeforeMB: quietRss0 },
      }),
    ];
  } finally {
    flooder?.disconnect();
    http.close();
    await hall.stop();
  }
}
