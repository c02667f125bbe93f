/**
 * The city view's live feed: real socket.io clients against the server on
 * loopback, over the fake city. An operator gets the city on connect and on
 * request, and each changed hall shortly after the store says so, at most
 * once per hall per interval; a wrong token or a foreign page gets nothing.
 * The server runs on the real clock here: pushes are timed.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CITY_NAMESPACE, type Ack, type CityClientEvents, type CityServerEvents, type CitySnapshot } from '../../src/api/live-events.ts';
import type { HallOverview } from '../../src/ports.ts';
import { OPERATOR_TOKEN } from './fake-city.ts';
import { startCity } from './city-server.ts';

type CitySocket = Socket<CityServerEvents, CityClientEvents>;
const sockets: CitySocket[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));

function connect(url: string, token: string, extraHeaders?: Record<string, string>): CitySocket {
  const socket: CitySocket = io(url + CITY_NAMESPACE, { auth: { token }, transports: ['websocket'], reconnection: false, extraHeaders });
  sockets.push(socket);
  return socket;
}

const next = <E extends keyof CityServerEvents>(socket: CitySocket, event: E) =>
  new Promise<Parameters<CityServerEvents[E]>[0]>((resolve) => socket.once(event, resolve as never));

const refusalOf = (socket: CitySocket) =>
  new Promise<{ message: string; code?: string }>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (err) => resolve({ message: err.message, code: (err as Error & { data?: { code?: string } }).data?.code }));
  });

describe('the live city', () => {
  it('an operator gets every hall on connect, and again when asking', async () => {
    const city = await startCity({ now: Date.now });
    const socket = connect(city.url, OPERATOR_TOKEN);
    const first = await next(socket, 'city:snapshot');
    expect(first.halls.map((h) => h.hallId)).toEqual(['330106-ZWFW-01', '330102-ZWFW-01', '330105-ZWFW-01', '330108-ZWFW-01']);
    city.read.update('330105-ZWFW-01', { online: true });
    const asked = await new Promise<Ack<CitySnapshot>>((resolve) => socket.emit('city:snapshot', resolve));
    expect('data' in asked && asked.data.halls.find((h) => h.hallId === '330105-ZWFW-01')?.online).toBe(true);
  });

  it('a changed hall is pushed with its new figures; a burst of changes is one push at once and one when the interval is out', async () => {
    const city = await startCity({ pushIntervalMs: 400, now: Date.now });
    const socket = connect(city.url, OPERATOR_TOKEN);
    await next(socket, 'city:snapshot');
    const pushed: { hall: HallOverview; at: number }[] = [];
    socket.on('hall:updated', ({ hall }) => pushed.push({ hall, at: performance.now() }));

    const start = performance.now();
    city.read.update('330106-ZWFW-01', { waiting: 24 });
    city.changes.emit(['330106-ZWFW-01']);
    await expect.poll(() => pushed.length, { timeout: 2000, interval: 10 }).toBe(1);
    expect(pushed[0]!.hall).toMatchObject({ hallId: '330106-ZWFW-01', waiting: 24 });
    expect(pushed[0]!.at - start).toBeLessThan(300);

    // Ten reports in quick succession: none goes out before the interval, then the latest figures once.
    for (let waiting = 25; waiting <= 34; waiting++) {
      city.read.update('330106-ZWFW-01', { waiting });
      city.changes.emit(['330106-ZWFW-01']);
      await new Promise((r) => setTimeout(r, 10));
    }
    await expect.poll(() => pushed.length, { timeout: 2000, interval: 10 }).toBe(2);
    expect(pushed[1]!.hall.waiting).toBe(34);
    expect(pushed[1]!.at - pushed[0]!.at).toBeGreaterThanOrEqual(390);
    await new Promise((r) => setTimeout(r, 500));
    expect(pushed).toHaveLength(2);
  });

  it('halls changed together are read once and pushed each; an unchanged hall is not pushed', async () => {
    const city = await startCity({ now: Date.now });
    const socket = connect(city.url, OPERATOR_TOKEN);
    await next(socket, 'city:snapshot');
    const pushed: string[] = [];
    socket.on('hall:updated', ({ hall }) => pushed.push(hall.hallId));
    const reads = city.read.calls.halls;
    city.changes.emit(['330102-ZWFW-01', '330108-ZWFW-01']);
    await expect.poll(() => pushed.length, { timeout: 2000, interval: 10 }).toBe(2);
    expect(pushed.sort()).toEqual(['330102-ZWFW-01', '330108-ZWFW-01']);
    expect(city.read.calls.halls - reads).toBe(1);
  });

  it('halls changing one after another, as many halls report, are read and pushed in batches, not one read each', async () => {
    const city = await startCity({ now: Date.now });
    const socket = connect(city.url, OPERATOR_TOKEN);
    await next(socket, 'city:snapshot');
    const pushed: string[] = [];
    socket.on('hall:updated', ({ hall }) => pushed.push(hall.hallId));
    const reads = city.read.calls.halls;
    for (const id of ['330106-ZWFW-01', '330102-ZWFW-01', '330105-ZWFW-01', '330108-ZWFW-01']) {
      city.changes.emit([id]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(() => pushed.length, { timeout: 2000, interval: 10 }).toBe(4);
    // The first at once, the three that came within the next 250 ms together.
    expect(city.read.calls.halls - reads).toBe(2);
  });

  it('a wrong token, or none, is refused with connect_error UNAUTHENTICATED', async () => {
    const city = await startCity({ now: Date.now });
    expect(await refusalOf(connect(city.url, 'op-not-a-real-token'))).toEqual({ message: 'unauthorized', code: 'UNAUTHENTICATED' });
    expect(await refusalOf(connect(city.url, ''))).toEqual({ message: 'unauthorized', code: 'UNAUTHENTICATED' });
  });

  it("a page of another site cannot ride an operator's token", async () => {
    const city = await startCity({ now: Date.now });
    const socket: CitySocket = io(city.url + CITY_NAMESPACE, {
      auth: { token: OPERATOR_TOKEN },
      transports: ['polling'],
      reconnection: false,
      extraHeaders: { origin: 'https://evil.example' },
    });
    sockets.push(socket);
    // Refused at the handshake: a connect_error, never a connect (refusalOf fails on one), and no snapshot read for it.
    await refusalOf(socket);
    expect(city.read.calls.halls).toBe(0);
  });
});
