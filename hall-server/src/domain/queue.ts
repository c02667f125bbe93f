/**
 * Waiting lines. Each service keeps its waiting tickets ordered by rank
 * (then issue order), which is the order a window would call them in were
 * there no priority classes.
 */
import type { HallState, Ticket } from './model.ts';

export function compareQueued(a: Ticket, b: Ticket): number {
  return a.rank - b.rank || a.order - b.order;
}

export function queueOf(state: HallState, serviceCode: string): Ticket[] {
  let q = state.queues.get(serviceCode);
  if (!q) {
    q = [];
    state.queues.set(serviceCode, q);
  }
  return q;
}

export function enqueue(state: HallState, ticket: Ticket): void {
  const q = queueOf(state, ticket.serviceCode);
  // Most tickets join at the back: check that before searching.
  if (q.length === 0 || compareQueued(q[q.length - 1]!, ticket) <= 0) {
    q.push(ticket);
    return;
  }
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareQueued(q[mid]!, ticket) <= 0) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, ticket);
}

/** Where a ticket stands in its (sorted) queue, by binary search; -1 if it is not there. */
export function positionOf(queue: readonly Ticket[], ticket: Ticket): number {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareQueued(queue[mid]!, ticket) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < queue.length && compareQueued(queue[i]!, ticket) === 0; i++) if (queue[i]!.id === ticket.id) return i;
  return queue.findIndex((t) => t.id === ticket.id);
}

export function dequeue(state: HallState, ticket: Ticket): void {
  const q = state.queues.get(ticket.serviceCode);
  if (!q) return;
  const i = positionOf(q, ticket);
  if (i >= 0) q.splice(i, 1);
}

/**
 * The place `placesBack` tickets behind the head of a queue (at the back if
 * shorter). Tickets issued in the same millisecond share a rank and stand in
 * `order`, so between two of them only an order in between keeps the place.
 */
export function placeBehindHead(queue: readonly Ticket[], placesBack: number, fallback: number): { rank: number; order?: number } {
  if (queue.length === 0) return { rank: fallback };
  if (placesBack <= 0) return { rank: queue[0]!.rank - 1 };
  if (queue.length <= placesBack) return { rank: queue[queue.length - 1]!.rank + 1 };
  const before = queue[placesBack - 1]!;
  const after = queue[placesBack]!;
  if (before.rank < after.rank) return { rank: (before.rank + after.rank) / 2 };
  return { rank: before.rank, order: (before.order + after.order) / 2 };
}

/** A rank ahead of everyone waiting. */
export function rankAtFront(queue: readonly Ticket[], fallback: number): number {
  return queue.length === 0 ? fallback : queue[0]!.rank - 1;
}
