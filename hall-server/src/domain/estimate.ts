/**
 * Wait estimates. Each window gives a service the share of its time its
 * weight earns it; the service's running average service time spreads the
 * people ahead over those shares.
 */
import type { HallState, ServiceTiming, Ticket } from './model.ts';
import { compareQueued, positionOf } from './queue.ts';

const MINUTE = 60_000;
/** Weight of the newest service time in the running average. */
const SMOOTHING = 0.2;
/** Service times outside these bounds are mistakes (a finish pressed twice, a window left open). */
const PLAUSIBLE_MS = { min: 10_000, max: 4 * 60 * MINUTE };

export function avgServiceMs(state: HallState, serviceCode: string): number {
  const timing = state.timing[serviceCode];
  if (timing) return timing.avgServiceMs;
  const item = state.config.services.find((s) => s.code === serviceCode);
  return (item?.avgServiceMinutes ?? 8) * MINUTE;
}

/** Window capacity given to a service: open windows first, else every window that serves it. */
export function windowShare(state: HallState, serviceCode: string): number {
  let open = 0;
  let all = 0;
  for (const w of state.windows.values()) {
    const total = w.services.reduce((sum, s) => sum + s.weight, 0);
    const mine = w.services.find((s) => s.code === serviceCode);
    if (!mine || total === 0) continue;
    const share = mine.weight / total;
    all += share;
    if (w.state === 'open') open += share;
  }
  return open > 0 ? open : all > 0 ? all : 1;
}

export function estimateWaitMinutes(state: HallState, serviceCode: string, ahead: number): number {
  if (ahead <= 0) return 0;
  return Math.ceil((ahead * avgServiceMs(state, serviceCode)) / windowShare(state, serviceCode) / MINUTE);
}

/**
 * Tickets of the same service a window would call before this one: for a
 * normal ticket, everyone ahead in the queue plus priority tickets behind it;
 * for a priority ticket, the priority tickets ahead. O(log n) plus the few
 * priority tickets, since this runs for every ticket shown.
 */
export function waitingAhead(state: HallState, ticket: Ticket, now: number): number {
  const q = state.queues.get(ticket.serviceCode) ?? [];
  const priority = state.priorityWaiting.get(ticket.serviceCode) ?? new Set<Ticket>();
  if (isPriorityNow(ticket, now)) {
    let ahead = 0;
    for (const t of priority) if (t.id !== ticket.id && isPriorityNow(t, now) && compareQueued(t, ticket) < 0) ahead++;
    return ahead;
  }
  const index = positionOf(q, ticket);
  let ahead = index >= 0 ? index : q.length;
  for (const t of priority) if (isPriorityNow(t, now) && compareQueued(t, ticket) > 0) ahead++;
  return ahead;
}

/** Open windows that serve a service (whatever its weight there). */
export function openWindowsServing(state: HallState, serviceCode: string): number {
  let open = 0;
  for (const w of state.windows.values()) if (w.state === 'open' && w.services.some((s) => s.code === serviceCode)) open++;
  return open;
}

/**
 * When the longest current wait began. Waits begin in queue order except for
 * priority tickets (appointments sit at their slot's place) and the rare
 * ticket moved about, so the head of the queue and the priority tickets hold
 * the answer.
 */
export function oldestWaitingSince(state: HallState, serviceCode: string, now: number): number {
  const q = state.queues.get(serviceCode) ?? [];
  let oldest = now;
  for (let i = 0; i < q.length && i < 64; i++) if (q[i]!.waitingSince < oldest) oldest = q[i]!.waitingSince;
  for (const t of state.priorityWaiting.get(serviceCode) ?? []) if (t.waitingSince < oldest) oldest = t.waitingSince;
  return oldest;
}

/**
 * Appointment tickets are priority only within their slot, from its start up
 * to (not including) its end: checked in early, one waits as a normal ticket
 * placed at its booked time. Green-channel tickets are priority always.
 */
export function isPriorityNow(ticket: Ticket, now: number): boolean {
  if (!ticket.priority) return false;
  if (ticket.priority === 'appointment') {
    return (ticket.slotStart === undefined || now >= ticket.slotStart) && (ticket.slotEnd === undefined || now < ticket.slotEnd);
  }
  return true;
}

export function nextTiming(previous: ServiceTiming | undefined, fallbackMs: number, durationMs: number): ServiceTiming | undefined {
  if (durationMs < PLAUSIBLE_MS.min || durationMs > PLAUSIBLE_MS.max) return undefined;
  const base = previous ?? { avgServiceMs: fallbackMs, samples: 0 };
  return {
    avgServiceMs: Math.round(base.avgServiceMs * (1 - SMOOTHING) + durationMs * SMOOTHING),
    samples: base.samples + 1,
  };
}
