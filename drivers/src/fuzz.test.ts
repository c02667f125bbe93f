/**
 * Property-based fuzzing of every decoder: whatever bytes arrive, a decoder
 * returns a value or throws one of its typed errors, and it neither hangs
 * nor hoards memory. The normal run generates about 110k inputs for the
 * ID-card and scanner decoders and about 115k for the printer status and
 * window-peripheral decoders;
 * HALL_FUZZ_RUNS sets the number of runs per property for longer sessions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from './bytes.ts';
import { encodeFrame, FrameError, HEADER_LENGTH } from './idcard/frame.ts';
import { Ga467Framer } from './idcard/framer.ts';
import { decodeTextBlock, TextBlockError } from './idcard/text-block.ts';
import { SAMPLE_CARDS } from './sim/cards.ts';
import { encodeTextBlock } from './sim/text-block-encode.ts';
import { HidPosAssembler, HidPosReportError, encodeHidPosReports, parseHidPosReport } from './scanner/hid-pos.ts';
import { LineSplitter } from './scanner/line-splitter.ts';
import { classifyWedgeInput, WedgeDetector } from './scanner/wedge.ts';
import { EscPosParser } from './printer/parse.ts';
import {
  StatusByteError,
  StatusReader,
  decodeAsb,
  decodePaperSensor,
  decodeRealtime,
  encodeAsb,
  encodeRealtime,
  healthyStatus,
  type RealtimeKind,
} from './printer/status.ts';
import { decodeEvent, encodeEvent, EventDecodeError, KEY_CODES, type DeviceEvent } from './window/codes.ts';
import { BusFrameError, BusFramer, encodeBusFrame, MAX_DATA } from './window/frame.ts';

const override = Number(process.env.HALL_FUZZ_RUNS);
const runs = (n: number) => (Number.isInteger(override) && override > 0 ? override : n);
const FUZZ_TIMEOUT = Number.isInteger(override) && override > 0 ? 3_600_000 : 30_000;

/** Cuts a byte string at arbitrary points, as a serial driver would deliver it. */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

/** Runs `decode`, which may throw nothing but an `errorType`; what it returns, `check` examines. */
function decodesOrThrows<T>(decode: () => T, errorType: abstract new (...args: never[]) => Error, check: (value: T) => void = () => {}): void {
  let value: T;
  try {
    value = decode();
  } catch (err) {
    expect(err).toBeInstanceOf(errorType);
    return;
  }
  check(value);
}

// Bytes biased towards the preamble so that near-frames are common.
const wireByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xaa, 0x96, 0x69, 0x00, 0x05, 0x08));
const wireBytes = (max: number) => fc.array(wireByte, { maxLength: max }).map((a) => Uint8Array.from(a));

describe('fuzz: GA 467 framer', () => {
  it('valid frames separated by noise without 0xAA come out intact and in order, however the stream is cut', { timeout: FUZZ_TIMEOUT }, () => {
    const segment = fc.oneof(
      fc.uint8Array({ minLength: 2, maxLength: 48 }).map((body) => ({ frame: true as const, body })),
      fc.uint8Array({ maxLength: 24 }).map((g) => ({ frame: false as const, body: g.filter((b) => b !== 0xaa) })),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (segments, cuts) => {
        const stream = concatBytes(segments.map((s) => (s.frame ? encodeFrame(s.body) : s.body)));
        const f = new Ga467Framer();
        const bodies: number[][] = [];
        for (const chunk of cut(stream, cuts)) {
          for (const ev of f.push(chunk)) {
            if (ev.kind === 'frame') bodies.push([...ev.body]);
            else expect(ev.error).toBeInstanceOf(FrameError);
          }
        }
        expect(bodies).toEqual(segments.filter((s) => s.frame).map((s) => [...s.body]));
      }),
      { numRuns: runs(30_000) },
    );
  });

  it('arbitrary bytes only ever yield frames or FrameErrors, and the buffer stays bounded', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(wireBytes(96), { maxLength: 6 }), (chunks) => {
        const f = new Ga467Framer({ maxLen: 300 });
        for (const chunk of chunks) {
          for (const ev of f.push(chunk)) {
            if (ev.kind === 'error') expect(ev.error).toBeInstanceOf(FrameError);
            else expect(ev.frame.length).toBe(ev.body.length + HEADER_LENGTH + 1);
          }
          expect(f.buffered).toBeLessThanOrEqual(300 + HEADER_LENGTH);
        }
      }),
      { numRuns: runs(25_000) },
    );
  });
});

describe('fuzz: text block decoder', () => {
  const blocks = Object.values(SAMPLE_CARDS).map((c) => encodeTextBlock(c));

  it('random 256-byte blocks decode or throw TextBlockError', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (block) => decodesOrThrows(() => decodeTextBlock(block), TextBlockError)),
      { numRuns: runs(10_000) },
    );
  });

  it('valid blocks with a few bytes changed decode or throw TextBlockError', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...blocks),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        (base, edits) => {
          const block = base.slice();
          for (const [at, value] of edits) block[at] = value;
          decodesOrThrows(
            () => decodeTextBlock(block),
            TextBlockError,
            (card) => {
              expect(['resident', 'foreign', 'foreign2023', 'hmt']).toContain(card.cardType);
              expect(card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            },
          );
        },
      ),
      { numRuns: runs(15_000) },
    );
  });
});

describe('fuzz: HID POS reports', () => {
  it('arbitrary reports parse or throw HidPosReportError, and assembly never throws anything else', { timeout: FUZZ_TIMEOUT }, () => {
    const report = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.uint8Array({ minLength: 64, maxLength: 64 }).map((r) => {
        r[0] = 2;
        return r;
      }),
    );
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 5 }), fc.constantFrom('utf-8' as const, 'gb18030' as const), (reports, encoding) => {
        const a = new HidPosAssembler({ encoding, maxLength: 200 });
        for (const r of reports) {
          decodesOrThrows(
            () => {
              parseHidPosReport(r);
              return a.push(r);
            },
            HidPosReportError,
            (scan) => {
              if (scan) expect(typeof scan.text).toBe('string');
            },
          );
        }
      }),
      { numRuns: runs(12_000) },
    );
  });

  it('any UTF-8 text survives being split into reports and assembled again', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        const a = new HidPosAssembler();
        let scan;
        for (const r of encodeHidPosReports(new TextEncoder().encode(text))) scan = a.push(r);
        expect(scan?.text).toBe(text);
      }),
      { numRuns: runs(5_000) },
    );
  });
});

describe('fuzz: keyboard wedge classifier and line splitter', () => {
  const key = fc.record({
    key: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), fc.constant('Enter'), fc.constant('Shift')),
    gap: fc.integer({ min: 0, max: 200 }),
  });

  it('any key sequence is classified as scan or typing, and a scan obeys the thresholds', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 30 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 120 }), (raw, minChars, maxGapMs) => {
        let at = 0;
        const keys = raw.map((k) => ({ key: k.key, at: (at += k.gap) }));
        const v = classifyWedgeInput(keys, { minChars, maxGapMs });
        if (v.kind === 'scan') {
          expect(keys.at(-1)!.key).toBe('Enter');
          expect([...v.text].length).toBeGreaterThanOrEqual(minChars);
          for (let i = 1; i < keys.length; i++) expect(keys[i]!.at - keys[i - 1]!.at).toBeLessThan(maxGapMs);
        }
        const d = new WedgeDetector({ minChars, maxGapMs });
        for (const k of keys) d.push(k);
      }),
      { numRuns: runs(8_000) },
    );
  });

  it('the line splitter never throws and never returns a line containing its terminator', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), fc.constantFrom('\r', '\n', '\r\n'), (chunks, terminator) => {
        const s = new LineSplitter({ terminator, maxLength: 32 });
        const t = new TextEncoder().encode(terminator);
        for (const c of chunks) {
          for (const ev of s.push(c)) {
            if (ev.kind !== 'line') continue;
            const line = ev.bytes;
            for (let i = 0; i + t.length <= line.length; i++) expect(t.every((b, j) => line[i + j] === b)).toBe(false);
          }
        }
      }),
      { numRuns: runs(5_000) },
    );
  });
});

describe('fuzz: printer status decoders', () => {
  it('every byte decodes as a DLE EOT answer or throws StatusByteError, for every n', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 255 }), (n, byte) => {
        decodesOrThrows(
          () => decodeRealtime(n as RealtimeKind, byte),
          StatusByteError,
          (flags) => {
            expect((byte & 0x93) === 0x12).toBe(true);
            for (const v of Object.values(flags)) expect(typeof v).toBe('boolean');
          },
        );
        decodesOrThrows(() => decodePaperSensor(byte), StatusByteError);
      }),
      { numRuns: runs(20_000) },
    );
  });

  it('any four bytes decode as an ASB block or throw StatusByteError', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (block) => decodesOrThrows(() => decodeAsb(block), StatusByteError)),
      { numRuns: runs(10_000) },
    );
  });

  it('the status reader never throws, holds at most 3 bytes, and finds every answer a printer sent between noise', { timeout: FUZZ_TIMEOUT }, () => {
    const status = fc.record({ coverOpen: fc.boolean(), paperEnd: fc.boolean(), paperNearEnd: fc.boolean(), online: fc.boolean(), cutterError: fc.boolean() });
    // Noise that cannot be taken for a status byte: bit 7 set.
    const noise = fc.uint8Array({ maxLength: 6 }).map((a) => a.map((b) => b | 0x80));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, status, fc.integer({ min: 1, max: 4 }), fc.boolean()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, cuts) => {
          const expected: string[] = [];
          const bytes: number[] = [];
          for (const [junk, flags, n, asb] of parts) {
            bytes.push(...junk);
            const s = { ...healthyStatus(), ...flags };
            if (asb) {
              bytes.push(...encodeAsb(s));
              expected.push('asb');
            } else {
              bytes.push(encodeRealtime(n as RealtimeKind, s));
              expected.push('realtime');
            }
          }
          const r = new StatusReader();
          const got: string[] = [];
          for (const chunk of cut(Uint8Array.from(bytes), cuts)) {
            for (const ev of r.push(chunk)) if (ev.kind === 'asb' || ev.kind === 'realtime') got.push(ev.kind);
            expect(r.buffered).toBeLessThanOrEqual(3);
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: runs(23_000) },
    );
  });

  it('the status reader and the ESC/POS parser survive arbitrary bytes', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 5 }), (chunks) => {
        const r = new StatusReader();
        const p = new EscPosParser({ maxBuffer: 4096 });
        for (const c of chunks) {
          r.push(c);
          p.push(c);
          expect(p.buffered).toBeLessThanOrEqual(4096 + 64);
        }
      }),
      { numRuns: runs(10_000) },
    );
  });
});

describe('fuzz: keypad and evaluator decoders', () => {
  const event: fc.Arbitrary<DeviceEvent> = fc.oneof(
    fc.record({
      type: fc.constant('key' as const),
      seq: fc.integer({ min: 1, max: 255 }),
      key: fc.constantFrom(...(Object.keys(KEY_CODES) as (keyof typeof KEY_CODES)[])).filter((k) => k !== 'transfer'),
    }),
    fc.record({
      type: fc.constant('key' as const),
      seq: fc.integer({ min: 1, max: 255 }),
      key: fc.constant('transfer' as const),
      target: fc.stringMatching(/^[0-9A-Z]{1,8}$/),
    }),
    fc.integer({ min: 1, max: 5 }).chain((level) =>
      fc.record({
        type: fc.constant('rating' as const),
        seq: fc.integer({ min: 1, max: 255 }),
        level: fc.constant(level),
        ...(level <= 2 ? { reasonCode: fc.integer({ min: 1, max: 6 }) } : {}),
      }),
    ),
  );

  it('arbitrary event data decodes or throws EventDecodeError', { timeout: FUZZ_TIMEOUT }, () => {
    const data = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.tuple(fc.nat(255), fc.constantFrom(0x01, 0x02, 0x06, 0x07, 0x40), fc.uint8Array({ maxLength: 4 })).map(([s, c, rest]) => Uint8Array.of(s, c, ...rest)),
    );
    fc.assert(
      fc.property(data, (d) =>
        decodesOrThrows(
          () => decodeEvent(d),
          EventDecodeError,
          (e) => {
            if (e) expect(decodeEvent(encodeEvent(e))).toEqual(e);
          },
        ),
      ),
      { numRuns: runs(30_000) },
    );
  });

  it('events framed on a noisy bus come out intact and in order, however the stream is cut', { timeout: FUZZ_TIMEOUT }, () => {
    const noise = fc.uint8Array({ maxLength: 10 }).map((a) => a.filter((b) => b !== 0x02));
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, event, fc.integer({ min: 1, max: 247 })), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const stream = concatBytes(parts.flatMap(([junk, e, address]) => [junk, encodeBusFrame(address, 0xa0, encodeEvent(e))]));
        const f = new BusFramer();
        const got: DeviceEvent[] = [];
        for (const chunk of cut(stream, cuts)) {
          for (const ev of f.push(chunk)) {
            if (ev.kind === 'frame') got.push(decodeEvent(ev.frame.data)!);
            else expect(ev.error).toBeInstanceOf(BusFrameError);
          }
          expect(f.buffered).toBeLessThanOrEqual(MAX_DATA + 7 + chunk.length);
        }
        expect(got).toEqual(parts.map(([, e]) => e));
      }),
      { numRuns: runs(12_000) },
    );
  });

  it('arbitrary bytes only ever yield frames or BusFrameErrors from the bus framer', { timeout: FUZZ_TIMEOUT }, () => {
    const busByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x02, 0x03, 0x00, 0xa0));
    fc.assert(
      fc.property(
        fc.array(
          fc.array(busByte, { maxLength: 80 }).map((a) => Uint8Array.from(a)),
          { maxLength: 6 },
        ),
        (chunks) => {
          const f = new BusFramer();
          for (const c of chunks) {
            for (const ev of f.push(c)) {
              if (ev.kind === 'error') expect(ev.error).toBeInstanceOf(BusFrameError);
              else expect(ev.raw.length).toBe(ev.frame.data.length + 7);
            }
          }
        },
      ),
      { numRuns: runs(10_000) },
    );
  });
});
