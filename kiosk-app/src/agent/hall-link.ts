/**
 * The agent's line to the hall, the network side of the HallPort
 * (ports.ts): the hall's HTTP operations through the one contract client
 * (`@hall/server/client`) with the terminal's bearer token, and the `/kiosk`
 * (or `/counter`) socket.io namespace, whose connection is what "online"
 * means. A call that cannot reach the hall (refused, reset, timed out) is the
 * client's HallUnreachableError and marks the link offline at once, without
 * waiting for socket.io to notice; an answer from the hall, even a refusal
 * (HallRefusal, with the hall's code), shows it reachable.
 */
import { Backoff } from '@hall/common';
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import { createHallClient, HallRefusal, type HallClient } from '@hall/server/client';
import type { ClientToServerEvents, QueueSnapshot, ServerToClientEvents } from '@hall/server/protocol';
import { silentAgentLogger, type AgentLogger } from './log.ts';
import type { HallPort, HallPortEvents } from './ports.ts';

export type HallLinkOptions = {
  url: string;
  token: string;
  logger?: AgentLogger;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** socket.io reconnection pace, ms. */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** socket.io namespace: `/kiosk` (default) or `/counter`, matching the token's role. */
  namespace?: '/kiosk' | '/counter';
  /** Ask for a snapshot when a message's `seq` shows that something was missed (the counter needs every change). */
  followSeq?: boolean;
};

export type HallLinkEvents = HallPortEvents & {
  /** The hall's credentials were refused: the kiosk needs a new token, retrying will not help. */
  unauthorized: [code: string];
};

type KioskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class HallLink extends EventEmitter<HallLinkEvents> implements HallPort {
  readonly url: string;
  readonly #token: string;
  readonly #o: HallLinkOptions;
  readonly #log: AgentLogger;
  readonly #client: HallClient;
  #socket: KioskSocket | undefined;
  #online = false;
  /** Set while a failed request has marked the link offline under a socket that still looks connected. */
  #probe: ReturnType<typeof setTimeout> | undefined;
  #snapshot: QueueSnapshot | undefined;
  #seq = 0;

  constructor(options: HallLinkOptions) {
    super();
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#o = options;
    this.#log = options.logger ?? silentAgentLogger;
    this.#client = createHallClient({
      baseUrl: this.url,
      token: options.token,
      timeoutMs: options.timeoutMs ?? 5000,
      observe: {
        // The hall answered: whatever a failed request concluded earlier, it is reachable again.
        answered: () => {
          if (this.#socket?.connected) this.#setOnline(true);
        },
        // Whatever the socket thinks, the hall cannot be used right now.
        unreachable: () => {
          this.#setOnline(false);
          this.#probeUntilBack();
        },
      },
    });
  }

  get online(): boolean {
    return this.#online;
  }

  // The port's plain signatures: EventEmitter's own generic ones cannot be checked against an interface.
  override on<E extends keyof HallLinkEvents>(event: E, listener: (...args: HallLinkEvents[E]) => void): this {
    return super.on(event, listener as never);
  }

  override off<E extends keyof HallLinkEvents>(event: E, listener: (...args: HallLinkEvents[E]) => void): this {
    return super.off(event, listener as never);
  }

  /** The last queue snapshot the hall sent or answered (services' load, windows, day, hall name). */
  get snapshot(): QueueSnapshot | undefined {
    return this.#snapshot;
  }

  readonly call: HallClient['call'] = async (operationId, ...args) => {
    try {
      const answer = await this.#client.call(operationId, ...args);
      if (operationId === 'getQueue') this.#snapshot = answer as QueueSnapshot;
      return answer;
    } catch (err) {
      if (err instanceof HallRefusal && (err.status === 401 || err.status === 403))
        this.#log.error('the hall refused the request', { operationId, status: err.status, code: err.code });
      throw err;
    }
  };

  start(): void {
    if (this.#socket) return;
    const socket: KioskSocket = io(`${this.url}${this.#o.namespace ?? '/kiosk'}`, {
      auth: { token: this.#token },
      transports: ['websocket'],
      reconnectionDelay: this.#o.reconnectDelayMs ?? 1000,
      reconnectionDelayMax: this.#o.reconnectDelayMaxMs ?? 5000,
    });
    this.#socket = socket;
    socket.on('connect', () => this.#setOnline(true));
    socket.on('disconnect', (reason) => {
      this.#log.warn('hall link lost', { reason });
      this.#setOnline(false);
    });
    socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN_ROLE') {
        this.#log.error('the hall refused the kiosk token', { code });
        this.emit('unauthorized', code);
      }
      this.#setOnline(false);
    });
    socket.on('queue:snapshot', (snapshot) => {
      this.#snapshot = snapshot;
      this.#seq = snapshot.seq;
      this.emit('snapshot', snapshot);
    });
    socket.on('queue:updated', (event) => {
      this.#followSeq(event.seq);
      if (this.#snapshot && event.seq >= this.#snapshot.seq) {
        const byCode = new Map(event.services.map((s) => [s.code, s]));
        this.#snapshot = { ...this.#snapshot, seq: event.seq, services: this.#snapshot.services.map((s) => byCode.get(s.code) ?? s) };
      }
      this.emit('load', event.services);
    });
    socket.on('window:updated', (w) => {
      this.#followSeq(w.seq);
      // An answer fetched over HTTP may already be newer than this message.
      if (this.#snapshot && w.seq >= this.#snapshot.seq) {
        const { seq: _s, change: _c, ...window } = w;
        this.#snapshot = { ...this.#snapshot, seq: w.seq, windows: this.#snapshot.windows.map((x) => (x.no === window.no ? window : x)) };
      }
      this.emit('window', w);
    });
    socket.on('ticket:called', (event) => {
      this.#followSeq(event.seq);
      this.emit('called', event);
    });
    socket.on('ticket:updated', (event) => {
      this.#followSeq(event.seq);
      this.emit('ticket', event);
    });
    socket.on('hall:seq', (event) => this.#followSeq(event.seq));
  }

  /** Several messages share one seq; a jump past the next one means messages were missed. */
  #followSeq(seq: number): void {
    if (!this.#o.followSeq) return;
    const missed = this.#seq > 0 && seq > this.#seq + 1;
    if (seq > this.#seq) this.#seq = seq;
    if (missed) {
      this.#log.warn('missed hall messages: asking for a snapshot', { seq });
      this.requestSnapshot();
    }
  }

  /** Asks the hall for a fresh snapshot over the socket; it arrives as a `snapshot` event. */
  requestSnapshot(): void {
    this.#socket?.emit('queue:snapshot');
  }

  async close(): Promise<void> {
    clearTimeout(this.#probe);
    this.#probe = undefined;
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#online = false;
  }

  #setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.#log.info(online ? 'hall online' : 'hall offline');
    this.emit('online', online);
  }

  /**
   * A request failed while the socket still looks connected: nothing else
   * would bring the link back (an offline kiosk sends no requests), so ask
   * the hall's health over HTTP, backing off, until it answers.
   */
  #probeUntilBack(): void {
    if (this.#probe || !this.#socket) return;
    const backoff = new Backoff(this.#o.reconnectDelayMs ?? 1000, this.#o.reconnectDelayMaxMs ?? 5000);
    const attempt = async () => {
      const back = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(this.#o.timeoutMs ?? 5000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (!this.#probe) return;
      if (back || !this.#socket?.connected) {
        // Back: the socket decides from here; or the socket itself dropped and reconnects on its own.
        this.#probe = undefined;
        if (back && this.#socket?.connected) this.#setOnline(true);
        return;
      }
      this.#probe = setTimeout(attempt, backoff.next());
      this.#probe.unref();
    };
    this.#probe = setTimeout(attempt, backoff.next());
    this.#probe.unref();
  }
}
