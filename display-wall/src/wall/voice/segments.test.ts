import { describe, expect, it } from 'vitest';
import { announcementSegments, englishLine, mandarinLine, mandarinNumber, ticketNumberSegments } from './segments.ts';

describe('what an announcement says', () => {
  it('A012 to window 3 is 请 A 零 一 二 号 到 三 号 窗口', () => {
    expect(mandarinLine({ number: 'A012', windowNo: 3 })).toEqual(['请', 'A', '零', '一', '二', '号', '到', '三', '号', '窗口']);
  });

  it('ticket numbers are read digit by digit, keeping leading zeros and two-letter prefixes', () => {
    expect(ticketNumberSegments('AB100')).toEqual(['A', 'B', '一', '零', '零']);
    expect(ticketNumberSegments('A1000')).toEqual(['A', '一', '零', '零', '零']);
  });

  it.each([
    [1, ['一']],
    [10, ['十']],
    [12, ['十', '二']],
    [20, ['二', '十']],
    [35, ['三', '十', '五']],
    [100, ['一', '百']],
    [105, ['一', '百', '零', '五']],
    [110, ['一', '百', '一', '十']],
    [999, ['九', '百', '九', '十', '九']],
  ])('window %i is read as %j', (n, words) => {
    expect(mandarinNumber(n)).toEqual(words);
  });

  it('an announcement is a chime then the line repeated, with a pause between repeats', () => {
    const line = mandarinLine({ number: 'A012', windowNo: 3 });
    expect(announcementSegments({ number: 'A012', windowNo: 3 }, { repeat: 2, english: false })).toEqual(['chime', ...line, 'pause', ...line]);
  });

  it('the English line follows the Mandarin one when asked for', () => {
    expect(englishLine({ number: 'A012', windowNo: 12 })).toEqual(['en:number', 'A', 'en:0', 'en:1', 'en:2', 'en:please-go-to-window', 'en:1', 'en:2']);
    const segs = announcementSegments({ number: 'A012', windowNo: 3 }, { repeat: 1, english: true });
    expect(segs.indexOf('en:number')).toBe(segs.indexOf('窗口') + 1);
  });
});
