/**
 * A wall of display sockets spread over child processes (children/walls.ts),
 * behind the same DisplayWall as lib/displays.ts. With every socket in the
 * bench's own process, the latency figures also carry that process
 * decrypting and parsing N copies of each event one after another; spread
 * over processes, as a hall's screens are spread over machines, the figure
 * is the hall's.
 *
 * Each child reports the moment its last socket had the event on the epoch
 * clock of the high-resolution timer. The processes' time bases can differ
 * by a little, so each child's offset is measured once at connect (the
 * ping with the shortest round trip bounds the error by half of it) and
 * every arrival is moved onto this process's performance.now().
 */
import type { WallArrival } from '../children/walls.ts';
import { startChild, type ChildHandle } from './child.ts';
import type { DisplayWall, WallOptions } from './displays.ts';
import { withTimeout } from './time.ts';

type WallChild = ChildHandle<{ pid: number }> & { offsetMs: number };

export type SpreadWall = DisplayWall & {
  /** The largest round-trip half of the clock pings: how far an arrival time may be off. */
  clockErrorMs: number;
};

async function measureOffset(child: ChildHandle<{ pid: number }>): Promise<{ offsetMs: number; errorMs: number }> {
  let best = { offsetMs: 0, errorMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 20; i++) {
    const t1 = performance.now();
    const childEpoch = await child.request<number>('clock');
    const t2 = performance.now();
    const errorMs = (t2 - t1) / 2;
    if (errorMs < best.errorMs) best = { offsetMs: childEpoch - (performance.timeOrigin + (t1 + t2) / 2), errorMs };
  }
  return best;
}

export async function connectWallProcesses(url: string, options: WallOptions & { processes: number; cpus?: string }): Promise<SpreadWall> {
  const { processes, count, cpus, ...wallOptions } = options;
  if (processes < 1 || processes > count) throw new Error(`cannot spread ${count} displays over ${processes} processes`);
  const children: WallChild[] = [];
  let round = 0;
  let pending: { round: number; left: number; latest: number; resolve: (at: number) => void; reject: (err: Error) => void } | undefined;
  let last: unknown;
  let clockErrorMs = 0;

  const onArrival = (child: WallChild) => (data: unknown) => {
    const arrival = data as WallArrival;
    if (!pending || arrival.round !== pending.round) return;
    last = arrival.payload;
    pending.latest = Math.max(pending.latest, arrival.at - child.offsetMs - performance.timeOrigin);
    if (--pending.left === 0) {
      const done = pending;
      pending = undefined;
      done.resolve(done.latest);
    }
  };
  const onMissed = (data: unknown) => {
    const { round: missed, error } = data as { round: number; error: string };
    if (!pending || missed !== pending.round) return;
    const done = pending;
    pending = undefined;
    done.reject(new Error(error));
  };

  const stopAll = () => Promise.all(children.map((c) => c.stop()));
  try {
    for (let i = 0; i < processes; i++) {
      const handle = await startChild<{ pid: number }>(new URL('../children/walls.ts', import.meta.url), [], { cpus });
      const { offsetMs, errorMs } = await measureOffset(handle);
      clockErrorMs = Math.max(clockErrorMs, errorMs);
      const child: WallChild = { ...handle, offsetMs };
      children.push(child);
      child.onEvent('arrived', onArrival(child));
      child.onEvent('missed', onMissed);
    }
    // The first processes take the remainder, one socket each.
    await Promise.all(
      children.map((child, i) => {
        const share = Math.floor(count / processes) + (i < count % processes ? 1 : 0);
        return child.request('connect', { url, options: { ...wallOptions, count: share } }, 120_000);
      }),
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    size: count,
    clockErrorMs,
    async arm(timeoutMs = 10_000) {
      if (pending) throw new Error('a round is already armed');
      const thisRound = ++round;
      const arrived = new Promise<number>((resolve, reject) => {
        pending = { round: thisRound, left: children.length, latest: Number.NEGATIVE_INFINITY, resolve, reject };
      });
      await Promise.all(children.map((c) => c.request('arm', { round: thisRound, timeoutMs })));
      const bounded = withTimeout(arrived, timeoutMs + 1_000, `round ${thisRound} at ${count} displays in ${processes} processes`);
      return {
        arrived: bounded.catch((err: Error) => {
          if (pending?.round === thisRound) pending = undefined;
          throw err;
        }),
      };
    },
    async stray() {
      const counts = await Promise.all(children.map((c) => c.request<number>('stray')));
      return counts.reduce((a, b) => a + b, 0);
    },
    lastPayload: () => last,
    async close() {
      await stopAll();
    },
  };
}
