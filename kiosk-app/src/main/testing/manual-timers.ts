/** Timers driven by the test: `advance(ms)` runs whatever falls due, in order. */
import type { Timers } from '../backoff.ts';

export type ManualTimers = Timers & {
  now: number;
  advance(ms: number): Promise<void>;
  pending(): number[];
};

export function manualTimers(): ManualTimers {
  let seq = 0;
  const queue = new Map<number, { at: number; fn: () => void }>();
  const timers: ManualTimers = {
    now: 0,
    setTimeout(fn, ms) {
      const id = ++seq;
      queue.set(id, { at: timers.now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
    pending() {
      return [...queue.values()].map((t) => t.at - timers.now).sort((a, b) => a - b);
    },
    async advance(ms) {
      const end = timers.now + ms;
      for (;;) {
        // Let promise chains started by the last timer settle first.
        for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
        const due = [...queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        queue.delete(due[0]);
        timers.now = due[1].at;
        due[1].fn();
      }
      timers.now = end;
    },
  };
  return timers;
}
