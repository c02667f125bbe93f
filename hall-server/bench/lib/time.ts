/** Waiting helpers. Pacing aims at absolute deadlines so that a slow step does not shift every later one. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves at `deadline` (performance.now() time base), at once if it has passed. */
export function sleepUntil(deadline: number): Promise<void> {
  return sleep(deadline - performance.now());
}

/** Rejects after `ms` with a message saying what was being waited for: a bench must never hang. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
