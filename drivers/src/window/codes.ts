/**
 * Commands of the generic window-peripheral protocol, and the keypad and
 * evaluator codes carried in its events (pure encode/decode).
 */
import iconv from 'iconv-lite';
import { DriverError, marked } from '../errors.ts';

export const CMD = {
  ping: 0x01,
  ledShow: 0x10,
  ledClear: 0x11,
  poll: 0x20,
  keypadDisplay: 0x21,
  evaluatorAsk: 0x30,
  evaluatorCancel: 0x31,
} as const;
export const ANSWER = 0x80;

export const DEVICE_TYPES = { 1: 'led', 2: 'keypad', 3: 'evaluator' } as const;

export type KeypadKey = 'call-next' | 'recall' | 'no-show' | 'pause' | 'resume' | 'finish' | 'transfer';
export const KEY_CODES: Readonly<Record<KeypadKey, number>> = {
  'call-next': 0x01,
  recall: 0x02,
  'no-show': 0x03,
  pause: 0x04,
  resume: 0x05,
  finish: 0x06,
  transfer: 0x07,
};
const KEY_BY_CODE = new Map(Object.entries(KEY_CODES).map(([k, v]) => [v, k as KeypadKey]));
export const RATING_EVENT = 0x40;

/** Reasons an evaluator offers for levels 1 and 2 (codes as the device sends them). */
export const RATING_REASONS: Readonly<Record<number, { zh: string; en: string }>> = {
  1: { zh: '等候时间过长', en: 'waited too long' },
  2: { zh: '服务态度不好', en: 'unfriendly service' },
  3: { zh: '业务不熟练', en: 'clerk not familiar with the procedure' },
  4: { zh: '办事效率低', en: 'slow handling' },
  5: { zh: '材料要求不清楚', en: 'unclear requirements for materials' },
  6: { zh: '其他', en: 'other' },
};

export const LEVEL_NAMES: Readonly<Record<number, string>> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export type DeviceEvent = { type: 'key'; seq: number; key: KeypadKey; target?: string } | { type: 'rating'; seq: number; level: number; reasonCode?: number };

export class EventDecodeError extends marked(DriverError, 'badEvent') {
  constructor(message: string) {
    super('BUS_BAD_EVENT', message);
  }
}

/**
 * Decodes a poll answer's data: empty (nothing to report) → undefined;
 * otherwise `SEQ CODE [params]`. Throws EventDecodeError for anything else.
 */
export function decodeEvent(data: Uint8Array): DeviceEvent | undefined {
  if (data.length === 0) return undefined;
  if (data.length < 2) throw new EventDecodeError(`event of ${data.length} byte(s) is too short`);
  const seq = data[0]!;
  const code = data[1]!;
  if (code === RATING_EVENT) {
    if (data.length < 3 || data.length > 4) throw new EventDecodeError(`rating event must be 3 or 4 bytes, got ${data.length}`);
    const level = data[2]!;
    if (level < 1 || level > 5) throw new EventDecodeError(`rating level ${level} outside 1..5`);
    const reasonCode = data[3];
    if (level <= 2) {
      if (reasonCode === undefined || !(reasonCode in RATING_REASONS))
        throw new EventDecodeError(`rating level ${level} needs a reason code 1..6, got ${String(reasonCode)}`);
      return { type: 'rating', seq, level, reasonCode };
    }
    return { type: 'rating', seq, level };
  }
  const key = KEY_BY_CODE.get(code);
  if (!key) throw new EventDecodeError(`unknown event code 0x${code.toString(16)}`);
  if (key === 'transfer') {
    const target = String.fromCharCode(...data.subarray(2));
    if (!/^[0-9A-Za-z-]{1,8}$/.test(target))
      throw new EventDecodeError(`transfer needs a target window (1–8 letters or digits), got ${JSON.stringify(target)}`);
    return { type: 'key', seq, key, target };
  }
  if (data.length !== 2) throw new EventDecodeError(`${key} carries no parameters, got ${data.length - 2} byte(s)`);
  return { type: 'key', seq, key };
}

export function encodeEvent(e: DeviceEvent): Uint8Array {
  if (e.type === 'rating') return Uint8Array.of(e.seq, RATING_EVENT, e.level, ...(e.reasonCode !== undefined ? [e.reasonCode] : []));
  const params = e.key === 'transfer' ? [...(e.target ?? '')].map((c) => c.charCodeAt(0)) : [];
  return Uint8Array.of(e.seq, KEY_CODES[e.key], ...params);
}

/** GB18030 bytes of text, cut to `max` bytes on a character boundary. */
export function gbBytes(text: string, max: number): Uint8Array {
  const out: number[] = [];
  for (const ch of text.replace(/[\x00-\x1f\x7f]/g, ' ')) {
    const b = iconv.encode(ch, 'gb18030');
    if (out.length + b.length > max) break;
    out.push(...b);
  }
  return Uint8Array.from(out);
}

export function gbText(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'gb18030');
}

/** A length-prefixed GB18030 string field. */
export function field(text: string, max = 60): number[] {
  const b = gbBytes(text, max);
  return [b.length, ...b];
}

/** Reads length-prefixed fields from the start of `data`; the rest after the last field is returned as `rest`. */
export function readFields(data: Uint8Array, n: number): { fields: string[]; rest: Uint8Array } {
  const fields: string[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const len = data[pos];
    if (len === undefined || pos + 1 + len > data.length) throw new EventDecodeError('truncated text field');
    fields.push(gbText(data.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return { fields, rest: data.subarray(pos) };
}
