/**
 * A byte-level GA 467 reader: it parses request frames from whatever
 * transport it sits on (the device end of a FakeTransport in-process, or
 * one end of a socat pty pair) and answers as a reader would. Faults can be
 * switched on to exercise drivers: bad checksums, line noise, slow or
 * truncated replies, a failed SAM.
 */
import { EventEmitter } from 'node:events';
import { encodeCardData, commandName, type CommandName } from '../idcard/commands.ts';
import { encodeResponse, parseRequest } from '../idcard/frame.ts';
import { Ga467Framer } from '../idcard/framer.ts';
import type { CardType, IdCard } from '../idcard/types.ts';
import type { Transport } from '../transport/transport.ts';
import { SAMPLE_CARDS, samplePhoto } from './cards.ts';
import { encodeTextBlock } from './text-block-encode.ts';

export type SimFault = 'bad-checksum' | 'garbage' | 'slow' | 'truncated' | 'sam-failure';
export const SIM_FAULTS: readonly SimFault[] = ['bad-checksum', 'garbage', 'slow', 'truncated', 'sam-failure'];

export interface IdReaderSimOptions {
  /** The card on the reader at start; null for none. */
  card?: CardType | IdCard | null;
  /**
   * What find-card answers after a card was read and is still on the reader.
   * Many readers say 0x80 until it is lifted and put back ('not-found');
   * others keep saying 0x9F ('found'), leaving it to the driver not to read twice.
   */
  findAfterRead?: 'found' | 'not-found';
  /** Delay of the 'slow' fault, ms. */
  slowMs?: number;
  /** Every answer is delayed this long, ms (0: as fast as possible). */
  latencyMs?: number;
  fingerprint?: Uint8Array;
  newestAddress?: string;
}

interface ActiveFault {
  times: number;
  commands: readonly CommandName[] | undefined;
}

export interface SimEvents {
  request: [name: CommandName | 'unknown'];
  /** Just before the answer is written; `at` is performance.now(). */
  response: [name: CommandName, frame: Uint8Array, at: number];
}

export class IdReaderSimulator extends EventEmitter<SimEvents> {
  readonly #port: Transport;
  readonly #framer = new Ga467Framer({ minLen: 3 });
  readonly #options: IdReaderSimOptions;
  readonly #faults = new Map<SimFault, ActiveFault>();
  #card: IdCard | undefined;
  #photo = samplePhoto();
  #read = false;
  #samId = Uint8Array.of(5, 0, 1, 0, 0x92, 0xb8, 0x32, 0x01, 0x39, 0x30, 0, 0, 0xd2, 0x02, 0x96, 0x49);
  /** Every command received, in order. */
  readonly received: (CommandName | 'unknown')[] = [];

  constructor(port: Transport, options: IdReaderSimOptions = {}) {
    super();
    this.#port = port;
    this.#options = options;
    if (options.card) this.insert(options.card);
    port.on('data', this.#onData);
  }

  get card(): IdCard | undefined {
    return this.#card;
  }

  /** Places a card on the reader. */
  insert(card: CardType | IdCard, photo?: Uint8Array): void {
    this.#card = typeof card === 'string' ? SAMPLE_CARDS[card] : card;
    if (!this.#card) throw new TypeError(`unknown card type ${String(card)}`);
    this.#photo = photo ?? samplePhoto();
    this.#read = false;
  }

  /** Lifts the card off the reader. */
  remove(): void {
    this.#card = undefined;
    this.#read = false;
  }

  /** Switches a fault on for the next `times` answers (to `commands` only, if given). */
  fault(fault: SimFault, options: { times?: number; commands?: readonly CommandName[] } = {}): void {
    if (!SIM_FAULTS.includes(fault)) throw new TypeError(`unknown fault ${String(fault)}`);
    this.#faults.set(fault, { times: options.times ?? Infinity, commands: options.commands });
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  detach(): void {
    this.#port.off('data', this.#onData);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    for (const ev of this.#framer.push(chunk)) {
      if (ev.kind === 'error') {
        // A real reader answers a frame it cannot parse with 0x10 or 0x11.
        if (ev.error.name === 'ChecksumError') void this.#send('findCard', encodeResponse(0x10));
        continue;
      }
      const req = parseRequest(ev.body);
      const name = commandName(req.cmd, req.para);
      this.received.push(name ?? 'unknown');
      this.emit('request', name ?? 'unknown');
      if (!name) {
        void this.#send('findCard', encodeResponse(0x21));
        continue;
      }
      void this.#send(name, this.#answer(name));
    }
  };

  #answer(name: CommandName): Uint8Array {
    if (this.#take('sam-failure', name)) return encodeResponse(0x60);
    const card = this.#card;
    switch (name) {
      case 'resetSam':
      case 'samStatus':
        return encodeResponse(0x90);
      case 'samId':
        return encodeResponse(0x90, this.#samId);
      case 'findCard':
        if (!card || (this.#read && this.#options.findAfterRead === 'not-found')) return encodeResponse(0x80);
        return encodeResponse(0x9f, new Uint8Array(4));
      case 'selectCard':
        if (!card) return encodeResponse(0x81);
        return encodeResponse(0x90, Uint8Array.of(0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78));
      case 'readText':
      case 'readWithFingerprint': {
        if (!card) return encodeResponse(0x41);
        this.#read = true;
        const parts = { text: encodeTextBlock(card), photo: this.#photo };
        if (name === 'readWithFingerprint') Object.assign(parts, { fingerprint: this.#options.fingerprint ?? new Uint8Array(1024).fill(0x5a) });
        return encodeResponse(0x90, encodeCardData(parts));
      }
      case 'readNewestAddress': {
        if (!card) return encodeResponse(0x41);
        if (!this.#options.newestAddress) return encodeResponse(0x91);
        const data = new Uint8Array(70);
        const text = this.#options.newestAddress.padEnd(35, ' ');
        for (let i = 0; i < 35; i++) {
          data[2 * i] = text.charCodeAt(i) & 0xff;
          data[2 * i + 1] = text.charCodeAt(i) >> 8;
        }
        return encodeResponse(0x90, data);
      }
    }
  }

  #take(fault: SimFault, name: CommandName): boolean {
    const f = this.#faults.get(fault);
    if (!f || (f.commands && !f.commands.includes(name))) return false;
    f.times--;
    if (f.times <= 0) this.#faults.delete(fault);
    return true;
  }

  async #send(name: CommandName, frame: Uint8Array): Promise<void> {
    let out = frame;
    if (this.#take('bad-checksum', name)) {
      out = frame.slice();
      out[out.length - 1] ^= 0x5a;
    }
    if (this.#take('truncated', name)) out = out.subarray(0, Math.max(7, out.length >> 1));
    const garbage = this.#take('garbage', name);
    const delay = (this.#take('slow', name) ? (this.#options.slowMs ?? 1500) : 0) + (this.#options.latencyMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (!this.#port.isOpen) return;
    try {
      if (garbage) await this.#port.write(Uint8Array.of(0x13, 0xaa, 0xaa, 0x00, 0xff, 0x96, 0x69, 0x42));
      this.emit('response', name, out, performance.now());
      await this.#port.write(out);
    } catch {
      // The host went away mid-answer: nothing to tell anyone.
    }
  }
}
