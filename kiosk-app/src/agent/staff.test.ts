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
    expect(() => staff.require()).toThrow(/staff only/);
  });

  it('five wrong PINs in a row lock staff functions for a minute', () => {
    let now = 0;
    const staff = new StaffSession({ pin: '2468', now: () => now });
    for (let i = 0; i < 5; i++) expect(staff.login('0000')).toBe(false);
    expect(() => staff.login('2468')).toThrow(expect.objectContaining({ code: 'STAFF_LOCKED' }));
    now += 60_000;
    expect(staff.login('2468')).toBe(true);
  });

  it('without a configured PIN every staff function refuses', () => {
    const staff = new StaffSession({});
    expect(() => staff.login('2468')).toThrow(expect.objectContaining({ code: 'STAFF_DISABLED' }));
    expect(() => staff.require()).toThrow(expect.objectContaining({ code: 'STAFF_DISABLED' }));
  });
});
