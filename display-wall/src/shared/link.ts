/**
 * The socket.io connection of a display page: to the page's own origin, in
 * its role's namespace, websocket first, reconnecting forever. Stores see it
 * through `HallLink`, so tests drive them with a fake.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, QueueSnapshot, ServerToClientEvents } from '@hall/server/protocol';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the hall store needs of a connection. */
export type HallLink = {
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): void;
  onConnection(listener: (state: { online: boolean; error?: string }) => void): void;
  requestSnapshot(): Promise<QueueSnapshot>;
};

/** After the hall refuses the token (restored data dir, revoked device), try again now and then rather than never. */
const REFUSED_RETRY_MS = 15_000;

export function connectHall(namespace: '/display' | '/manager', token: string | undefined, origin?: string): { link: HallLink; socket: HallSocket } {
  const socket: HallSocket = io(origin ? origin + namespace : namespace, {
    auth: { token: token ?? '' },
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  const connectionListeners: ((s: { online: boolean; error?: string }) => void)[] = [];
  const tell = (s: { online: boolean; error?: string }) => connectionListeners.forEach((l) => l(s));
  socket.on('connect', () => tell({ online: true }));
  socket.on('disconnect', () => tell({ online: false }));
  socket.on('connect_error', (err) => {
    const code = (err as Error & { data?: { code?: string } }).data?.code;
    tell({ online: false, error: code });
    // A refusal by the hall's middleware stops socket.io's own reconnection.
    if (code && !socket.active) setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
  });
  const link: HallLink = {
    on: (event, listener) => socket.on(event, listener as never),
    onConnection: (listener) => void connectionListeners.push(listener),
    requestSnapshot: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('SNAPSHOT_TIMEOUT')), 10_000);
        socket.emit('queue:snapshot', (response: Ack<QueueSnapshot>) => {
          clearTimeout(timer);
          if ('data' in response) resolve(response.data);
          else reject(new Error(response.error.code));
        });
      }),
  };
  return { link, socket };
}
