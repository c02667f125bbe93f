/**
 * The listeners a part of the agent adds to what it follows (the devices,
 * the hall, a desk), kept so that they all come off together when the part
 * is disposed.
 */
import type { HallPort, HallPortEvents } from './ports.ts';

type Emitter<A extends unknown[]> = { on(event: string, listener: (...args: A) => void): unknown; off(event: string, listener: (...args: A) => void): unknown };

export class Listeners {
  readonly #off: (() => void)[] = [];

  // Arrow functions, so that a part may take them apart: `const { on, onHall } = this.#listeners`.

  /** Adds `listener` to `target`'s `event` until `clear()`; its parameters say what the event carries. */
  readonly on = <A extends unknown[]>(target: Emitter<A>, event: string, listener: (...args: A) => void): void => {
    target.on(event, listener);
    this.#off.push(() => target.off(event, listener));
  };

  /** The same for one of the hall's events, typed by the port. */
  readonly onHall = <E extends keyof HallPortEvents>(hall: HallPort, event: E, listener: (...args: HallPortEvents[E]) => void): void => {
    hall.on(event, listener);
    this.#off.push(() => hall.off(event, listener));
  };

  /** Takes every listener off. */
  clear(): void {
    for (const off of this.#off.splice(0)) off();
  }
}
