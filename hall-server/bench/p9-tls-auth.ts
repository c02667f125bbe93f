/**
 * P9 — what TLS costs: the hall over HTTPS/WSS beside the same hall over
 * plain HTTP, in the same run.
 *
 * Two hall children with the demo seed, one started with a self-signed
 * certificate (made here with openssl). Two figures, each judged on its
 * ratio to the plain hall:
 * - P9 p99: callNext → `ticket:called` at the last of N /display sockets,
 *   as P1 measures it, calls alternating between the two halls;
 * - P9 issue: HTTP issue throughput on keep-alive connections, as P3
 *   measures it, in alternating blocks.
 * Keep-alive connections and long-lived sockets pay the handshake once, so
 * what remains is record encryption; the goal is at most 10 % over plain.
 * The walls' sockets are spread over processes of their own
 * (lib/wall-processes.ts): in one process with the bench, the latency figure
 * carried their decryption one socket after another and whatever else the
 * bench was doing, where a real hall's screens each decrypt their own.
 * The halls run on a core of their own and the load on the others
 * (lib/cores.ts), so the clients' decryption does not slow the hall's
 * encryption down on the same core.
 */
import { callRotation, issueForCalls } from './lib/calls.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { hallClient, httpClient, type HttpClient } from './lib/http.ts';
import { interleave } from './lib/interleave.ts';
import { issueBlocks } from './lib/issue-block.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild, type HallChild } from './lib/servers.ts';
import { selfSigned } from '../test/certificates.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';
import { sleep } from './lib/time.ts';
import { connectWallProcesses, type SpreadWall } from './lib/wall-processes.ts';
import { type CoreSplit, splitCores, withLoadPinned } from './lib/cores.ts';

export type P9Options = {
  displays?: number;
  wallProcesses?: number;
  warmup?: number;
  samples?: number;
  connections?: number;
  blockMs?: number;
  blocks?: number;
};

type Side = { name: 'plain' | 'tls'; hall: HallChild; http: HttpClient; wall?: SpreadWall };

export async function runP9(options: P9Options = {}): Promise<Figure[]> {
  const cores = splitCores();
  return withLoadPinned(cores, () => measureP9(options, cores));
}

async function measureP9(options: P9Options, cores: CoreSplit): Promise<Figure[]> {
  const displays = options.displays ?? 200;
  const wallProcesses = options.wallProcesses ?? 2;
  const warmup = options.warmup ?? 5;
  const samples = options.samples ?? 200;
  const connections = options.connections ?? 4;
  const blockMs = options.blockMs ?? 1000;
  const blocks = options.blocks ?? 6;

  const certDir = makeTempDir('p9-cert');
  const sides: Side[] = [];
  try {
    const pem = selfSigned(certDir, 'hall bench');
    const [plainHall, tlsHall] = await Promise.all([
      startHallChild('p9-plain', { args: ['--no-quotas'], cpus: cores.server }),
      startHallChild('p9-tls', { args: ['--no-quotas', '--tls-cert', pem.certFile, '--tls-key', pem.keyFile], cpus: cores.server }),
    ]);
    sides.push({ name: 'plain', hall: plainHall, http: httpClient(plainHall.ready.url, connections) });
    sides.push({ name: 'tls', hall: tlsHall, http: httpClient(tlsHall.ready.url, connections, { ca: pem.cert }) });
    if (!tlsHall.ready.url.startsWith('https://')) throw new Error(`the TLS hall answered on ${tlsHall.ready.url}`);

    // Calls: one priming call per side, then warm-up and recorded rounds.
    const calls = new Map<Side['name'], () => Promise<{ latency: number; httpMs: number }>>();
    for (const side of sides) {
      const { tokens, windows, url } = side.hall.ready;
      await issueForCalls('P9', hallClient(side.http, tokens.kiosk), windows, 1 + warmup + samples);
      log('P9', `connecting ${displays} /display sockets to the ${side.name} hall from ${wallProcesses} processes`);
      side.wall = await connectWallProcesses(url, {
        token: tokens.display,
        count: displays,
        event: 'ticket:called',
        ca: pem.cert,
        processes: wallProcesses,
        cpus: cores.load,
      });
      calls.set(side.name, callRotation(side.http, tokens.counters, windows, side.wall));
    }
    await sleep(1000); // let the connect-time snapshots drain before the first sample
    for (const call of calls.values()) await call();

    const latency: Record<Side['name'], number[]> = { plain: [], tls: [] };
    log('P9', `${warmup} warm-up rounds, then ${samples} calls per side, alternating`);
    await interleave({
      warmup,
      rounds: samples,
      steps: sides.map((side) => async (_round: number, warm: boolean) => {
        const { latency: ms } = await calls.get(side.name)!();
        if (!warm) latency[side.name].push(ms);
      }),
      between: () => sleep(50),
    });

    let strayEvents = 0;
    let clockErrorMs = 0;
    for (const side of sides) {
      strayEvents += (await side.wall?.stray()) ?? 0;
      clockErrorMs = Math.max(clockErrorMs, side.wall?.clockErrorMs ?? 0);
    }
    // As in P3, issuing is measured without walls: every issue is a broadcast, and with walls
    // connected the figure would be the walls' encryption (and this process decrypting for them).
    for (const side of sides) {
      await side.wall?.close();
      side.wall = undefined;
    }
    await sleep(500);
    const services = unlimitedServices(demoSeed());
    const issue = new Map(sides.map((side) => [side.name, issueBlocks(side.http, side.hall.ready.tokens.kiosk, services, connections)]));
    const issued: Record<Side['name'], { count: number; ms: number; refused: number }> = {
      plain: { count: 0, ms: 0, refused: 0 },
      tls: { count: 0, ms: 0, refused: 0 },
    };
    log('P9', `1 warm-up + ${blocks} blocks of ${blockMs} ms of issuing per side, ${connections} keep-alive connections`);
    await interleave({
      warmup: 1,
      rounds: blocks,
      steps: sides.map((side) => async (_round: number, warm: boolean) => {
        const block = await issue.get(side.name)!(blockMs);
        if (warm) return;
        issued[side.name].count += block.count;
        issued[side.name].ms += block.ms;
        issued[side.name].refused += block.refused;
      }),
    });

    const plain = summarize(latency.plain);
    const tls = summarize(latency.tls);
    const rate = (name: Side['name']) => (issued[name].count * 1000) / issued[name].ms;
    const plainRate = rate('plain');
    const tlsRate = rate('tls');
    log('P9', `call → last wall p99: plain ${plain.p99.toFixed(1)} ms, TLS ${tls.p99.toFixed(1)} ms (×${(tls.p99 / plain.p99).toFixed(2)})`);
    log('P9', `HTTP issues: plain ${plainRate.toFixed(0)}/s, TLS ${tlsRate.toFixed(0)}/s (plain/TLS ×${(plainRate / tlsRate).toFixed(2)})`);
    return [
      figure({
        id: 'P9 p99',
        name: `over TLS: callNext → last of ${displays} walls, p99`,
        unit: 'ms',
        measured: tls.p99,
        floor: plain.p99,
        floorName: 'the same hall over plain HTTP/WS',
        goal: { kind: 'ratio-max', value: 1.1 },
        details: { displays, wallProcesses, cores, samplesPerSide: samples, tls, plain, strayEvents, clockErrorMs },
      }),
      figure({
        id: 'P9 issue',
        name: `over TLS: HTTP issue throughput, ${connections} connections`,
        unit: '/s',
        measured: tlsRate,
        floor: plainRate,
        floorName: 'the same hall over plain HTTP',
        // At most 10 % overhead: plain / TLS ≤ 1.1, that is TLS / plain ≥ 1 / 1.1 (0.91 in the table).
        goal: { kind: 'ratio-min', value: 0.91 },
        details: { connections, cores, blockMs, blocks, issued, overhead: plainRate / tlsRate },
      }),
    ];
  } finally {
    for (const side of sides) {
      await side.wall?.close();
      side.http.close();
    }
    await Promise.all(sides.map((s) => s.hall.stop()));
    removeDir(certDir);
  }
}
