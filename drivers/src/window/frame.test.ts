import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, EventDecodeError, KEY_CODES, RATING_REASONS, type DeviceEvent } from './codes.ts';
import { BusFramer, crc16Modbus, encodeBusFrame, type BusFramerEvent } from './frame.ts';
import { asciiLineLedProtocol, genericLedProtocol } from './led.ts';

const hex = (b: Uint8Array) =>
  Buffer.from(b)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
const frames = (evs: BusFramerEvent[]) => evs.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));

describe('generic RS-485 frame', () => {
  it('uses CRC-16/MODBUS: the textbook read-registers request 01 03 00 00 00 0A has CRC C5 CD', () => {
    const crc = crc16Modbus([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a]);
    expect([crc & 0xff, crc >> 8]).toEqual([0xc5, 0xcd]);
  });

  it('a poll of address 3 with nothing seen yet is 02 03 20 01 00, the CRC low byte first, and 03', () => {
    const f = encodeBusFrame(3, 0x20, [0]);
    const crc = crc16Modbus([3, 0x20, 1, 0]);
    expect(hex(f)).toBe(`02 03 20 01 00 ${hex(Uint8Array.of(crc & 0xff, crc >> 8))} 03`);
  });

  it('the generic LED family sends blink flag, a length-prefixed number and the GB18030 message', () => {
    const out = genericLedProtocol.show(5, { number: 'A012', message: '请到5号窗口' }) as { cmd: number; data: Uint8Array };
    expect(out.cmd).toBe(0x10);
    // 请 C7EB 到 B5BD 5 35 号 BAC5 窗 B4B0 口 BFDA
    expect(hex(out.data)).toBe('00 04 41 30 31 32 C7 EB B5 BD 35 BA C5 B4 B0 BF DA');
  });

  it('the ascii-line LED family is $A<addr>,<number>,<message>*<XOR>CRLF', () => {
    const line = asciiLineLedProtocol.show(7, { number: 'A012', message: 'GO' }) as Uint8Array;
    const payload = Buffer.from('A007,A012,GO');
    let x = 0;
    for (const b of payload) x ^= b;
    expect(Buffer.from(line).toString('latin1')).toBe(`$A007,A012,GO*${x.toString(16).toUpperCase().padStart(2, '0')}\r\n`);
  });

  it('the ascii-line family keeps its separators out of the text', () => {
    const line = Buffer.from(asciiLineLedProtocol.show(1, { number: 'A,1', message: 'x*y$z' }) as Uint8Array).toString('latin1');
    expect(line.startsWith('$A001,A 1,x y z*')).toBe(true);
  });
});

describe('bus framer', () => {
  const a = encodeBusFrame(1, 0xa0, [5, 1]);
  const b = encodeBusFrame(2, 0x90, [0]);

  it('finds frames split across chunks and several in one chunk', () => {
    const f = new BusFramer();
    const joined = Uint8Array.from([...a, ...b]);
    const out = [...frames(f.push(joined.subarray(0, 3))), ...frames(f.push(joined.subarray(3, 12))), ...frames(f.push(joined.subarray(12)))];
    expect(out.map((x) => x.address)).toEqual([1, 2]);
    expect([...out[0]!.data]).toEqual([5, 1]);
  });

  it('skips garbage and a collision (bad CRC), and still finds the good frame behind them', () => {
    const f = new BusFramer();
    const broken = a.slice();
    broken[5] ^= 0xff;
    const evs = f.push(Uint8Array.from([0xff, 0x13, ...broken, ...b]));
    expect(frames(evs).map((x) => x.address)).toEqual([2]);
    expect(evs.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.error.kind)).toContain('crc');
    expect(f.buffered).toBe(0);
  });

  it('an absurd length is rejected at once instead of waiting for 255 bytes', () => {
    const f = new BusFramer();
    const evs = f.push(Uint8Array.of(0x02, 0x01, 0x20, 0xf0));
    expect(evs.some((e) => e.kind === 'error' && e.error.kind === 'length')).toBe(true);
  });
});

describe('keypad and evaluator events', () => {
  it.each(Object.keys(KEY_CODES))('the %s key round-trips', (key) => {
    const e = (key === 'transfer' ? { type: 'key', seq: 9, key, target: '12' } : { type: 'key', seq: 9, key }) as DeviceEvent;
    expect(decodeEvent(encodeEvent(e))).toEqual(e);
  });

  it('an empty answer means no event', () => {
    expect(decodeEvent(new Uint8Array(0))).toBeUndefined();
  });

  it('a rating of 1 or 2 carries a reason; 3 to 5 do not need one', () => {
    expect(decodeEvent(Uint8Array.of(1, 0x40, 2, 4))).toEqual({ type: 'rating', seq: 1, level: 2, reasonCode: 4 });
    expect(decodeEvent(Uint8Array.of(1, 0x40, 5))).toEqual({ type: 'rating', seq: 1, level: 5 });
    expect(() => decodeEvent(Uint8Array.of(1, 0x40, 1))).toThrow(EventDecodeError);
    expect(() => decodeEvent(Uint8Array.of(1, 0x40, 6))).toThrow(EventDecodeError);
    expect(RATING_REASONS[4]!.zh).toBe('办事效率低');
  });

  it('unknown codes, stray parameters and bad transfer targets are EventDecodeErrors', () => {
    expect(() => decodeEvent(Uint8Array.of(1, 0x7f))).toThrow(EventDecodeError);
    expect(() => decodeEvent(Uint8Array.of(1, 0x01, 0x00))).toThrow(EventDecodeError);
    expect(() => decodeEvent(Uint8Array.of(1, 0x07))).toThrow(EventDecodeError);
    expect(() => decodeEvent(Uint8Array.of(1))).toThrow(EventDecodeError);
  });
});
