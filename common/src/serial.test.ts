import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial.ts';

describe('a serial queue', () => {
  it('runs tasks one at a time in the order asked, and a failure stays with its caller', async () => {
    const serial = serialQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) => {
          log.push(`start ${name}`);
          setTimeout(() => {
            log.push(`end ${name}`);
            fail ? reject(new Error(name)) : resolve(name);
          }, ms);
        });
    const a = serial(task('a', 30));
    const b = serial(task('b', 1, true));
    const c = serial(task('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
