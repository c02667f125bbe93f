import { describe, expect, it } from 'vitest';
import { addWorkingDays, dueDate, timeLimitDays } from './due-date.ts';

describe('due dates in working days', () => {
  it('counts Monday to Friday only, starting the day after', () => {
    expect(addWorkingDays('2026-03-02', 1)).toBe('2026-03-03'); // Mon → Tue
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Fri → Mon
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // Sat → Mon
    expect(addWorkingDays('2026-03-08', 5)).toBe('2026-03-13'); // Sun → Fri
    expect(addWorkingDays('2026-03-02', 10)).toBe('2026-03-16');
    expect(addWorkingDays('2026-12-31', 2)).toBe('2027-01-04'); // across the year
  });

  it('takes the promised limit over the legal one, and gives none for an on-the-spot item', () => {
    expect(timeLimitDays({ legalTimeLimitDays: 20, promisedTimeLimitDays: 10 })).toBe(10);
    expect(timeLimitDays({ legalTimeLimitDays: 20 })).toBe(20);
    expect(dueDate(Date.parse('2026-03-02T02:00:00Z'), { legalTimeLimitDays: 10, promisedTimeLimitDays: 0 }, 'Asia/Shanghai')).toBeUndefined();
    expect(dueDate(Date.parse('2026-03-02T02:00:00Z'), { legalTimeLimitDays: 0 }, 'Asia/Shanghai')).toBeUndefined();
  });

  it('counts from the date in the hall’s zone, not UTC', () => {
    // 23:30 UTC on Friday 6 March is 07:30 on Saturday 7 March in Hangzhou.
    const friUtcSatLocal = Date.parse('2026-03-06T23:30:00Z');
    expect(dueDate(friUtcSatLocal, { legalTimeLimitDays: 1 }, 'Asia/Shanghai')).toBe('2026-03-09');
    expect(dueDate(Date.parse('2026-03-05T17:00:00Z'), { legalTimeLimitDays: 1 }, 'Asia/Shanghai')).toBe('2026-03-09'); // Fri 01:00 local
    expect(dueDate(Date.parse('2026-03-05T17:00:00Z'), { legalTimeLimitDays: 1 }, 'UTC')).toBe('2026-03-06'); // Thu in UTC
  });
});
