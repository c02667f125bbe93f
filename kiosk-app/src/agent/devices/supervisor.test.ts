import { describe, expect, it } from 'vitest';
import { Supervisor, type SupervisorState } from './supervisor.ts';

describe('driver supervisor', () => {
  it('restarts a driver that dies, after a growing backoff', async () => {
    const starts: number[] = [];
    const states: SupervisorState[] = [];
    let kill: (reason: string) => void = () => {};
    const supervisor = new Supervisor({
      name: 'idReader',
      backoff: { initialMs: 20, maxMs: 1000, factor: 4 },
      onState: (s) => states.push(s),
      start: async (die) => {
        starts.push(Date.now());
        kill = die;
        return { stop: async () => {} };
      },
    });
    await supervisor.start();
    kill('not answering');
    await new Promise((r) => setTimeout(r, 50));
    expect(starts).toHaveLength(2);
    kill('not answering');
    await new Promise((r) => setTimeout(r, 40));
    expect(starts).toHaveLength(2); // the second wait is 80 ms
    await new Promise((r) => setTimeout(r, 80));
    expect(starts).toHaveLength(3);
    expect(supervisor.restarts).toBe(2);
    expect(states).toContain('restarting');
    await supervisor.stop();
  });

  it('keeps retrying a driver whose start fails, and stops for good when told', async () => {
    let attempts = 0;
    const supervisor = new Supervisor({
      name: 'printer',
      backoff: { initialMs: 10, maxMs: 10 },
      start: async () => {
        attempts++;
        throw new Error('no such port');
      },
    });
    await supervisor.start();
    await new Promise((r) => setTimeout(r, 60));
    expect(attempts).toBeGreaterThanOrEqual(3);
    await supervisor.stop();
    const after = attempts;
    await new Promise((r) => setTimeout(r, 40));
    expect(attempts).toBe(after);
  });
});
