/**
 * The next event of a kind from any KioskApi, for the tests and the bench:
 * the contract suites run it over every carrier, so it imports neither Node
 * nor Electron.
 */
import type { KioskApi, KioskEvents } from './kiosk-api.ts';

/** Resolves with the next event of a kind (that passes `accept`), or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof KioskEvents>(
  api: KioskApi,
  event: E,
  accept: (p: KioskEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<KioskEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = api.on(event, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
