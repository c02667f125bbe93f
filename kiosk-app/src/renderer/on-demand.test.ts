import { describe, expect, it } from 'vitest';
import { loadOnce, prefetch } from './on-demand.ts';

describe('code loaded on demand', () => {
  it('is fetched once, however often it is asked for', async () => {
    let fetched = 0;
    const load = loadOnce(async () => ++fetched);
    expect(await Promise.all([load(), load()])).toEqual([1, 1]);
    expect(await load()).toBe(1);
    expect(fetched).toBe(1);
  });

  it('is fetched again after a failed fetch (the hall was away), and kept once it arrives', async () => {
    let hallUp = false;
    let fetched = 0;
    const load = loadOnce(async () => {
      fetched++;
      if (!hallUp) throw new Error('Failed to fetch dynamically imported module');
      return 'table';
    });
    await expect(load()).rejects.toThrow('Failed to fetch');
    hallUp = true;
    expect(await load()).toBe('table');
    hallUp = false;
    expect(await load()).toBe('table');
    expect(fetched).toBe(2);
  });

  it('is fetched in the background once the page is idle, not while the first screen is drawn', async () => {
    let fetched = 0;
    const load = loadOnce(async () => ++fetched);
    prefetch(load);
    expect(fetched).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(fetched).toBe(1);
    expect(await load()).toBe(1);
  });
});
