/**
 * Streaming GA 467 framer: feed it chunks as they arrive, get complete frame
 * bodies and typed errors back. It copes with frames split over many chunks,
 * several frames in one chunk, line noise between frames, truncated frames,
 * absurd lengths and bad checksums, and it never throws on input.
 */
import { afterHeld } from '../bytes.ts';
import { ChecksumError, DEFAULT_MAX_LEN, FrameLengthError, GarbageError, HEADER_LENGTH, PREAMBLE, type FrameError, xor } from './frame.ts';

export type FramerEvent = { kind: 'frame'; body: Uint8Array; frame: Uint8Array } | { kind: 'error'; error: FrameError };

export interface FramerOptions {
  /** Largest LEN accepted; anything above is treated as a corrupt header. */
  maxLen?: number;
  /** Smallest LEN accepted: 3 for requests (CMD PARA CHK), 4 for responses. */
  minLen?: number;
}

export class Ga467Framer {
  #buf: Uint8Array = new Uint8Array(0);
  readonly #maxLen: number;
  readonly #minLen: number;
  /**
   * After a bad checksum we resume one byte past the bad preamble, so a
   * truncated frame cannot swallow the good frame behind it. The rest of
   * the bad frame is then skipped as garbage; this counter keeps those bytes
   * from being reported a second time.
   */
  #quiet = 0;

  constructor(options: FramerOptions = {}) {
    const maxLen = options.maxLen ?? DEFAULT_MAX_LEN;
    const minLen = options.minLen ?? 3;
    if (!Number.isInteger(maxLen) || maxLen < 4 || maxLen > 0xffff) throw new TypeError(`maxLen must be an integer in 4..65535, got ${maxLen}`);
    if (!Number.isInteger(minLen) || minLen < 3 || minLen > maxLen) throw new TypeError(`minLen must be an integer in 3..maxLen, got ${minLen}`);
    this.#maxLen = maxLen;
    this.#minLen = minLen;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get buffered(): number {
    return this.#buf.length;
  }

  /** Drops any partial frame, e.g. after a command timed out or the port reopened. */
  reset(): void {
    this.#buf = new Uint8Array(0);
    this.#quiet = 0;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    const events: FramerEvent[] = [];
    const buf = afterHeld(this.#buf, chunk);
    let pos = 0;
    for (;;) {
      const start = findPreamble(buf, pos);
      const skipEnd = start === -1 ? keepTail(buf, pos) : start;
      if (skipEnd > pos) this.#skip(buf, pos, skipEnd, events);
      if (start === -1) {
        pos = skipEnd;
        break;
      }
      pos = start;
      if (buf.length - pos < HEADER_LENGTH) break;
      const len = (buf[pos + 5]! << 8) | buf[pos + 6]!;
      if (len < this.#minLen || len > this.#maxLen) {
        events.push({ kind: 'error', error: new FrameLengthError(len, `outside ${this.#minLen}..${this.#maxLen}`) });
        this.#quiet = 0;
        pos += 1;
        continue;
      }
      const end = pos + HEADER_LENGTH + len;
      if (buf.length < end) break;
      const expected = xor(buf, pos + 5, end - 1);
      const actual = buf[end - 1]!;
      if (expected !== actual) {
        events.push({ kind: 'error', error: new ChecksumError(expected, actual) });
        this.#quiet = end - pos - 1;
        pos += 1;
        continue;
      }
      // Copy out so callers may keep the body after the next push.
      const frame = buf.slice(pos, end);
      events.push({ kind: 'frame', body: frame.subarray(HEADER_LENGTH, frame.length - 1), frame });
      this.#quiet = 0;
      pos = end;
    }
    this.#buf = pos >= buf.length ? new Uint8Array(0) : buf.slice(pos);
    return events;
  }

  #skip(buf: Uint8Array, from: number, to: number, events: FramerEvent[]): void {
    const quiet = Math.min(this.#quiet, to - from);
    this.#quiet -= quiet;
    from += quiet;
    if (to <= from) return;
    let padding = true;
    for (let i = from; i < to; i++) {
      if (buf[i] !== 0) {
        padding = false;
        break;
      }
    }
    events.push({ kind: 'error', error: new GarbageError(to - from, padding) });
  }
}

function findPreamble(buf: Uint8Array, from: number): number {
  const last = buf.length - PREAMBLE.length;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== 0xaa) continue;
    for (let j = 1; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * With no full preamble in sight, everything may be discarded except a tail
 * that could still be the start of one (e.g. `AA AA` at the end of a chunk).
 */
function keepTail(buf: Uint8Array, from: number): number {
  for (let keep = Math.min(PREAMBLE.length - 1, buf.length - from); keep > 0; keep--) {
    let match = true;
    for (let j = 0; j < keep; j++) {
      if (buf[buf.length - keep + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return buf.length - keep;
  }
  return buf.length;
}
