/**
 * What the desks (ticket issuing, the counter, the filing machine) and the
 * outboxes behind them need of the hall, and nothing more: the contract's
 * operations by id, whether the hall is online, its last queue snapshot and
 * the changes it pushes. `HallLink` is the port over the network (HTTP
 * through the one contract client, socket.io for the rest);
 * `testing/fake-hall.ts` is the port in memory, for tests of the desks' own
 * rules without a hall.
 *
 * A call fails in one of two ways only, as the client's do: `HallRefusal`
 * (the hall answered no) or `HallUnreachableError` (it could not be asked).
 * The desks tell the two apart and word them at their edge.
 */
import type { HallClient } from '@hall/server/client';
import type { QueueSnapshot, ServiceLoad, TicketCalledEvent, TicketUpdatedEvent, WindowUpdatedEvent } from '@hall/server/protocol';

export type HallPortEvents = {
  /** The hall became reachable, or stopped being so. */
  online: [online: boolean];
  /** A whole queue snapshot arrived (on connecting, or asked for after a gap). */
  snapshot: [snapshot: QueueSnapshot];
  /** Load of the services that changed. */
  load: [services: ServiceLoad[]];
  /** A window changed (opened, paused, assigned a ticket …). */
  window: [event: WindowUpdatedEvent];
  /** A ticket was called or recalled somewhere in the hall. */
  called: [event: TicketCalledEvent];
  /** A ticket changed (counter namespace: masked identity). */
  ticket: [event: TicketUpdatedEvent];
};

type Listener<E extends keyof HallPortEvents> = (...args: HallPortEvents[E]) => void;

export interface HallPort {
  /**
   * One operation of the hall's contract. A `getQueue` answer also becomes
   * the port's `snapshot`: an action's effect is then seen at once, before
   * the hall's own message about it arrives.
   */
  readonly call: HallClient['call'];
  /** The hall can be reached now, as far as the port knows; a call that cannot reach it turns this off at once. */
  readonly online: boolean;
  /** The last queue snapshot (services' load, windows, day, hall name), kept current by the hall's messages. */
  readonly snapshot: QueueSnapshot | undefined;
  on<E extends keyof HallPortEvents>(event: E, listener: Listener<E>): unknown;
  off<E extends keyof HallPortEvents>(event: E, listener: Listener<E>): unknown;
}
