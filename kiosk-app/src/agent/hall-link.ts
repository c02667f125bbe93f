/**
 * The agent's line to the hall: HTTP operations with the kiosk's bearer
 * token, and the `/kiosk` socket.io namespace, whose connection is what
 * "online" means. A request that cannot reach the hall (refused, reset, timed
 * out) is a HallUnreachableError and marks the link offline at once, without
 * waiting for socket.io to notice; an answer from the hall, even a refusal,
 * is a HallError with the hall's code.
 */
import { Backoff } from '@hall/common';
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  NumberLease,
  QueueSnapshot,
  ServerToClientEvents,
  ServiceLoad,
  TerminalDevice,
  TerminalStatus,
  Ticket,
  TicketCalledEvent,
  TicketUpdatedEvent,
  WindowUpdatedEvent,
} from '@hall/server/protocol';
import type { Service } from '../shared/hall-types.ts';
import { silentAgentLogger, type AgentLogger } from './log.ts';

export class HallError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: Record<string, unknown>;
  /** From the hall's Retry-After: whole seconds until trying again is worth it (lockouts, rate limits). */
  readonly retryAfterS?: number;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, retryAfterS?: number) {
    super(`${code}: ${message}`);
    this.name = 'HallError';
    this.status = status;
    this.code = code;
    if (details) this.details = details;
    if (retryAfterS !== undefined) this.retryAfterS = retryAfterS;
  }
}

export class HallUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HallUnreachableError';
  }
}

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

export type HallLinkEvents = {
  /** The link went up or down. */
  online: [online: boolean];
  snapshot: [snapshot: QueueSnapshot];
  /** Load of the services that changed. */
  load: [services: ServiceLoad[]];
  /** The hall's credentials were refused: the kiosk needs a new token, retrying will not help. */
  unauthorized: [code: string];
  /** A window changed (opened, paused, assigned a ticket …). */
  window: [event: WindowUpdatedEvent];
  /** A ticket was called or recalled somewhere in the hall. */
  called: [event: TicketCalledEvent];
  /** A ticket changed (counter and manager namespaces: masked identity). */
  ticket: [event: TicketUpdatedEvent];
};

/** The hall's answer to grantStaff (protocol.ts `StaffGrant`): the grant, who gave it, and until when. */
export type StaffGrant = { grant: string; staffNo: string; name: string; expiresAt: string };

export type OfflineTicketIn = { number: string; issuedAt: string; idNumber?: string; name?: string };

type KioskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class HallLink extends EventEmitter<HallLinkEvents> {
  readonly url: string;
  readonly #token: string;
  readonly #o: HallLinkOptions;
  readonly #log: AgentLogger;
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
  }

  get online(): boolean {
    return this.#online;
  }

  /** The last queue snapshot the hall sent (services' load, windows, day, hall name). */
  get snapshot(): QueueSnapshot | undefined {
    return this.#snapshot;
  }

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

  /** One HTTP operation. Resolves with the parsed body (undefined for 204). */
  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.#send(method, path, {
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = await jsonOf(res);
    if (!res.ok) throw this.#refused(res, path, parsed);
    return parsed as T;
  }

  /** Sends a request; a failure to reach the hall is a HallUnreachableError, any answer is returned. */
  async #send(method: string, path: string, init: { headers: Record<string, string>; body?: string | Uint8Array; timeoutMs?: number }): Promise<Response> {
    try {
      const res = await fetch(`${this.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.#token}`, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(init.timeoutMs ?? this.#o.timeoutMs ?? 5000),
      });
      // The hall answered: whatever a failed request concluded earlier, it is reachable again.
      if (this.#socket?.connected) this.#setOnline(true);
      return res;
    } catch (err) {
      // Whatever the socket thinks, the hall cannot be used right now.
      this.#setOnline(false);
      this.#probeUntilBack();
      throw new HallUnreachableError(`${method} ${path}: ${(err as Error).message}`, { cause: err });
    }
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

  #refused(res: Response, path: string, parsed: unknown): HallError {
    const e = (parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    if (res.status === 401 || res.status === 403) this.#log.error('the hall refused the request', { path, status: res.status, code: e?.code });
    return new HallError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details, retryAfterOf(res));
  }

  /**
   * Uploads one filing page as raw bytes under its SHA-256 (the hall checks
   * the hash, the type and the size; the same content twice is one file, so
   * a resend is harmless).
   */
  async putFilingFile(sha256: string, contentType: string, bytes: Uint8Array): Promise<{ sha256: string; size: number; contentType: string }> {
    const path = `/filing-files/${encodeURIComponent(sha256)}`;
    // A page of a few megabytes on a slow hall LAN: more than the ordinary request time.
    const res = await this.#send('PUT', path, { headers: { 'content-type': contentType }, body: bytes, timeoutMs: Math.max(this.#o.timeoutMs ?? 5000, 60_000) });
    const parsed = await jsonOf(res);
    if (!res.ok) throw this.#refused(res, path, parsed);
    return parsed as { sha256: string; size: number; contentType: string };
  }

  /** A filing page's bytes and type, for the counter (the hall decrypts it). */
  async getFilingFile(sha256: string): Promise<{ contentType: string; bytes: Buffer }> {
    const path = `/filing-files/${encodeURIComponent(sha256)}`;
    const res = await this.#send('GET', path, { headers: {}, timeoutMs: Math.max(this.#o.timeoutMs ?? 5000, 30_000) });
    if (!res.ok) throw this.#refused(res, path, await jsonOf(res));
    const bytes = Buffer.from(await res.arrayBuffer());
    return { contentType: (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim(), bytes };
  }

  listServices(): Promise<Service[]> {
    return this.request<{ services: Service[] }>('GET', '/services').then((b) => b.services);
  }

  getQueue(): Promise<QueueSnapshot> {
    return this.request<QueueSnapshot>('GET', '/queue').then((s) => {
      this.#snapshot = s;
      return s;
    });
  }

  issueTicket(body: { serviceCode: string; idNumber?: string; name?: string; greenChannel?: 'disabled' | 'military'; staffGrant?: string }, idempotencyKey?: string): Promise<Ticket> {
    return this.request('POST', '/tickets', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  }

  /** A staff member's staff number and PIN, checked by the hall: a short-lived grant for this kiosk. */
  grantStaff(staffNo: string, pin: string): Promise<StaffGrant> {
    return this.request('POST', '/staff-grants', { staffNo, pin });
  }

  cancelTicket(ticketId: string, reason: string): Promise<Ticket> {
    return this.request('POST', `/tickets/${encodeURIComponent(ticketId)}/cancel`, { reason });
  }

  checkInAppointment(code: string): Promise<Ticket> {
    return this.request('POST', '/appointments/check-in', { code });
  }

  findTickets(number: string): Promise<Ticket[]> {
    return this.request<{ tickets: Ticket[] }>('GET', `/tickets?number=${encodeURIComponent(number)}`).then((b) => b.tickets);
  }

  leaseNumbers(serviceCode: string, count: number): Promise<NumberLease> {
    return this.request('POST', '/number-leases', { serviceCode, count });
  }

  syncOfflineTickets(leaseId: string, tickets: OfflineTicketIn[]): Promise<Ticket[]> {
    return this.request<{ tickets: Ticket[] }>('POST', `/number-leases/${encodeURIComponent(leaseId)}/tickets`, { tickets }).then((b) => b.tickets);
  }

  reportDevices(devices: TerminalDevice[]): Promise<TerminalStatus> {
    return this.request('POST', '/terminals/devices', { devices });
  }

  getTicket(ticketId: string): Promise<Ticket> {
    return this.request('GET', `/tickets/${encodeURIComponent(ticketId)}`);
  }
}

/** Retry-After in whole seconds (the hall sends seconds, never a date); undefined when absent or unreadable. */
function retryAfterOf(res: Response): number | undefined {
  const raw = res.headers.get('retry-after');
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** The answer's JSON body; undefined when it is empty or not JSON. */
async function jsonOf(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
