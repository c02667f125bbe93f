import { describe, expect, it } from 'vitest';
import { REQUEST_FRAMES, decodeCardData, decodeSamId, encodeCardData } from './commands.ts';
import { ChecksumError, FrameLengthError, decodeFrame, encodeFrame, encodeResponse, parseResponse, xor } from './frame.ts';

const bytes = (hex: string) =>
  Uint8Array.from(
    hex
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  );
const hexOf = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');

describe('GA 467 request frames', () => {
  // The frames every reader manual and integration guide prints.
  it.each([
    ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
    ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
    ['readText', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
    ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
  ] as const)('%s is encoded as the published frame %s', (name, hex) => {
    expect(hexOf(REQUEST_FRAMES[name])).toBe(hex);
  });
});

describe('GA 467 response frames', () => {
  it('the published find-card success answer decodes to SW3 0x9F', () => {
    const body = decodeFrame(bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'));
    expect(parseResponse(body)).toMatchObject({ status: 0x9f, data: new Uint8Array(4) });
  });

  it('the published select-card and failure answers decode with their status codes', () => {
    expect(parseResponse(decodeFrame(bytes('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'))).status).toBe(0x90);
    expect(parseResponse(decodeFrame(bytes('AA AA AA 96 69 00 04 00 00 80 84'))).status).toBe(0x80);
    expect(parseResponse(decodeFrame(bytes('AA AA AA 96 69 00 04 00 00 81 85'))).status).toBe(0x81);
    expect(parseResponse(decodeFrame(bytes('AA AA AA 96 69 00 04 00 00 41 45'))).status).toBe(0x41);
  });

  it('the checksum is the XOR of the length and body bytes, not the preamble', () => {
    const f = encodeResponse(0x90, Uint8Array.of(1, 2, 3));
    expect(f[f.length - 1]).toBe(xor(f, 5, f.length - 1));
    expect(hexOf(encodeResponse(0x80))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
  });

  it('a frame with one flipped checksum bit is rejected as a ChecksumError', () => {
    const f = bytes('AA AA AA 96 69 00 04 00 00 80 85');
    expect(() => decodeFrame(f)).toThrow(ChecksumError);
    try {
      decodeFrame(f);
    } catch (e) {
      expect((e as ChecksumError).badChecksum).toBe(true);
      expect((e as ChecksumError).code).toBe('GA467_BAD_CHECKSUM');
    }
  });

  it('a frame whose LEN disagrees with its size is rejected as a FrameLengthError', () => {
    expect(() => decodeFrame(bytes('AA AA AA 96 69 00 05 00 00 80 84'))).toThrow(FrameLengthError);
    expect(() => decodeFrame(bytes('AA AA AA 96 69 00 02 00 00 80 84'))).toThrow(FrameLengthError);
  });

  it('a text+photo answer is 1295 bytes with LEN 05 08, as the manuals say', () => {
    const data = encodeCardData({ text: new Uint8Array(256), photo: new Uint8Array(1024) });
    const frame = encodeResponse(0x90, data);
    expect(frame.length).toBe(1295);
    expect(hexOf(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    const parts = decodeCardData(parseResponse(decodeFrame(frame)).data, false);
    expect(parts.text.length).toBe(256);
    expect(parts.photo.length).toBe(1024);
  });

  it('a text+photo+fingerprint answer is 2321 bytes with LEN 09 0A', () => {
    const data = encodeCardData({ text: new Uint8Array(256), photo: new Uint8Array(1024), fingerprint: new Uint8Array(1024) });
    const frame = encodeResponse(0x90, data);
    expect(frame.length).toBe(2321);
    expect(hexOf(frame.subarray(5, 7))).toBe('09 0A');
    expect(decodeCardData(parseResponse(decodeFrame(frame)).data, true).fingerprint?.length).toBe(1024);
  });

  it('card data whose inner lengths do not add up is a FrameLengthError', () => {
    const data = encodeCardData({ text: new Uint8Array(256), photo: new Uint8Array(1024) });
    expect(() => decodeCardData(data.subarray(0, 1000), false)).toThrow(FrameLengthError);
    const wrongText = data.slice();
    wrongText[1] = 0x10;
    expect(() => decodeCardData(wrongText, false)).toThrow(FrameLengthError);
  });

  it('the SAM id prints in the dotted form reader tools use', () => {
    const d = new Uint8Array(16);
    const v = new DataView(d.buffer);
    v.setUint16(0, 5, true);
    v.setUint16(2, 1, true);
    v.setUint32(4, 20101010, true);
    v.setUint32(8, 12345, true);
    v.setUint32(12, 1234567890, true);
    expect(decodeSamId(d)).toBe('05.01-20101010-0000012345-1234567890');
  });

  it('encodeFrame refuses a body longer than LEN can express', () => {
    expect(() => encodeFrame(new Uint8Array(0x10000))).toThrow(TypeError);
  });
});
