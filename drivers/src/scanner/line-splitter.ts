/**
 * Splits a byte stream into lines at a configurable terminator (pure). CDC
 * scanners end each scan with CR, LF or CR LF depending on their setup.
 */
import { afterHeld } from '../bytes.ts';
import { DriverError, marked } from '../errors.ts';

export class LineTooLongError extends marked(DriverError, 'lineTooLong') {
  constructor(max: number) {
    super('SCANNER_LINE_TOO_LONG', `no terminator within ${max} bytes; discarded`);
  }
}

export type LineEvent = { kind: 'line'; bytes: Uint8Array } | { kind: 'error'; error: LineTooLongError };

export function terminatorBytes(terminator: string | Uint8Array): Uint8Array {
  const t = typeof terminator === 'string' ? new TextEncoder().encode(terminator) : terminator;
  if (t.length === 0) throw new TypeError('terminator must not be empty');
  return t;
}

export class LineSplitter {
  readonly #term: Uint8Array;
  readonly #max: number;
  #buf = new Uint8Array(0);
  #discarding = false;

  constructor(options: { terminator?: string | Uint8Array; maxLength?: number } = {}) {
    this.#term = terminatorBytes(options.terminator ?? '\r\n');
    this.#max = options.maxLength ?? 4096;
    if (!Number.isInteger(this.#max) || this.#max < 1) throw new TypeError(`maxLength must be a positive integer, got ${options.maxLength}`);
  }

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    const buf = afterHeld(this.#buf, chunk);
    let start = 0;
    for (let i = 0; i + this.#term.length <= buf.length; ) {
      if (this.#matches(buf, i)) {
        if (!this.#discarding) events.push({ kind: 'line', bytes: buf.slice(start, i) });
        this.#discarding = false;
        i += this.#term.length;
        start = i;
      } else i++;
    }
    let rest = buf.subarray(start);
    if (rest.length > this.#max + this.#term.length) {
      if (!this.#discarding) events.push({ kind: 'error', error: new LineTooLongError(this.#max) });
      this.#discarding = true;
      // Keep only what could be the start of a terminator.
      rest = rest.subarray(rest.length - (this.#term.length - 1));
    }
    this.#buf = rest.slice();
    return events;
  }

  #matches(buf: Uint8Array, at: number): boolean {
    for (let j = 0; j < this.#term.length; j++) if (buf[at + j] !== this.#term[j]) return false;
    return true;
  }
}
