/**
 * The city view's socket.io connection: to the page's own origin, namespace
 * `/city`, the operator token in `auth`, reconnecting forever. The store sees
 * it through `CityLink`, so it does not depend on socket.io itself.
 */
import { io, type Socket } from 'socket.io-client';
import { CITY_NAMESPACE, type CityClientEvents, type CityServerEvents } from '../../src/api/live-events.ts';

export type CityLink = {
  on<E extends keyof CityServerEvents>(event: E, listener: CityServerEvents[E]): void;
  onConnection(listener: (state: { online: boolean; refusal?: string }) => void): void;
};

/** After the platform refuses the token (revoked, rotated), try again now and then rather than never. */
const REFUSED_RETRY_MS = 30_000;

export function connectCity(token: string | undefined): CityLink {
  const socket: Socket<CityServerEvents, CityClientEvents> = io(CITY_NAMESPACE, {
    auth: { token: token ?? '' },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  const listeners: ((state: { online: boolean; refusal?: string }) => void)[] = [];
  const tell = (state: { online: boolean; refusal?: string }) => listeners.forEach((l) => l(state));
  socket.on('connect', () => tell({ online: true }));
  socket.on('disconnect', () => tell({ online: false }));
  socket.on('connect_error', (err) => {
    const code = (err as Error & { data?: { code?: string } }).data?.code;
    tell({ online: false, refusal: code });
    // A refusal by the server's middleware stops socket.io's own reconnection.
    if (code && !socket.active) setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  return {
    on: (event, listener) => void socket.on(event, listener as never),
    onConnection: (listener) => void listeners.push(listener),
  };
}
