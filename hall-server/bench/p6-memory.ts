/**
 * P6 — memory of a busy day.
 *
 * Measured: VmRSS of the hall server process (read from /proc by this
 * process) with 100,000 tickets issued today and 1,000 /display sockets
 * connected. The tickets are issued in the child through hall.execute —
 * each a FULL-sync commit plus its broadcast — before the walls connect
 * (a thousand walls watching a hundred thousand issues would measure
 * socket.io's fan-out, which P1 does). Floor, as context only: the same
 * process after start-up, before any ticket or socket. Goal: ≤ 200 MB.
 *
 * P6s — the same process right after start-up. Floor, as context: a bare
 * Node process with the same flags, measured in the same run (what the
 * runtime costs before the hall loads anything). Goal: ≤ 120 MB.
 */
import { spawn } from 'node:child_process';
import type { ChildMemory, IssueProgress, IssueReport } from './children/hall-server.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { connectWall, type DisplayWall } from './lib/displays.ts';
import { log } from './lib/log.ts';
import { procMemory } from './lib/memory.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild } from './lib/servers.ts';
import { SERVE_ENV, SERVE_NODE_FLAGS } from '../src/runtime.ts';
import { sleep } from './lib/time.ts';

export type P6Options = { tickets?: number; displays?: number };

/** RSS of a Node process that loads nothing, with the hall's own flags and environment. */
async function bareNodeRssMB(): Promise<number> {
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, '-e', 'setTimeout(() => {}, 5000)'], { env: { ...process.env, ...SERVE_ENV }, stdio: 'ignore' });
  try {
    await sleep(1000);
    return procMemory(child.pid!).rssMB;
  } finally {
    child.kill();
  }
}

export async function runP6(options: P6Options = {}): Promise<Figure[]> {
  const tickets = options.tickets ?? 100_000;
  const displays = options.displays ?? 1000;
  // --expose-gc only serves the attribution after the figure is taken.
  const hall = await startHallChild('p6', { nodeArgs: ['--expose-gc'] });
  let wall: DisplayWall | undefined;
  try {
    await sleep(1000); // start-up garbage settles
    const before = procMemory(hall.pid);
    const bare = await bareNodeRssMB();
    log('P6', `RSS after start-up ${before.rssMB.toFixed(1)} MB; a bare Node process ${bare.toFixed(1)} MB`);

    const services = unlimitedServices(demoSeed());
    log('P6', `issuing ${tickets} tickets in-process over ${services.length} services without quotas`);
    hall.onEvent('progress', (data) => {
      const p = data as IssueProgress;
      const rss = procMemory(hall.pid).rssMB;
      log('P6', `${p.issued}/${p.of} issued in ${(p.elapsedMs / 1000).toFixed(1)} s, RSS ${rss.toFixed(0)} MB`);
    });
    const issued = await hall.request<IssueReport>('issue', { count: tickets, services, progressEvery: 10_000 }, 10 * 60_000);
    if (issued.failures) throw new Error(`${issued.failures} of ${tickets} issues failed`);
    log(
      'P6',
      `issued at ${((issued.issued * 1000) / issued.ms).toFixed(0)}/s; ${issued.firstChunkUsPerIssue.toFixed(0)} µs per issue for the first 1000, ${issued.lastChunkUsPerIssue.toFixed(0)} µs for the last 1000`,
    );
    const afterIssue = await hall.request<ChildMemory>('memory');

    // Diagnostic: what a call costs in the engine when the waiting lines are this long (before the walls
    // connect, so it is not P1's fan-out again). It moves 11 tickets; the figure does not notice.
    const callNext = await hall.request<{ windowNo: number; ms: number }[]>('timeCallNext');
    const calls = callNext.map((c) => c.ms).sort((a, b) => a - b);
    log(
      'P6',
      `diagnostic: callNext in-process with ${tickets} waiting: median ${calls[calls.length >> 1]!.toFixed(1)} ms, max ${calls[calls.length - 1]!.toFixed(1)} ms`,
    );

    log('P6', `connecting ${displays} /display sockets`);
    wall = await connectWall(hall.ready.url, { token: hall.ready.tokens.display, count: displays, event: 'ticket:called' });
    await sleep(2000); // snapshots sent, buffers drained
    const measured = procMemory(hall.pid);
    const at = await hall.request<ChildMemory>('memory');
    log('P6', `RSS ${measured.rssMB.toFixed(1)} MB (peak ${measured.hwmMB.toFixed(1)} MB), ${at.recoveryPackets} packets held for connection-state recovery`);

    // Diagnostic: how much of the figure is live data, and how much of that socket.io's recovery buffer holds.
    const attribution = await hall.request<{ live: ChildMemory; withoutRecoveryBuffer: ChildMemory }>('attributeMemory');
    log(
      'P6',
      `diagnostic: after a full GC: heap ${attribution.live.heapUsedMB.toFixed(0)} MB live; with the recovery buffer emptied: ` +
        `heap ${attribution.withoutRecoveryBuffer.heapUsedMB.toFixed(0)} MB, RSS ${attribution.withoutRecoveryBuffer.rssMB.toFixed(0)} MB`,
    );

    return [
      figure({
        id: 'P6',
        name: `RSS, ${tickets / 1000}k tickets today + ${displays} walls`,
        unit: 'MB',
        measured: measured.rssMB,
        floor: before.rssMB,
        floorName: 'same process after start-up (context)',
        goal: { kind: 'max', value: 200 },
        details: {
          peakRssMB: measured.hwmMB,
          afterIssuingBeforeSockets: afterIssue,
          withSockets: at,
          issuing: { ...issued, perSecond: (issued.issued * 1000) / issued.ms },
          attribution,
          callNextInProcessMs: callNext,
        },
      }),
      figure({
        id: 'P6s',
        name: 'RSS right after start-up',
        unit: 'MB',
        measured: before.rssMB,
        floor: bare,
        floorName: 'bare Node process, same flags (context)',
        goal: { kind: 'max', value: 120 },
      }),
    ];
  } finally {
    await wall?.close();
    await hall.stop();
  }
}
