/**
 * A TCP line between an agent and a real hall, for the network faults a hall
 * in the same process cannot stage by itself: a hall that stops answering
 * while the kiosk's socket.io connection has not noticed yet (a frozen or
 * crashed hall whose peer never sent a FIN looks connected until socket.io's
 * ping times out, some 20 s later), and a hall that commits a request whose
 * answer never comes back.
 *
 * Bytes pass through untouched; only whole connections are held, reset or cut,
 * the way the network does it. The agent's code is not touched.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

type Pair = { client: Socket; hall: Socket; websocket: boolean; request?: string; awaiting: boolean };

const REQUEST_LINE = /^([A-Z]+ \S+) HTTP\/1\.[01]\r\n/;

export class HallLine {
  readonly url: string;
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  #state: 'up' | 'frozen' | 'answers-lost' | 'http-down' = 'up';
  /** socket.io connections opened through the line so far: a reconnect shows as one more. */
  websocketsOpened = 0;
  #lastHttp = Date.now();
  /** The HTTP requests (`POST /api/v1/tickets`) whose connection a fault cut, in order: proof of which calls met the fault. */
  readonly cuts: string[] = [];

  private constructor(server: Server, url: string) {
    this.#server = server;
    this.url = url;
  }

  /** Opens a line on an ephemeral loopback port to the hall at `hallUrl` (http://host:port). */
  static async open(hallUrl: string): Promise<HallLine> {
    const target = new URL(hallUrl);
    let line: HallLine | undefined;
    const server = createServer((client) => line!.#accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    line = new HallLine(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return line;
  }

  /**
   * The hall stops answering: every HTTP request is reset, and the
   * socket.io connections already open are held silent, so the agent's link
   * still reports the hall online.
   */
  freeze(): void {
    this.#state = 'frozen';
  }

  /**
   * HTTP requests are reset while the socket.io connection carries on
   * untouched: a request that times out or meets a reset while the hall is
   * alive. `httpUp()` ends it without dropping anything.
   */
  httpDown(): void {
    this.#state = 'http-down';
  }

  httpUp(): void {
    if (this.#state === 'http-down') this.#state = 'up';
  }

  /**
   * The hall goes down just after committing: it still receives and commits
   * each HTTP request, but the connection is reset as the answer starts back.
   */
  loseAnswers(): void {
    this.#state = 'answers-lost';
  }

  /**
   * The hall is back, as after a restart: the connections held through the
   * fault are dropped (so socket.io reconnects) and traffic flows again.
   */
  restore(): void {
    const held = this.#state === 'up' ? [] : [...this.#pairs].filter((p) => p.websocket);
    this.#state = 'up';
    for (const pair of held) this.#cut(pair);
  }

  /**
   * Resolves once no HTTP request has been in flight for `ms` (the agent's
   * background chores, such as topping up leases, are over), so a fault
   * staged next meets the request a test makes and not one of those.
   */
  async quiet(ms = 300, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.#pairs].some((p) => p.awaiting) || Date.now() - this.#lastHttp < ms) {
      if (Date.now() > deadline) throw new Error('the line to the hall never went quiet');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) this.#cut(pair);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket, target: URL): void {
    const hall = connect(Number(target.port), target.hostname);
    const pair: Pair = { client, hall, websocket: false, awaiting: false };
    let first = true;
    this.#pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        // socket.io runs over one upgraded connection; everything else is a plain HTTP request.
        pair.websocket = /^upgrade:\s*websocket/im.test(chunk.toString('latin1'));
        if (pair.websocket) this.websocketsOpened++;
      }
      const request = pair.websocket ? null : REQUEST_LINE.exec(chunk.toString('latin1'));
      if (request) {
        pair.request = request[1];
        pair.awaiting = true;
        this.#lastHttp = Date.now();
      }
      if (this.#state === 'frozen' || (this.#state === 'http-down' && !pair.websocket)) {
        if (!pair.websocket) this.#cut(pair, true);
        return;
      }
      hall.write(chunk);
    });
    hall.on('data', (chunk: Buffer) => {
      if (this.#state === 'frozen') return;
      if (this.#state === 'answers-lost' && !pair.websocket) {
        this.#cut(pair, true);
        return;
      }
      if (!pair.websocket) {
        pair.awaiting = false;
        this.#lastHttp = Date.now();
      }
      client.write(chunk);
    });
    const end = () => this.#cut(pair);
    client.on('close', end);
    hall.on('close', end);
    client.on('error', end);
    hall.on('error', end);
  }

  #cut(pair: Pair, byFault = false): void {
    if (!this.#pairs.delete(pair)) return;
    if (byFault && pair.awaiting && pair.request) this.cuts.push(pair.request);
    // A reset, not a polite close: what a request meets when the hall dies under it.
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (!pair.hall.destroyed) pair.hall.destroy();
  }
}
