/**
 * socket.io: one namespace per role, token auth on connect, a snapshot on
 * connect and on request, and every committed change pushed with its `seq`.
 * Every namespace gets at least one message per `seq`, so a client that sees
 * a gap knows it missed something and asks for a snapshot.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Namespace, type Socket } from 'socket.io';
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import type { HallEvent } from '../domain/events.ts';
import type { Commit, Hall } from '../hall.ts';
import { NAMESPACES, type ClientToServerEvents, type ManagerLive, type NamespaceRole, type QueueSnapshot, type ServerToClientEvents } from '../protocol.ts';
import type { Principal, TokenStore } from '../store/tokens.ts';
import type { Upstream } from '../upstream/index.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { answerSnapshotRequests, ConnectionCount, eventBudget, SharedSnapshots, watchOutbound } from './socket-limits.ts';
import type { TerminalRegistry } from './terminals.ts';
import { callView, serviceLoad, snapshot, ticketView, windowView, type RecentCalls } from './views.ts';

type Message = { [E in keyof ServerToClientEvents]: [E, Parameters<ServerToClientEvents[E]>[0]] }[keyof ServerToClientEvents];
type Nsp = Namespace<ClientToServerEvents, ServerToClientEvents>;

export type RealtimeDeps = {
  hall: Hall;
  tokens: TokenStore;
  recent: RecentCalls;
  terminals: TerminalRegistry;
  upstream?: Upstream;
  logger: Logger;
  /** The manager wall's live figures; pushed as `manager:live` when set. */
  managerLive?: () => ManagerLive;
  /** Least time between two `manager:live` pushes (default 1 s). */
  managerLiveIntervalMs?: number;
  /** The tracking code of the filing linked to a ticket, shown on the ticket to staff. */
  filingCodeOf?: (ticketId: string) => string | undefined;
  /** Per-socket and per-token limits (api/limits.ts); the defaults when absent. */
  limits?: Limits;
  /** Browser origins allowed besides the hall's own (see `sameOriginOnly`). */
  allowedOrigins?: readonly string[];
};

/**
 * Coalesces changes into at most one call of `push` per interval: the first
 * change after a quiet spell goes out at once, later ones wait for the
 * interval to pass and then go out together.
 */
export function coalesce(push: () => void, intervalMs: number, now: () => number = Date.now) {
  let last = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    last = now();
    push();
  };
  return {
    changed(): void {
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else {
        timer = setTimeout(fire, wait);
        timer.unref();
      }
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

function authenticate(role: NamespaceRole, tokens: TokenStore) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const principal = typeof token === 'string' ? tokens.verify(token) : undefined;
    if (!principal) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'UNAUTHENTICATED', message: 'connect with auth: { token }' };
      return next(err);
    }
    if (principal.role !== role) {
      const err = new Error('forbidden') as Error & { data?: unknown };
      err.data = { code: 'FORBIDDEN_ROLE', message: `a ${principal.role} token cannot join ${NAMESPACES[role]}` };
      return next(err);
    }
    socket.data.principal = principal;
    next();
  };
}

/**
 * Browsers send an Origin on every socket.io handshake; a page of another
 * site must not ride a token it found. Only the hall's own origin (the Host
 * the request came to, over http or https) and the listed ones are let in.
 * Node clients (device agents, tests) send none and are judged by token alone.
 */
export function sameOriginOnly(allowed: readonly string[] = []) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined) return callback(null, true);
    const host = req.headers.host;
    const own = host ? [`http://${host}`, `https://${host}`] : [];
    if (own.includes(origin) || allowed.includes(origin)) return callback(null, true);
    callback('origin not allowed', false);
  };
}

/**
 * Connection-state recovery keeps a copy of every broadcast of its namespace.
 * Walls and window screens are the many, unattended screens it is for; the
 * staff namespaces resync from a snapshot instead of keeping that copy.
 */
class RecoveryForDisplays {
  constructor(nsp: Namespace) {
    // socket.io takes the adapter as a class and news it per namespace: returning another object from the constructor is how one class picks per namespace.
    // biome-ignore lint/correctness/noConstructorReturn: see above
    if (nsp.name !== NAMESPACES.display) return new Adapter(nsp);
    const adapter = new SessionAwareAdapter(nsp);
    // socket.io trims the kept broadcasts once a minute; a busy hour would keep a minute of them.
    // Trim every few seconds to the recovery window instead.
    const kept = adapter as unknown as { packets: { emittedAt: number }[]; maxDisconnectionDuration: number };
    const timer = setInterval(() => {
      const threshold = Date.now() - kept.maxDisconnectionDuration;
      let expired = 0;
      while (expired < kept.packets.length && kept.packets[expired]!.emittedAt < threshold) expired++;
      if (expired) kept.packets.splice(0, expired);
    }, 3_000);
    timer.unref();
    // biome-ignore lint/correctness/noConstructorReturn: the chosen adapter, as above
    return adapter;
  }
}

/** The messages one commit turns into, per namespace. */
export function messagesFor(
  hall: Hall,
  recent: RecentCalls,
  commit: Commit,
  filingCodeOf?: (ticketId: string) => string | undefined,
): Record<NamespaceRole, Message[]> {
  const { state } = hall;
  const now = commit.at;
  const seq = commit.seq;
  const out: Record<NamespaceRole, Message[]> = { display: [], counter: [], kiosk: [], manager: [] };
  const all = (m: Message) => (['display', 'counter', 'kiosk', 'manager'] as const).forEach((ns) => out[ns].push(m));
  const staff = (m: Message) => (['counter', 'kiosk', 'manager'] as const).forEach((ns) => out[ns].push(m));

  if (commit.events.some((e) => e.type === 'config.applied' || e.type === 'day.started')) {
    if (commit.events.some((e) => e.type === 'day.started')) recent.clear();
    all(['queue:snapshot', snapshot(state, seq, now, recent)]);
    return out;
  }

  const affected = new Set<string>();
  let called = false;
  for (const e of commit.events as HallEvent[]) {
    if (e.type === 'ticket.saved') {
      affected.add(e.ticket.serviceCode);
      const t = state.tickets.get(e.ticket.id) ?? e.ticket;
      if (e.change === 'called' || e.change === 'recalled') {
        const call = callView(state, t, e.change === 'recalled');
        recent.push(call);
        all(['ticket:called', { ...call, seq, waiting: state.queues.get(t.serviceCode)?.length ?? 0 }]);
        called = true;
      }
      // Kiosks and counters follow the queue through queue:updated; a counter needs a ticket's own
      // changes only once it is at a window. Sending every issue to everyone would only fill buffers.
      // A filing's code goes to managers only: a window learns it from its own call (api/access.ts).
      const view = ticketView(state, t, now);
      const code = filingCodeOf?.(t.id);
      out.manager.push(['ticket:updated', { ...view, ...(code ? { filingCode: code } : {}), seq, change: e.change }]);
      if (e.change !== 'issued') out.counter.push(['ticket:updated', { ...view, seq, change: e.change }]);
    } else if (e.type === 'window.saved') {
      const w = state.windows.get(e.window.no) ?? e.window;
      const msg: Message = ['window:updated', { ...windowView(state, w), seq, change: e.change }];
      staff(msg);
      // A call already tells a wall which window now shows which number.
      if (e.change !== 'assigned') out.display.push(msg);
    }
  }
  if (affected.size) {
    const services = [...affected].map((code) => serviceLoad(state, code, now));
    staff(['queue:updated', { seq, services }]);
    if (!called) out.display.push(['queue:updated', { seq, services }]);
  }
  for (const ns of Object.keys(out) as NamespaceRole[]) if (out[ns].length === 0) out[ns].push(['hall:seq', { seq }]);
  return out;
}

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): Server {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: true },
    allowRequest: sameOriginOnly(deps.allowedOrigins),
    // A wall that blinks off for a moment gets what it missed without a snapshot. The server keeps
    // every broadcast for this long, so it stays short: a longer outage ends in a snapshot anyway.
    connectionStateRecovery: { maxDisconnectionDuration: 15_000, skipMiddlewares: false },
    adapter: RecoveryForDisplays as unknown as typeof Adapter,
    // Clients send only small requests; socket.io's default would buffer a megabyte per message.
    maxHttpBufferSize: 64 * 1024,
  });
  // The default namespace is nobody's: refuse it so a mistyped path fails loudly.
  io.of('/').use((_socket, next) =>
    next(Object.assign(new Error('use a role namespace: /display, /counter, /kiosk or /manager'), { data: { code: 'NO_NAMESPACE' } })),
  );

  let cached: QueueSnapshot | undefined;
  const currentSnapshot = (): QueueSnapshot => {
    if (!cached || cached.seq !== deps.hall.seq) cached = snapshot(deps.hall.state, deps.hall.seq, deps.hall.clock(), deps.recent);
    return cached;
  };
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const snapshots = new SharedSnapshots(currentSnapshot);
  const connections = new ConnectionCount(limits.connectionsPerToken);

  const namespaces = new Map<NamespaceRole, Nsp>();
  for (const role of Object.keys(NAMESPACES) as NamespaceRole[]) {
    const nsp: Nsp = io.of(NAMESPACES[role]);
    nsp.use(authenticate(role, deps.tokens));
    nsp.use(connections.middleware());
    nsp.on('connection', (socket) => {
      const principal = socket.data.principal as Principal;
      connections.track(socket);
      const spend = eventBudget(socket, limits.socketEvents, deps.logger);
      if (role === 'kiosk' || role === 'counter') {
        deps.terminals.presence(principal, true, deps.hall.clock());
        socket.on('disconnect', () => deps.terminals.presence(principal, false, deps.hall.clock()));
      }
      if (role === 'manager' && !socket.recovered) {
        for (const t of deps.terminals.list()) socket.emit('terminal:updated', t);
        if (deps.upstream) socket.emit('upstream:updated', deps.upstream.status);
        if (deps.managerLive) {
          try {
            socket.emit('manager:live', deps.managerLive());
          } catch (err) {
            deps.logger.error({ err }, 'manager live figures failed');
          }
        }
      }
      if (!socket.recovered) snapshots.emit(socket);
      answerSnapshotRequests(socket, snapshots, limits.snapshotIntervalMs, spend);
      // Clients change the hall over HTTP only; anything else sent here is refused, never acted on.
      socket.onAny((event: string, ...args: unknown[]) => {
        if (event === 'queue:snapshot' || !spend()) return;
        const ack = args[args.length - 1];
        if (typeof ack === 'function') ack({ error: { code: 'UNKNOWN_EVENT', message: `the hall accepts no "${event}" event; use the HTTP API` } });
      });
    });
    namespaces.set(role, nsp);
  }

  // A revoked token's sockets go at once; they were let in by it and would otherwise stay for good.
  deps.tokens.onRevoked((tokenId) => {
    for (const nsp of namespaces.values())
      for (const socket of nsp.sockets.values()) if ((socket.data.principal as Principal | undefined)?.tokenId === tokenId) socket.disconnect(true);
  });
  const stopWatching = watchOutbound(namespaces.values(), limits, deps.logger);
  httpServer.once('close', stopWatching);
  deps.terminals.onChange((status) => namespaces.get('manager')?.emit('terminal:updated', status));
  deps.upstream?.deliverer.onStatus((status) => namespaces.get('manager')?.emit('upstream:updated', status));

  const managerPush = deps.managerLive
    ? coalesce(() => {
        const nsp = namespaces.get('manager')!;
        if (nsp.sockets.size === 0) return;
        try {
          nsp.emit('manager:live', deps.managerLive!());
        } catch (err) {
          deps.logger.error({ err }, 'manager live figures failed');
        }
      }, deps.managerLiveIntervalMs ?? 1_000)
    : undefined;
  deps.terminals.onChange(() => managerPush?.changed());

  deps.hall.subscribe((commit) => {
    managerPush?.changed();
    try {
      const messages = messagesFor(deps.hall, deps.recent, commit, deps.filingCodeOf);
      for (const [role, list] of Object.entries(messages) as [NamespaceRole, Message[]][]) {
        const nsp = namespaces.get(role)!;
        for (const [event, payload] of list) (nsp.emit as (e: string, p: unknown) => void)(event, payload);
      }
    } catch (err) {
      // The change is committed; a broadcast bug must not turn it into an error for the caller.
      deps.logger.error({ err, seq: commit.seq }, 'broadcast failed; clients will resync by seq');
    }
  });
  return io;
}
