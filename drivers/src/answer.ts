/**
 * An answer a driver waits for from its device. It settles once: with the
 * answer, with an error, or when the time is up, whichever comes first.
 * However it settles, the timer is cleared and `forget` runs, where the driver
 * stops routing the device's bytes to it.
 */
export interface AwaitedAnswer<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

export function awaitAnswer<T>(timeoutMs: number, timeUp: () => Error, forget: () => void): AwaitedAnswer<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    forget();
    return true;
  };
  const timer = setTimeout(() => {
    if (settle()) reject(timeUp());
  }, timeoutMs);
  return {
    promise,
    resolve: (value) => {
      if (settle()) resolve(value);
    },
    reject: (error) => {
      if (settle()) reject(error);
    },
  };
}
