/**
 * Display sockets in a process of their own, so that decrypting and parsing
 * what the hall sends costs this process's core and not the bench's: a real
 * hall's screens each do that work on their own machine.
 *
 * The parent asks it to `connect` (a wall of N sockets, as lib/displays.ts
 * builds it), then `arm`s a round before each call; when the last of its
 * sockets has the event it sends `arrived` with that moment on the shared
 * clock (ms since the epoch, from the high-resolution timer) and the payload.
 * `clock` answers the same clock at once, for the parent to measure the
 * offset between the two processes' time bases.
 *
 *   node children/walls.ts
 */
import { serveParent } from '../lib/child.ts';
import { connectWall, type DisplayWall, type WallOptions } from '../lib/displays.ts';

export type WallArrival = { round: number; at: number; payload: unknown };

const epochNow = () => performance.timeOrigin + performance.now();

let wall: DisplayWall | undefined;

const parent = serveParent(
  {
    async connect(payload: { url: string; options: WallOptions }) {
      wall = await connectWall(payload.url, payload.options);
      return { size: wall.size };
    },
    async arm(payload: { round: number; timeoutMs: number }) {
      if (!wall) throw new Error('arm before connect');
      const { arrived } = await wall.arm(payload.timeoutMs);
      arrived.then(
        (at) => parent.event('arrived', { round: payload.round, at: performance.timeOrigin + at, payload: wall?.lastPayload() } satisfies WallArrival),
        (err: Error) => parent.event('missed', { round: payload.round, error: err.message }),
      );
      return null;
    },
    clock: () => epochNow(),
    stray: () => wall?.stray() ?? 0,
  },
  async () => wall?.close(),
);
parent.ready({ pid: process.pid });
