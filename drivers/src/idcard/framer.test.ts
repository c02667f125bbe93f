import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes.ts';
import { REQUEST_FRAMES } from './commands.ts';
import { ChecksumError, FrameLengthError, GarbageError, encodeResponse } from './frame.ts';
import { Ga467Framer, type FramerEvent } from './framer.ts';

const frames = (evs: FramerEvent[]) => evs.filter((e) => e.kind === 'frame').map((e) => (e.kind === 'frame' ? [...e.body] : []));
const errors = (evs: FramerEvent[]) => evs.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.error : undefined));

const found = encodeResponse(0x9f, new Uint8Array(4));
const big = encodeResponse(
  0x90,
  new Uint8Array(1284).map((_, i) => i * 7),
);

describe('Ga467Framer', () => {
  it('a frame split across three chunks is decoded once', () => {
    const f = new Ga467Framer();
    const evs = [...f.push(big.subarray(0, 3)), ...f.push(big.subarray(3, 700)), ...f.push(big.subarray(700))];
    expect(frames(evs)).toHaveLength(1);
    expect(errors(evs)).toHaveLength(0);
    expect(f.buffered).toBe(0);
  });

  it('a frame delivered one byte at a time is decoded once', () => {
    const f = new Ga467Framer();
    const evs = [...found].flatMap((b) => f.push(Uint8Array.of(b)));
    expect(frames(evs)).toEqual([[0, 0, 0x9f, 0, 0, 0, 0]]);
    expect(errors(evs)).toHaveLength(0);
  });

  it('two frames merged into one chunk come out as two frames in order', () => {
    const f = new Ga467Framer();
    const evs = f.push(concatBytes([found, REQUEST_FRAMES.findCard]));
    expect(frames(evs)).toEqual([
      [0, 0, 0x9f, 0, 0, 0, 0],
      [0x20, 0x01],
    ]);
  });

  it('garbage before a frame is reported once and the frame still decodes', () => {
    const f = new Ga467Framer();
    const evs = f.push(concatBytes([Uint8Array.of(1, 2, 0xaa, 0xaa, 3), found]));
    expect(frames(evs)).toHaveLength(1);
    const errs = errors(evs);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toBeInstanceOf(GarbageError);
    expect((errs[0] as GarbageError).skipped).toBe(5);
  });

  it('zero padding between frames is reported as padding, not as noise', () => {
    const f = new Ga467Framer();
    const errs = errors(f.push(concatBytes([found, new Uint8Array(20), found])));
    expect(errs).toHaveLength(1);
    expect((errs[0] as GarbageError).padding).toBe(true);
  });

  it('a preamble cut at the end of a chunk is kept for the next chunk', () => {
    const f = new Ga467Framer();
    const evs = [...f.push(concatBytes([Uint8Array.of(9, 9), found.subarray(0, 4)])), ...f.push(found.subarray(4))];
    expect(frames(evs)).toHaveLength(1);
  });

  it('a bad checksum is a ChecksumError and the next good frame decodes', () => {
    const bad = found.slice();
    bad[bad.length - 1] ^= 0xff;
    const f = new Ga467Framer();
    const evs = f.push(concatBytes([bad, found]));
    const errs = errors(evs);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toBeInstanceOf(ChecksumError);
    expect(frames(evs)).toHaveLength(1);
  });

  it('a truncated frame followed by a complete one costs one ChecksumError and the complete frame still decodes', () => {
    const f = new Ga467Framer();
    const evs = [...f.push(big.subarray(0, 500)), ...f.push(big), ...f.push(found)];
    expect(frames(evs)).toHaveLength(2);
    expect(frames(evs)[0]).toHaveLength(big.length - 8);
    expect(errors(evs)).toHaveLength(1);
    expect(errors(evs)[0]).toBeInstanceOf(ChecksumError);
  });

  it('a header claiming an absurd length is a FrameLengthError and resynchronises', () => {
    const f = new Ga467Framer({ maxLen: 2400 });
    const evs = f.push(concatBytes([Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff), found]));
    expect(errors(evs)[0]).toBeInstanceOf(FrameLengthError);
    expect(frames(evs)).toHaveLength(1);
  });

  it('a header claiming a length below the minimum is a FrameLengthError', () => {
    const f = new Ga467Framer({ minLen: 4 });
    const evs = f.push(concatBytes([Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01), found]));
    expect(errors(evs)[0]).toBeInstanceOf(FrameLengthError);
    expect(frames(evs)).toHaveLength(1);
  });

  it('reset drops a partial frame', () => {
    const f = new Ga467Framer();
    f.push(big.subarray(0, 100));
    expect(f.buffered).toBe(100);
    f.reset();
    expect(f.buffered).toBe(0);
    expect(frames(f.push(found))).toHaveLength(1);
  });

  it('a frame body stays intact after later pushes reuse the buffer', () => {
    const f = new Ga467Framer();
    const [ev] = f.push(found);
    f.push(concatBytes([Uint8Array.of(1, 2, 3), big]));
    expect(ev?.kind === 'frame' && [...ev.body]).toEqual([0, 0, 0x9f, 0, 0, 0, 0]);
  });

  it('bad options are TypeErrors', () => {
    expect(() => new Ga467Framer({ maxLen: 2 })).toThrow(TypeError);
    expect(() => new Ga467Framer({ minLen: 1 })).toThrow(TypeError);
  });
});
