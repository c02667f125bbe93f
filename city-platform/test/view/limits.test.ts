/** The pure parts behind the API's limits and the live feed: token buckets, the answer cache and the push plan, on a clock the test holds. */
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache.ts';
import { PushPlan } from '../../src/api/push-plan.ts';
import { TokenBuckets } from '../../src/api/rate-limit.ts';

describe('token buckets', () => {
  it('an address may make its burst at once, then one request per 1/perSecond; the wait is rounded up to whole seconds', () => {
    const buckets = new TokenBuckets({ burst: 3, perSecond: 0.5 });
    expect([0, 0, 0].map(() => buckets.take('a', 0))).toEqual([0, 0, 0]);
    expect(buckets.take('a', 0)).toBe(2);
    expect(buckets.take('a', 1000)).toBe(1);
    expect(buckets.take('a', 2000)).toBe(0);
    expect(buckets.take('b', 2000)).toBe(0);
  });

  it('a bucket never holds more than its burst, however long the address was quiet', () => {
    const buckets = new TokenBuckets({ burst: 2, perSecond: 10 });
    buckets.take('a', 0);
    const later = 3_600_000;
    expect([buckets.take('a', later), buckets.take('a', later), buckets.take('a', later)]).toEqual([0, 0, 1]);
  });

  it('only so many addresses are remembered: the least recently seen is forgotten first', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 0.001 }, 2);
    buckets.take('a', 0);
    buckets.take('b', 0);
    expect(buckets.take('a', 0)).toBeGreaterThan(0);
    buckets.take('c', 0);
    expect(buckets.size).toBe(2);
    // b was the least recently seen: forgotten, it starts afresh; a is remembered, still empty.
    expect(buckets.take('a', 0)).toBeGreaterThan(0);
    expect(buckets.take('b', 0)).toBe(0);
  });
});

describe('the answer cache', () => {
  it('keeps an answer for its time and keeps no more keys than its bound', async () => {
    let now = 0;
    let reads = 0;
    const cache = new AnswerCache<number>({ ttlMs: 100, maxEntries: 2, now: () => now });
    const read = async () => ++reads;
    expect(await cache.get('x', read)).toBe(1);
    now = 99;
    expect(await cache.get('x', read)).toBe(1);
    now = 100;
    expect(await cache.get('x', read)).toBe(2);
    await cache.get('y', read);
    await cache.get('z', read);
    // x was the oldest of three: dropped, read again.
    expect(await cache.get('x', read)).toBe(5);
  });
});

describe('the push plan', () => {
  it('a first change is due at once; further changes of that hall wait out the interval, then are due once', () => {
    const plan = new PushPlan(1000);
    plan.changed(['h1']);
    expect(plan.nextAt()).toBeLessThanOrEqual(0);
    expect(plan.due(0)).toEqual(['h1']);
    plan.changed(['h1']);
    plan.changed(['h1', 'h2']);
    expect(plan.due(10)).toEqual(['h2']);
    expect(plan.nextAt()).toBe(1000);
    expect(plan.due(999)).toEqual([]);
    expect(plan.due(1000)).toEqual(['h1']);
    expect(plan.nextAt()).toBeUndefined();
    expect(plan.due(5000)).toEqual([]);
  });
});
