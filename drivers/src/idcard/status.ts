/**
 * SAM status codes (SW3) from GA 467 and the typed errors they map to.
 * Messages follow the wording readers' manuals use for each code.
 */
import { BilingualError, marked } from '../errors.ts';
import { hex } from './frame.ts';

export const STATUS_OK = 0x90;
export const STATUS_CARD_FOUND = 0x9f;
export const STATUS_NO_CONTENT = 0x91;

type Family = 'command' | 'sam' | 'card' | 'noCard' | 'noContent';

interface StatusInfo {
  family: Family;
  zh: string;
  en: string;
}

export const STATUS_CODES: ReadonlyMap<number, StatusInfo> = new Map<number, StatusInfo>([
  [0x10, { family: 'command', zh: '接收业务终端数据的校验和错', en: 'the reader received a frame with a bad checksum' }],
  [0x11, { family: 'command', zh: '接收业务终端数据的长度错', en: 'the reader received a frame with a bad length' }],
  [0x21, { family: 'command', zh: '接收业务终端的命令错误', en: 'the reader rejected the command or its parameters' }],
  [0x23, { family: 'sam', zh: '越权操作', en: 'operation not permitted' }],
  [0x24, { family: 'sam', zh: '无法识别的错误', en: 'unrecognised error in the SAM' }],
  [0x31, { family: 'card', zh: '证/卡认证 SAM 失败', en: 'the card failed to authenticate the SAM' }],
  [0x32, { family: 'card', zh: 'SAM 认证证/卡失败', en: 'the SAM failed to authenticate the card' }],
  [0x33, { family: 'card', zh: '信息验证错误', en: 'information verification failed' }],
  [0x40, { family: 'card', zh: '无法识别的卡类型', en: 'unrecognised card type' }],
  [0x41, { family: 'card', zh: '读证/卡操作失败', en: 'reading the card failed' }],
  [0x47, { family: 'card', zh: '取随机数失败', en: 'getting a random number from the card failed' }],
  [0x60, { family: 'sam', zh: 'SAM 自检失败，不能接收命令', en: 'SAM self-test failed; it cannot accept commands' }],
  [0x66, { family: 'sam', zh: 'SAM 未经授权，无法使用', en: 'SAM is not authorised and cannot be used' }],
  [0x80, { family: 'noCard', zh: '找卡失败：未放卡或卡已读过', en: 'no card found (none on the reader, or it was already read)' }],
  [0x81, { family: 'noCard', zh: '选卡失败', en: 'selecting the card failed' }],
  [0x91, { family: 'noContent', zh: '证/卡中此项无内容', en: 'the card holds no content for this item' }],
]);

/** A non-success SW3 from the reader, in the reader manuals' words. */
export class ReaderStatusError extends marked(BilingualError, 'readerStatus') {
  declare readonly status: number;
  constructor(status: number, zh: string, en: string) {
    super(`GA467_STATUS_${hex(status)}`, zh, en, { message: `${en} (SW3=0x${hex(status)}, ${zh})`, details: { status } });
  }
}

/** 0x80, 0x81: nothing to read. The normal answer while nobody holds a card to the reader. */
export class NoCardError extends marked(ReaderStatusError, 'noCard') {}
/** 0x31–0x33, 0x40, 0x41, 0x47: a card is there but could not be read; try again. */
export class CardReadError extends marked(ReaderStatusError, 'cardRead') {}
/** 0x23, 0x24, 0x60, 0x66: the reader's security module is unusable; needs a technician. */
export class SamError extends marked(ReaderStatusError, 'sam') {}
/** 0x10, 0x11, 0x21: the reader did not understand what we sent. */
export class ReaderCommandError extends marked(ReaderStatusError, 'command') {}
/** 0x91: the card has nothing stored for the item asked (e.g. no newer address). */
export class NoContentError extends marked(ReaderStatusError, 'noContent') {}

const CLASSES = { command: ReaderCommandError, sam: SamError, card: CardReadError, noCard: NoCardError, noContent: NoContentError };

export function statusError(status: number): ReaderStatusError {
  const info = STATUS_CODES.get(status);
  if (!info) return new ReaderStatusError(status, `未知状态码 0x${hex(status)}`, `unknown status code 0x${hex(status)}`);
  return new CLASSES[info.family](status, info.zh, info.en);
}

/** Throws the typed error unless `status` is one of the `accepted` success codes. */
export function expectStatus(status: number, accepted: readonly number[]): void {
  if (!accepted.includes(status)) throw statusError(status);
}
