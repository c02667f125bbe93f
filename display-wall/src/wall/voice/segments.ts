/**
 * What an announcement says, as a list of voice-pack segment ids. Pure: the
 * announcer store queues these lists and an engine speaks them.
 *
 * Ticket numbers are read letter by letter and digit by digit ("A 零 一 二
 * 号"), as calling systems in Chinese halls do: it is unambiguous and keeps
 * the leading zeros printed on the ticket. Window numbers are read as
 * numbers ("十二 号窗口"), as the signs above the windows say them.
 */

export const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

export const CHIME = 'chime';
/** A short silence between repetitions; engines render it as `repeatGapMs`. */
export const PAUSE = 'pause';

export type VoiceManifest = {
  language: string;
  description?: string;
  /** Silence between segments of a line, ms. */
  gapMs: number;
  /** Silence between repetitions of an announcement, ms. */
  repeatGapMs: number;
  /** Segment id → file name, relative to the manifest. */
  segments: Record<string, string>;
};

export type CallToAnnounce = { number: string; windowNo: number };
export type AnnounceOptions = { repeat: number; english: boolean };

/** The digits and letters of a ticket number, one segment each: A012 → A 零 一 二. */
export function ticketNumberSegments(number: string): string[] {
  const out: string[] = [];
  for (const ch of number.toUpperCase()) {
    if (ch >= '0' && ch <= '9') out.push(DIGITS[Number(ch)]!);
    else if (LETTERS.includes(ch)) out.push(ch);
  }
  return out;
}

/** 1–999 as Mandarin numerals: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十. */
export function mandarinNumber(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`cannot read ${n} as a window number`);
  if (n < 10) return [DIGITS[n]!];
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const out: string[] = [];
  if (hundreds) out.push(DIGITS[hundreds]!, '百');
  if (tens) {
    // 十二, not 一十二, when it leads; 一百一十 inside a larger number.
    if (hundreds || tens > 1) out.push(DIGITS[tens]!);
    out.push('十');
  } else if (hundreds && ones) {
    out.push('零');
  }
  if (ones) out.push(DIGITS[ones]!);
  return out;
}

/** 请 A 零 一 二 号 到 三 号 窗口 */
export function mandarinLine(call: CallToAnnounce): string[] {
  return ['请', ...ticketNumberSegments(call.number), '号', '到', ...mandarinNumber(call.windowNo), '号', '窗口'];
}

/** Number A 0 1 2, please go to window 3 — digits one by one, window number too. */
export function englishLine(call: CallToAnnounce): string[] {
  const digits = (s: string) => [...s].map((ch) => (ch >= '0' && ch <= '9' ? `en:${ch}` : ch.toUpperCase()));
  return [
    'en:number',
    ...digits(call.number).filter((s) => s.startsWith('en:') || LETTERS.includes(s)),
    'en:please-go-to-window',
    ...digits(String(call.windowNo)),
  ];
}

/** The whole announcement: a chime, then the line(s) `repeat` times with a pause between. */
export function announcementSegments(call: CallToAnnounce, options: AnnounceOptions): string[] {
  const line = [...mandarinLine(call), ...(options.english ? englishLine(call) : [])];
  const out = [CHIME];
  const times = Math.max(1, Math.floor(options.repeat));
  for (let i = 0; i < times; i++) {
    if (i > 0) out.push(PAUSE);
    out.push(...line);
  }
  return out;
}

/** The text a speech synthesiser reads for one line, Mandarin: "请 A 0 1 2 号，到 3 号窗口". */
export function mandarinText(call: CallToAnnounce): string {
  return `请 ${[...call.number].join(' ')} 号，到 ${call.windowNo} 号窗口`;
}

export function englishText(call: CallToAnnounce): string {
  return `Number ${[...call.number].join(' ')}, please go to window ${call.windowNo}.`;
}
