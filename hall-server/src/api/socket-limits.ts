/**
 * What keeps one socket from costing the hall more than its share:
 *
 * - snapshots answered at most once per interval per socket, extra requests
 *   sharing the next answer, and serialised once per `seq` for everyone;
 * - sockets per token capped;
 * - events per socket rate-limited (dropped beyond the bucket);
 * - a socket that stops reading is cut once its unsent data passes a cap,
 *   rather than holding the hall's memory while it does not read.
 */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { QueueSnapshot } from '../protocol.ts';
import type { Principal } from '../store/tokens.ts';
import { type Limits, type Rate, TokenBuckets } from './limits.ts';

type Ack = (response: unknown) => void;

/** Acks waiting for the next answer, per socket; a client waits for its answer before asking again. */
const MAX_WAITING_ACKS = 4;

/** A tiny view of engine.io's connection, for what its typings keep private. */
type Conn = {
  readyState: string;
  write(data: string): void;
  close(discard?: boolean): void;
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
};

const connOf = (socket: Socket) => socket.conn as unknown as Conn;

/**
 * The current snapshot as socket.io packet text, built once per snapshot
 * (that is, per `seq`) and per namespace, and written as it is to every
 * socket that asks — instead of socket.io serialising the same object again
 * for each of hundreds of walls. The text is socket.io protocol v5:
 * `2<nsp>,[event, data]` for an event, `3<nsp>,<id>[answer]` for an ack.
 */
export class SharedSnapshots {
  readonly #current: () => QueueSnapshot;
  #json: { of: QueueSnapshot; text: string } | undefined;
  readonly #events = new Map<string, { of: QueueSnapshot; packet: string }>();
  /** The packet id behind each ack function socket.io hands us (see `trackAcks`). */
  readonly #ackIds = new WeakMap<Ack, number>();

  constructor(current: () => QueueSnapshot) {
    this.#current = current;
  }

  #text(): { of: QueueSnapshot; text: string } {
    const snap = this.#current();
    if (this.#json?.of !== snap) this.#json = { of: snap, text: JSON.stringify(snap) };
    return this.#json;
  }

  /** Sends `queue:snapshot` to one socket. */
  emit(socket: Socket): void {
    const conn = connOf(socket);
    if (conn.readyState !== 'open') return;
    const { of, text } = this.#text();
    let cached = this.#events.get(socket.nsp.name);
    if (cached?.of !== of) {
      cached = { of, packet: `2${socket.nsp.name},["queue:snapshot",${text}]` };
      this.#events.set(socket.nsp.name, cached);
    }
    conn.write(cached.packet);
  }

  /** Answers a `queue:snapshot` request's ack with `{ data: snapshot }`. */
  answer(socket: Socket, ack: Ack): void {
    const id = this.#ackIds.get(ack);
    const conn = connOf(socket);
    if (id === undefined) {
      ack({ data: this.#current() });
      return;
    }
    if (conn.readyState === 'open') conn.write(`3${socket.nsp.name},${id}[{"data":${this.#text().text}}]`);
  }

  /**
   * Lets `answer` write an ack's packet itself: socket.io makes each ack
   * function from the request's packet id without exposing it, so the id is
   * noted as the function is made.
   */
  trackAcks(socket: Socket): void {
    const s = socket as unknown as { ack?: (id: number) => Ack };
    const make = s.ack;
    if (typeof make !== 'function') return;
    s.ack = (id: number) => {
      const ack = make.call(socket, id);
      this.#ackIds.set(ack, id);
      return ack;
    };
  }
}

/**
 * Answers this socket's snapshot requests: the first after a quiet spell at
 * once, later ones together when `intervalMs` has passed since. Nothing
 * queues up: requests in between only mark that an answer is due.
 */
export function answerSnapshotRequests(
  socket: Socket,
  snapshots: SharedSnapshots,
  intervalMs: number,
  spend: () => boolean,
  now: () => number = Date.now,
): void {
  snapshots.trackAcks(socket);
  let last = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  let emit = false;
  let acks: Ack[] = [];
  const flush = () => {
    timer = undefined;
    last = now();
    const waiting = acks;
    acks = [];
    if (emit) snapshots.emit(socket);
    emit = false;
    for (const ack of waiting) snapshots.answer(socket, ack);
  };
  socket.on('queue:snapshot', (ack?: unknown) => {
    if (!spend()) return;
    if (typeof ack === 'function') {
      if (acks.length < MAX_WAITING_ACKS) acks.push(ack as Ack);
    } else {
      emit = true;
    }
    if (timer) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  });
  socket.on('disconnect', () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    acks = [];
  });
}

/**
 * One socket's budget of incoming events: `spend()` answers false once the
 * bucket is empty, and the event is then dropped, neither acted on nor
 * answered. A socket that keeps sending into an empty bucket (a burst's
 * worth of drops in a row) is flooding: it is cut, because even a dropped
 * event costs a parse, and a flood of them would hold the event loop.
 */
export function eventBudget(socket: Socket, rate: Rate, logger: Logger, now: () => number = Date.now): () => boolean {
  const bucket = new TokenBuckets(1);
  let dropped = 0;
  return () => {
    if (bucket.take('', rate, now()) === 0) {
      dropped = 0;
      return true;
    }
    if (++dropped === Math.ceil(rate.burst)) cut(socket, logger, 'socket flooding events; disconnected', { droppedEvents: dropped });
    return false;
  };
}

/**
 * Closes a socket's connection at once, its queue discarded: a graceful
 * close would wait for that queue to drain, which a client that does not
 * read never lets happen. Logs the token's id and role, never its name:
 * names may be people's.
 */
function cut(socket: Socket, logger: Logger, why: string, fields: Record<string, unknown>): void {
  const principal = socket.data.principal as Principal | undefined;
  logger.warn({ namespace: socket.nsp.name, tokenId: principal?.tokenId, role: principal?.role, ...fields }, why);
  const conn = connOf(socket);
  conn.transport?.socket?.terminate?.();
  conn.close(true);
}

/** Sockets open per token: a middleware that refuses one too many, and the count it keeps. */
export class ConnectionCount {
  readonly #open = new Map<string, number>();
  readonly #max: Record<string, number>;

  constructor(maxPerRole: Limits['connectionsPerToken']) {
    this.#max = maxPerRole;
  }

  /** Runs after authentication, which sets `socket.data.principal`. */
  middleware() {
    return (socket: Socket, next: (err?: Error) => void) => {
      const principal = socket.data.principal as Principal | undefined;
      if (!principal) return next();
      const max = this.#max[principal.role] ?? 0;
      if ((this.#open.get(principal.tokenId) ?? 0) >= max) {
        const err = new Error('too many connections') as Error & { data?: unknown };
        err.data = { code: 'TOO_MANY_CONNECTIONS', message: `a ${principal.role} token may hold ${max} sockets at once` };
        return next(err);
      }
      next();
    };
  }

  /** Counts a connected socket until it disconnects. */
  track(socket: Socket): void {
    const { tokenId } = socket.data.principal as Principal;
    this.#open.set(tokenId, (this.#open.get(tokenId) ?? 0) + 1);
    socket.on('disconnect', () => {
      const left = (this.#open.get(tokenId) ?? 1) - 1;
      if (left > 0) this.#open.set(tokenId, left);
      else this.#open.delete(tokenId);
    });
  }
}

/** Unsent data of a socket's connection: engine.io's queue plus what the WebSocket has not handed to the kernel. */
export function outbound(socket: Socket): { bytes: number; packets: number } {
  const conn = connOf(socket);
  const queue = conn.writeBuffer ?? [];
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of queue) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : ((data as { byteLength?: number } | undefined)?.byteLength ?? 0);
  }
  return { bytes, packets: queue.length };
}

/**
 * Every `checkMs`, cuts the sockets whose unsent data passed the caps at this
 * check and the one before. One check's grace lets a slow link take a burst
 * it will drain (a snapshot on connect, a snapshot to every wall after a
 * configuration change); a socket that stopped reading stays over and goes.
 * Answers a function that stops the checks.
 */
export function watchOutbound(
  namespaces: Iterable<Namespace>,
  limits: Pick<Limits, 'socketBufferBytes' | 'socketBufferPackets' | 'socketBufferCheckMs'>,
  logger: Logger,
): () => void {
  const all = [...namespaces];
  let overBefore = new WeakSet<Socket>();
  const timer = setInterval(() => {
    const over = new WeakSet<Socket>();
    for (const nsp of all) {
      for (const socket of nsp.sockets.values()) {
        const { bytes, packets } = outbound(socket);
        if (bytes <= limits.socketBufferBytes && packets <= limits.socketBufferPackets) continue;
        if (overBefore.has(socket)) cut(socket, logger, 'socket stopped reading; disconnected', { bufferedBytes: bytes, bufferedPackets: packets });
        else over.add(socket);
      }
    }
    overBefore = over;
  }, limits.socketBufferCheckMs);
  timer.unref();
  return () => clearInterval(timer);
}
