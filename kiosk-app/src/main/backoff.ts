/** Growing pauses between retries, and the timers they run on (injected in tests). */

export type Timers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending retry must not keep the process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Doubles from `initialMs` up to `maxMs`; `reset()` after a healthy spell (@hall/common). */
export { Backoff } from '@hall/common';
