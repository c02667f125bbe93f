/**
 * The in-memory state of a hall and the one function that changes it.
 * Decisions read state; only `applyEvent` writes it, and only after the
 * store has committed the events.
 */
import type { HallConfig } from './config.ts';
import type { HallEvent } from './events.ts';
import type { DayCounters, HallState, HallWindow, Ticket } from './model.ts';
import { dequeue, enqueue } from './queue.ts';

export function emptyCounters(day: string): DayCounters {
  return { day, sequences: {}, issuedByService: {}, issuedBySlot: {}, issueOrder: 0 };
}

export function createState(config: HallConfig, day: string): HallState {
  return {
    config,
    counters: emptyCounters(day),
    timing: {},
    windows: new Map(),
    tickets: new Map(),
    queues: new Map(),
    appointments: new Map(),
    appointmentsByCode: new Map(),
    leases: new Map(),
    activeByIdentity: new Map(),
    priorityWaiting: new Map(),
    outOfTurnWaiting: new Map(),
    sentToWindow: new Map(),
  };
}

function trackIdentity(state: HallState, prev: Ticket | undefined, next: Ticket): void {
  const key = next.identity?.keyHash;
  if (!key) return;
  const ids = state.activeByIdentity.get(key) ?? new Set<string>();
  const active = next.status === 'waiting' || next.status === 'called' || next.status === 'serving';
  if (active) ids.add(next.id);
  else ids.delete(next.id);
  if (ids.size) state.activeByIdentity.set(key, ids);
  else state.activeByIdentity.delete(key);
  void prev;
}

/** Keeps `index` holding the waiting tickets `member` names a key for, under that key. */
function track<K>(index: Map<K, Set<Ticket>>, prev: Ticket | undefined, next: Ticket, member: (t: Ticket) => K | undefined): void {
  const before = prev?.status === 'waiting' ? member(prev) : undefined;
  if (before !== undefined) index.get(before)?.delete(prev!);
  const after = next.status === 'waiting' ? member(next) : undefined;
  if (after === undefined) return;
  let set = index.get(after);
  if (!set) index.set(after, (set = new Set()));
  set.add(next);
}

const byPriority = (t: Ticket) => (t.priority ? t.serviceCode : undefined);
const byTurn = (t: Ticket) => (t.rank !== t.waitingSince ? t.serviceCode : undefined);
const bySentTo = (t: Ticket) => t.targetWindowNo;

export function putTicket(state: HallState, ticket: Ticket): void {
  const prev = state.tickets.get(ticket.id);
  if (prev?.status === 'waiting') dequeue(state, prev);
  state.tickets.set(ticket.id, ticket);
  if (ticket.status === 'waiting') enqueue(state, ticket);
  track(state.priorityWaiting, prev, ticket, byPriority);
  track(state.outOfTurnWaiting, prev, ticket, byTurn);
  track(state.sentToWindow, prev, ticket, bySentTo);
  trackIdentity(state, prev, ticket);
}

export function putWindow(state: HallState, window: HallWindow): void {
  state.windows.set(window.no, window);
}

export function applyEvent(state: HallState, event: HallEvent): void {
  switch (event.type) {
    case 'config.applied':
      state.config = event.config;
      return;
    case 'day.started':
      state.counters = event.counters;
      // Yesterday's tickets were all closed by the same decision; drop them from memory.
      for (const [id, t] of state.tickets) if (t.day !== event.counters.day) state.tickets.delete(id);
      return;
    case 'counters.changed':
      state.counters = event.counters;
      return;
    case 'ticket.saved':
      putTicket(state, event.ticket);
      return;
    case 'window.saved':
      putWindow(state, event.window);
      return;
    case 'window.removed':
      state.windows.delete(event.windowNo);
      return;
    case 'timing.changed':
      state.timing[event.serviceCode] = event.timing;
      return;
    case 'rating.recorded':
      return;
    case 'lease.saved':
      state.leases.set(event.lease.id, event.lease);
      return;
    case 'appointment.saved':
      state.appointments.set(event.appointment.id, event.appointment);
      state.appointmentsByCode.set(event.appointment.code, event.appointment.id);
      return;
  }
}

export function applyEvents(state: HallState, events: readonly HallEvent[]): void {
  for (const e of events) applyEvent(state, e);
}
