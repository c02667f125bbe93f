import { describe, it, expect } from 'vitest';
import { clockMinutes, hallDay, localParts } from './hall-time.ts';

const at = (iso: string) => Date.parse(iso);

describe('hall time', () => {
  it.each([
    ['2026-11-22T17:30:00Z', 'Asia/Shanghai', '00:00', '2026-11-23', 'already the 23rd in Shanghai'],
    ['2026-11-22T17:30:00Z', 'UTC', '00:00', '2026-11-22', 'still the 22nd in UTC'],
    ['2026-11-23T23:59:00+08:00', 'Asia/Shanghai', '00:00', '2026-11-23', 'a minute before local midnight'],
    ['2026-11-24T00:00:00+08:00', 'Asia/Shanghai', '00:00', '2026-11-24', 'the day changes at local midnight of the hall zone'],
    ['2026-11-24T02:00:00+08:00', 'Asia/Shanghai', '04:00', '2026-11-23', 'a reset at 04:00 keeps 02:00 in the previous day'],
    ['2026-11-24T03:59:00+08:00', 'Asia/Shanghai', '04:00', '2026-11-23', 'a reset at 04:00 keeps 03:59 in the previous day'],
    ['2026-11-24T04:00:00+08:00', 'Asia/Shanghai', '04:00', '2026-11-24', 'a reset at 04:00 starts the new day at 04:00'],
    ['2026-12-01T01:00:00+08:00', 'Asia/Shanghai', '04:00', '2026-11-30', 'stepping back across a month boundary'],
    ['2027-01-01T01:00:00+08:00', 'Asia/Shanghai', '04:00', '2026-12-31', 'stepping back across a year boundary'],
  ])('puts %s in %s, the day starting at %s, on hall day %s: %s', (instant, zone, dayStart, day) => {
    expect(hallDay(at(instant), zone, dayStart)).toBe(day);
  });

  it('gives the ISO weekday in the hall zone: Monday 1 in Shanghai is Sunday 7 in UTC', () => {
    expect(localParts(at('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-23', minutes: 90, weekday: 1 });
    expect(localParts(at('2026-11-22T17:30:00Z'), 'UTC')).toEqual({ date: '2026-11-22', minutes: 17 * 60 + 30, weekday: 7 });
  });

  it('reads local midnight as minute 0, not 24:00', () => {
    expect(localParts(at('2026-11-24T00:00:00+08:00'), 'Asia/Shanghai').minutes).toBe(0);
  });

  it('follows daylight saving in a zone that has it', () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(localParts(at('2026-01-15T08:00:00Z'), 'Europe/Berlin').minutes).toBe(9 * 60);
    expect(localParts(at('2026-07-15T08:00:00Z'), 'Europe/Berlin').minutes).toBe(10 * 60);
  });

  it('turns HH:MM into minutes since midnight', () => {
    expect(clockMinutes('08:30')).toBe(510);
    expect(clockMinutes('24:00')).toBe(1440);
  });
});
