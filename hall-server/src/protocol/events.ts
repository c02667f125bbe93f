/** The socket.io events, both ways, and their acks. */
import type { ErrorBody } from './common.ts';
import type { ManagerLive } from './manager.ts';
import type { Call, QueueSnapshot, ServiceLoad, TerminalStatus, Ticket, UpstreamStatus, Window } from './queue.ts';

export type Seq = { seq: number };
export type TicketCalledEvent = Call & Seq & { waiting: number };
export type TicketUpdatedEvent = Ticket & Seq & { change: string };
export type WindowUpdatedEvent = Window & Seq & { change: string };
export type QueueUpdatedEvent = Seq & { services: ServiceLoad[] };
/** Sent to a namespace for a change it has nothing to show of, so that `seq` has no gap. */
export type HallSeqEvent = Seq;

/** Acks carry either data or an error, never both. */
export type Ack<T> = { data: T } | ErrorBody;

export interface ServerToClientEvents {
  'queue:snapshot': (snapshot: QueueSnapshot) => void;
  'queue:updated': (event: QueueUpdatedEvent) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
  'ticket:updated': (event: TicketUpdatedEvent) => void;
  'window:updated': (event: WindowUpdatedEvent) => void;
  'hall:seq': (event: HallSeqEvent) => void;
  /** Manager namespace only: a terminal came or went, or its devices changed. Live data, outside the seq stream. */
  'terminal:updated': (event: TerminalStatus) => void;
  /** Manager namespace only: the upstream reporter's state and backlog. */
  'upstream:updated': (event: UpstreamStatus) => void;
  /** Manager namespace only: the manager wall's live figures, at most once a second when something changed. Outside the seq stream. */
  'manager:live': (event: ManagerLive) => void;
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a `seq` gap); with an ack it comes back in the ack. */
  'queue:snapshot': (ack?: (response: Ack<QueueSnapshot>) => void) => void;
}
