/**
 * Caller keypads (呼叫器) and evaluators (评价器) report through events the
 * host polls for: each poll carries the last event sequence number the host
 * has seen, the device drops everything up to it and answers with its oldest
 * remaining event (or nothing). A lost answer is simply asked for again, and
 * a repeated answer is recognised by its sequence number, so a key press is
 * delivered exactly once.
 */
import { EventEmitter } from 'node:events';
import { DisconnectedError, DriverError } from '../errors.ts';
import { checkAddress, sleep, type Rs485Bus } from './bus.ts';
import { CMD, decodeEvent, gbBytes, type DeviceEvent, type KeypadKey } from './codes.ts';

/** Per-address sequence bookkeeping shared by keypads and evaluators. */
export class EventPoller {
  readonly #bus: Rs485Bus;
  readonly #lastSeq = new Map<number, number>();

  constructor(bus: Rs485Bus) {
    this.#bus = bus;
  }

  /** One poll of `address`: its next new event, or undefined. */
  async poll(address: number, timeoutMs?: number): Promise<DeviceEvent | undefined> {
    const last = this.#lastSeq.get(address) ?? 0;
    const answer = await this.#bus.request(address, CMD.poll, [last], timeoutMs);
    const event = decodeEvent(answer.data);
    if (!event || event.seq === last) return undefined;
    this.#lastSeq.set(address, event.seq);
    return event;
  }
}

export interface KeyPress {
  address: number;
  key: KeypadKey;
  /** The window a ticket is transferred to (transfer only). */
  target?: string;
}

export interface KeypadEvents {
  key: [press: KeyPress];
  /** A keypad stopped answering (after `missesBeforeSilent` polls in a row), or answered garbage. */
  error: [error: DriverError, address: number];
  /** A keypad that was silent answers again. */
  back: [address: number];
}

export interface KeypadListenerOptions {
  addresses: readonly number[];
  /** Pause between polling rounds, ms (default 50). */
  intervalMs?: number;
  /** Polls without answer before an error is reported (default 3). */
  missesBeforeSilent?: number;
  /** Poll answer timeout, ms (default: the bus's). */
  timeoutMs?: number;
}

/** Polls the keypads on a bus and emits their key presses. */
export class KeypadListener extends EventEmitter<KeypadEvents> {
  readonly #bus: Rs485Bus;
  readonly #poller: EventPoller;
  readonly #options: KeypadListenerOptions;
  readonly #misses = new Map<number, number>();
  #running = false;
  #done: Promise<void> = Promise.resolve();

  constructor(bus: Rs485Bus, options: KeypadListenerOptions, poller = new EventPoller(bus)) {
    super();
    if (options.addresses.length === 0) throw new TypeError('at least one keypad address is needed');
    options.addresses.forEach(checkAddress);
    this.#bus = bus;
    this.#poller = poller;
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#loop();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#done;
  }

  /** Shows text on a keypad's own display (e.g. the number being served and how many wait). */
  async display(address: number, text: string): Promise<void> {
    await this.#bus.request(checkAddress(address), CMD.keypadDisplay, gbBytes(text, 64));
  }

  async #loop(): Promise<void> {
    const limit = this.#options.missesBeforeSilent ?? 3;
    while (this.#running) {
      for (const address of this.#options.addresses) {
        if (!this.#running) break;
        try {
          const ev = await this.#poller.poll(address, this.#options.timeoutMs);
          if ((this.#misses.get(address) ?? 0) >= limit) this.emit('back', address);
          this.#misses.set(address, 0);
          if (ev?.type === 'key') {
            const press: KeyPress = { address, key: ev.key };
            if (ev.target !== undefined) press.target = ev.target;
            this.emit('key', press);
          }
        } catch (err) {
          if (err instanceof DisconnectedError) {
            await sleep(100);
            continue;
          }
          const error = err instanceof DriverError ? err : new DriverError('INTERNAL', (err as Error).message);
          if ('timeout' in error) {
            const n = (this.#misses.get(address) ?? 0) + 1;
            this.#misses.set(address, n);
            if (n === limit) this.#report(new DriverError('KEYPAD_SILENT', `keypad at address ${address} does not answer (${n} polls)`), address);
          } else this.#report(error, address);
        }
      }
      await sleep(this.#options.intervalMs ?? 50);
    }
  }

  #report(error: DriverError, address: number): void {
    if (this.listenerCount('error') > 0) this.emit('error', error, address);
  }
}
