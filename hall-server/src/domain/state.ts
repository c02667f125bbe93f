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

function trackPriority(state: HallState, prev: Ticket | undefined, next: Ticket): void {
  if (prev?.priority && prev.status === 'waiting') state.priorityWaiting.get(prev.serviceCode)?.delete(prev);
  if (next.priority && next.status === 'waiting') {
    let set = state.priorityWaiting.get(next.serviceCode);
    if (!set) state.priorityWaiting.set(next.serviceCode, (set = new Set()));
    set.add(next);
  }
}

export function putTicket(state: HallState, ticket: Ticket): void {
  const prev = state.tickets.get(ticket.id);
  if (prev?.status === 'waiting') dequeue(state, prev);
  state.tickets.set(ticket.id, ticket);
  if (ticket.status === 'waiting') enqueue(state, ticket);
  trackPriority(state, prev, ticket);
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
