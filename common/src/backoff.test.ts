import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff.ts';

describe('backoff', () => {
  it('doubles from the first delay up to the ceiling and stays there', () => {
    expect([0, 1, 2, 3, 4, 10, 1000].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('refuses nonsense rather than spinning: a negative attempt, a ceiling under the first delay', () => {
    expect(() => backoffDelay(-1)).toThrow(TypeError);
    expect(() => backoffDelay(0, { initialMs: 500, maxMs: 100 })).toThrow(TypeError);
  });

  it('counts attempts until reset', () => {
    const b = new Backoff(1000, 30_000);
    expect([b.next(), b.next(), b.next()]).toEqual([1000, 2000, 4000]);
    b.reset();
    expect(b.next()).toBe(1000);
  });
});
