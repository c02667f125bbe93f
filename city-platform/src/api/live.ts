/**
 * socket.io for the city view: namespace `/city` (live-events.ts), an
 * operator token on connect, a snapshot on connect and on request, and
 * `hall:updated` when the store says a hall changed, coalesced per hall
 * (push-plan.ts). Halls due together are read in one go.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from '@hall/common/log';
import type { CityChanges, CityReadModel, HallOverview, OperatorTokens } from '../ports.ts';
import { CITY_NAMESPACE, type CityClientEvents, type CityServerEvents } from './live-events.ts';
import { PushPlan } from './push-plan.ts';

export type LiveDeps = {
  read: CityReadModel;
  changes: CityChanges;
  operators: OperatorTokens;
  logger: Logger;
  /** Least time between two pushes of one hall, ms (default 1000). */
  pushIntervalMs?: number;
  /**
   * Least time between two reads for pushes, ms (default 250): with thousands
   * of halls reporting, changes arrive many times a second; they are read and
   * pushed in batches at most this often, not once each.
   */
  batchGapMs?: number;
  now?: () => number;
};

/**
 * A page of another site must not ride a token it found: browsers send an
 * Origin on the handshake, and only the platform's own is let in. Clients
 * that are not browsers send none and are judged by their token alone.
 */
function sameOriginOnly(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
  const origin = req.headers.origin;
  const host = req.headers.host;
  const own = origin === undefined || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
  callback(own ? null : 'origin not allowed', own);
}

function refusal(message: string, code: string, detail: string): Error {
  const err = new Error(message) as Error & { data?: unknown };
  err.data = { code, message: detail };
  return err;
}

export function attachCityLive(server: HttpServer, deps: LiveDeps): { close(): Promise<void> } {
  const now = deps.now ?? Date.now;
  const io = new Server<CityClientEvents, CityServerEvents>(server, { serveClient: false, allowRequest: sameOriginOnly });
  const nsp = io.of(CITY_NAMESPACE);

  nsp.use((socket: Socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) return next(refusal('unauthorized', 'UNAUTHENTICATED', 'connect with auth: { token }'));
    deps.operators.verify(token).then(
      (operator) => next(operator ? undefined : refusal('unauthorized', 'UNAUTHENTICATED', 'this operator token is unknown or revoked')),
      (err: unknown) => {
        deps.logger.error('operator check failed', { err });
        next(refusal('unavailable', 'INTERNAL', 'the operator could not be checked'));
      },
    );
  });

  // Snapshots asked for at once share one read.
  let reading: Promise<HallOverview[]> | undefined;
  const snapshot = () => (reading ??= deps.read.halls().finally(() => (reading = undefined)));

  nsp.on('connection', (socket) => {
    snapshot().then(
      (halls) => socket.emit('city:snapshot', { halls }),
      (err: unknown) => deps.logger.error('snapshot failed', { err }),
    );
    socket.on('city:snapshot', (ack) => {
      if (typeof ack !== 'function') return;
      snapshot().then(
        (halls) => ack({ data: { halls } }),
        (err: unknown) => {
          deps.logger.error('snapshot failed', { err });
          ack({ error: { code: 'INTERNAL', message: 'the snapshot could not be read' } });
        },
      );
    });
  });

  const plan = new PushPlan(deps.pushIntervalMs ?? 1000);
  const batchGapMs = deps.batchGapMs ?? 250;
  let timer: NodeJS.Timeout | undefined;
  let pushing = false;
  let lastReadAt = -Infinity;
  let closed = false;

  const schedule = () => {
    if (timer || pushing || closed) return;
    const next = plan.nextAt();
    if (next === undefined) return;
    timer = setTimeout(push, Math.max(0, next - now(), lastReadAt + batchGapMs - now()));
  };
  const push = async () => {
    timer = undefined;
    const due = new Set(plan.due(now()));
    // Nobody watching: a city view that connects later gets a snapshot.
    if (due.size && nsp.sockets.size) {
      pushing = true;
      lastReadAt = now();
      try {
        for (const hall of await deps.read.halls()) if (due.has(hall.hallId)) nsp.emit('hall:updated', { hall });
      } catch (err) {
        deps.logger.error('live push failed', { err });
      } finally {
        pushing = false;
      }
    }
    schedule();
  };
  const unsubscribe = deps.changes.subscribe((hallIds) => {
    plan.changed(hallIds);
    schedule();
  });

  return {
    close: async () => {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await io.close();
    },
  };
}
