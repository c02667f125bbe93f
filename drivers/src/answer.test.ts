import { describe, expect, it } from 'vitest';
import { awaitAnswer } from './answer.ts';

/** An answer awaited for `timeoutMs`, counting how often the driver is told to forget it. */
function watched(timeoutMs: number) {
  const forgets = { count: 0 };
  const answer = awaitAnswer<string>(
    timeoutMs,
    () => new Error(`no answer within ${timeoutMs} ms`),
    () => forgets.count++,
  );
  return { answer, forgets };
}

describe('an awaited answer', () => {
  it('settles with the answer, and what comes after is ignored', async () => {
    const { answer, forgets } = watched(1000);
    answer.resolve('first');
    answer.resolve('second');
    answer.reject(new Error('too late'));
    await expect(answer.promise).resolves.toBe('first');
    expect(forgets.count).toBe(1);
  });

  it('rejects with the driver’s error when the time is up, and a late answer changes nothing', async () => {
    const { answer, forgets } = watched(20);
    await expect(answer.promise).rejects.toThrow('no answer within 20 ms');
    answer.resolve('late');
    expect(forgets.count).toBe(1);
  });
});
