import { describe, expect, it } from 'vitest';
import { KioskError } from '../shared/kiosk-api.ts';
import { pinMatches, StaffSession } from './staff.ts';

describe('staff session', () => {
  it('compares PINs exactly, whatever their length', () => {
    expect(pinMatches('2468', '2468')).toBe(true);
    expect(pinMatches('2468', '24680')).toBe(false);
    expect(pinMatches('2468', '')).toBe(false);
  });

  it('a session opened with the PIN lasts two minutes', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    expect(() => staff.require()).toThrow(KioskError);
    expect(staff.login('2468')).toBe(true);
    now += 119_999;
    expect(() => staff.require()).not.toThrow();
    now += 1;
    expect(() => staff.require()).toThrow(expect.objectContaining({ code: 'STAFF_ONLY' }));
  });

  it('five wrong PINs in a row lock staff functions for a minute', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    for (let i = 0; i < 5; i++) expect(staff.login('0000')).toBe(false);
    expect(() => staff.login('2468')).toThrow(expect.objectContaining({ code: 'STAFF_LOCKED' }));
    now += 60_000;
    expect(staff.login('2468')).toBe(true);
  });

  it('the lockout doubles with each further five wrong PINs: one minute, then two, then four', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    const locked = (retryAfterS: number) => expect.objectContaining({ code: 'STAFF_LOCKED', details: { retryAfterS } });
    for (let i = 0; i < 5; i++) expect(staff.login('0000')).toBe(false);
    expect(() => staff.login('0000')).toThrow(locked(60));
    now += 59_000;
    expect(() => staff.login('2468')).toThrow(locked(1));
    now += 1_000;
    for (let i = 0; i < 5; i++) expect(staff.login('1357')).toBe(false);
    expect(() => staff.login('2468')).toThrow(locked(120));
    now += 119_999;
    expect(() => staff.login('2468')).toThrow(locked(1));
    now += 1;
    for (let i = 0; i < 5; i++) expect(staff.login('1357')).toBe(false);
    expect(() => staff.login('2468')).toThrow(locked(240));
  });

  it('guesses during a lock do not count and do not lengthen it', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    for (let i = 0; i < 5; i++) staff.login('0000');
    for (let i = 0; i < 50; i++) expect(() => staff.login('0000')).toThrow(expect.objectContaining({ code: 'STAFF_LOCKED' }));
    now += 60_000;
    expect(staff.login('2468')).toBe(true);
  });

  it('the lockout stops growing at an hour', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    const lockouts: number[] = [];
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < 5; i++) staff.login('0000');
      try {
        staff.login('0000');
      } catch (err) {
        const s = (err as KioskError).details!.retryAfterS as number;
        lockouts.push(s / 60);
        now += s * 1000;
      }
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('a right PIN forgives earlier lockouts: the next five wrong lock for one minute again', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    for (let i = 0; i < 5; i++) staff.login('0000');
    now += 60_000;
    for (let i = 0; i < 5; i++) staff.login('0000');
    now += 120_000;
    expect(staff.login('2468')).toBe(true);
    for (let i = 0; i < 4; i++) expect(staff.login('0000')).toBe(false);
    // Four wrong after a right one do not lock: the count started again too.
    expect(staff.login('2468')).toBe(true);
    for (let i = 0; i < 5; i++) staff.login('0000');
    expect(() => staff.login('2468')).toThrow(expect.objectContaining({ details: { retryAfterS: 60 } }));
  });

  it('without a configured PIN every staff function refuses', () => {
    const staff = new StaffSession({});
    expect(() => staff.login('2468')).toThrow(expect.objectContaining({ code: 'STAFF_DISABLED' }));
    expect(() => staff.require()).toThrow(expect.objectContaining({ code: 'STAFF_DISABLED' }));
  });
});
