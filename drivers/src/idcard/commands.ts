/**
 * GA 467 commands: the request frames and the decoders of their answers
 * (pure). The reader driver sends these; the simulator answers them.
 */
import { encodeRequest, FrameLengthError } from './frame.ts';
import { TEXT_BLOCK_LENGTH } from './layouts.ts';

export const COMMANDS = {
  resetSam: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  samId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readText: { cmd: 0x30, para: 0x01 },
  readNewestAddress: { cmd: 0x30, para: 0x03 },
  readWithFingerprint: { cmd: 0x30, para: 0x10 },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** Ready-made request frames; none of these commands carries data. */
export const REQUEST_FRAMES: Readonly<Record<CommandName, Uint8Array>> = Object.fromEntries(
  Object.entries(COMMANDS).map(([name, c]) => [name, encodeRequest(c.cmd, c.para)]),
) as Record<CommandName, Uint8Array>;

export function commandName(cmd: number, para: number): CommandName | undefined {
  for (const [name, c] of Object.entries(COMMANDS)) if (c.cmd === cmd && c.para === para) return name as CommandName;
  return undefined;
}

export interface CardData {
  /** The 256-byte UCS-2LE text block; decode with decodeTextBlock. */
  text: Uint8Array;
  /** The photo exactly as stored on the card (WLT, 1024 bytes). Decoding needs a vendor library. */
  photo: Uint8Array;
  /** Fingerprint templates (0, 512 or 1024 bytes), when read with readWithFingerprint. */
  fingerprint?: Uint8Array;
}

/**
 * The data of a read response: 2-byte big-endian lengths (text, photo[,
 * fingerprint]) followed by the parts in that order.
 */
export function decodeCardData(data: Uint8Array, withFingerprint: boolean): CardData {
  const header = withFingerprint ? 6 : 4;
  if (data.length < header) throw new FrameLengthError(data.length, 'card data shorter than its length header');
  const textLen = (data[0]! << 8) | data[1]!;
  const photoLen = (data[2]! << 8) | data[3]!;
  const fpLen = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (textLen !== TEXT_BLOCK_LENGTH) throw new FrameLengthError(textLen, `text block must be ${TEXT_BLOCK_LENGTH} bytes`);
  if (header + textLen + photoLen + fpLen !== data.length) {
    throw new FrameLengthError(data.length, `card data lengths ${textLen}+${photoLen}+${fpLen} do not add up`);
  }
  const text = data.slice(header, header + textLen);
  const photo = data.slice(header + textLen, header + textLen + photoLen);
  const out: CardData = { text, photo };
  if (withFingerprint) out.fingerprint = data.slice(header + textLen + photoLen);
  return out;
}

export function encodeCardData(part: CardData): Uint8Array {
  const withFp = part.fingerprint !== undefined;
  const header = withFp ? 6 : 4;
  const fp = part.fingerprint ?? new Uint8Array(0);
  const out = new Uint8Array(header + part.text.length + part.photo.length + fp.length);
  out[0] = part.text.length >> 8;
  out[1] = part.text.length & 0xff;
  out[2] = part.photo.length >> 8;
  out[3] = part.photo.length & 0xff;
  if (withFp) {
    out[4] = fp.length >> 8;
    out[5] = fp.length & 0xff;
  }
  out.set(part.text, header);
  out.set(part.photo, header + part.text.length);
  out.set(fp, header + part.text.length + part.photo.length);
  return out;
}

/**
 * The 16-byte SAM id in the form readers' tools print it:
 * `AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE` (little-endian fields).
 */
export function decodeSamId(data: Uint8Array): string {
  if (data.length < 16) throw new FrameLengthError(data.length, 'SAM id needs 16 bytes');
  const view = new DataView(data.buffer, data.byteOffset, 16);
  const a = view.getUint16(0, true).toString().padStart(2, '0');
  const b = view.getUint16(2, true).toString().padStart(2, '0');
  const c = view.getUint32(4, true).toString().padStart(8, '0');
  const d = view.getUint32(8, true).toString().padStart(10, '0');
  const e = view.getUint32(12, true).toString().padStart(10, '0');
  return `${a}.${b}-${c}-${d}-${e}`;
}

/** The newest address (70 bytes UCS-2LE) written after issue, for people who moved. */
export function decodeNewestAddress(data: Uint8Array): string {
  if (data.length !== 70) throw new FrameLengthError(data.length, 'newest address must be 70 bytes');
  return new TextDecoder('utf-16le')
    .decode(data)
    .replace(/[\s\u0000]+$/u, '')
    .trim();
}
