import { describe, expect, it } from 'vitest';
import { StaffGrantHold } from './staff-grant.ts';
import { VisitorSession } from './visitor.ts';

describe('a staff member’s grant held for the visitor', () => {
  const start = Date.parse('2025-03-03T02:00:00.000Z');

  it('vouches until the hall’s expiry, and not a moment after', () => {
    let now = start;
    const hold = new StaffGrantHold(() => now);
    hold.keep('g1', '1001', '李明', new Date(start + 5 * 60_000).toISOString());
    now = start + 5 * 60_000 - 1;
    expect(hold.current()?.grant).toBe('g1');
    now = start + 5 * 60_000;
    expect(hold.current()).toBeUndefined();
    expect(hold.holds()).toBe(false);
  });

  it('never outlives five minutes here, whatever a hall clock running ahead says', () => {
    let now = start;
    const hold = new StaffGrantHold(() => now);
    hold.keep('g1', '1001', '李明', new Date(start + 60 * 60_000).toISOString());
    now = start + 5 * 60_000;
    expect(hold.current()).toBeUndefined();
  });

  it('goes with the visitor it was given for', () => {
    const now = start;
    const visitor = new VisitorSession({ now: () => now });
    const hold = new StaffGrantHold(() => now);
    visitor.attach(hold);
    hold.keep('g1', '1001', '李明', new Date(start + 5 * 60_000).toISOString());
    visitor.forget();
    expect(hold.current()).toBeUndefined();
  });
});
