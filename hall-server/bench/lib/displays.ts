/**
 * A wall of display clients: N real socket.io-client sockets on /display,
 * websocket transport, token in `auth`. The bench asks it for the moment
 * the last of them received an event: that is when the slowest wall in the
 * hall shows the number.
 */
import { io, type Socket } from 'socket.io-client';
import { withTimeout } from './time.ts';

export type DisplayWall = {
  size: number;
  /**
   * Arms a round and resolves once it is armed, with the moment
   * (performance.now() of this process) at which the last socket received
   * `event`. Arm before sending whatever triggers it.
   */
  arm(timeoutMs?: number): Promise<{ arrived: Promise<number> }>;
  /** Events that arrived while no round was armed (should stay 0). */
  stray(): Promise<number>;
  /** The payload of the most recent event, as a client saw it. */
  lastPayload(): unknown;
  close(): Promise<void>;
};

export type WallOptions = { namespace?: string; token: string; count: number; event: string; batch?: number; ca?: string };

export async function connectWall(url: string, options: WallOptions): Promise<DisplayWall> {
  const { count, event } = options;
  const sockets: Socket[] = [];
  let round: { remaining: number; resolve: (at: number) => void } | undefined;
  let stray = 0;
  let last: unknown;

  const onEvent = (payload: unknown) => {
    last = payload;
    if (!round) {
      stray++;
      return;
    }
    if (--round.remaining === 0) {
      const r = round;
      round = undefined;
      r.resolve(performance.now());
    }
  };

  // Connect in batches: a thousand handshakes at once measure the accept queue, and nobody measures that here.
  const batch = options.batch ?? 50;
  try {
    for (let i = 0; i < count; i += batch) {
      const group: Promise<void>[] = [];
      for (let j = i; j < Math.min(count, i + batch); j++) {
        const socket = io(url + (options.namespace ?? '/display'), {
          transports: ['websocket'],
          auth: { token: options.token },
          // Trust for a wss:// hall with the bench's own certificate.
          ca: options.ca,
          forceNew: true,
          // A socket that drops must show up as a missing arrival, not quietly come back.
          reconnection: false,
        });
        sockets.push(socket);
        socket.on(event, onEvent);
        group.push(
          new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', (err) => reject(new Error(`display ${j} could not connect: ${err.message}`)));
          }),
        );
      }
      await withTimeout(Promise.all(group), 30_000, `displays ${i}…${i + group.length - 1} to connect`);
    }
  } catch (err) {
    for (const s of sockets) s.close();
    throw err;
  }

  const expect = (timeoutMs: number) => {
    if (round) throw new Error('a round is already armed');
    const arrived = new Promise<number>((resolve) => {
      round = { remaining: count, resolve };
    });
    return withTimeout(arrived, timeoutMs, `${event} at all ${count} displays`).catch((err: Error) => {
      const missing = round?.remaining;
      round = undefined;
      throw new Error(`${err.message} (${missing} missing)`);
    });
  };

  return {
    size: count,
    arm: async (timeoutMs = 10_000) => ({ arrived: expect(timeoutMs) }),
    stray: async () => stray,
    lastPayload: () => last,
    async close() {
      for (const s of sockets) s.close();
    },
  };
}
