/**
 * Which ticket a window calls next. The rules, in the order they apply:
 *  1. max wait — a ticket that has waited longer than its limit goes first,
 *     the longest waiting of them;
 *  2. priority:normal ratio — when both classes wait, a window calls
 *     `priority` priority tickets, then `normal` normal ones, and again, so
 *     neither class starves;
 *  3. service weights — among the window's services that have a candidate,
 *     smooth weighted round-robin (the window's order breaks ties);
 *  4. within a service — appointments in their slot by slot start, then the
 *     green channel, by queue position; normal tickets by queue position.
 */
import type { HallState, HallWindow, Ticket } from './model.ts';
import { isPriorityNow } from './estimate.ts';
import { compareQueued } from './queue.ts';

const MINUTE = 60_000;

export type Selection = { ticket: Ticket; window: HallWindow; rule: 'max-wait' | 'priority' | 'normal' };

function callableBy(window: HallWindow, t: Ticket): boolean {
  return t.targetWindowNo === undefined || t.targetWindowNo === window.no;
}

/** Candidates this window may call: its services' queues, and tickets sent to it by transfer. */
function candidates(state: HallState, window: HallWindow): Map<string, Ticket[]> {
  const byService = new Map<string, Ticket[]>();
  const served = new Set(window.services.map((s) => s.code));
  for (const s of window.services) {
    const q = (state.queues.get(s.code) ?? []).filter((t) => callableBy(window, t));
    if (q.length) byService.set(s.code, q);
  }
  for (const [code, q] of state.queues) {
    if (served.has(code)) continue;
    const sent = q.filter((t) => t.targetWindowNo === window.no);
    if (sent.length) byService.set(code, sent);
  }
  return byService;
}

function priorityOrder(a: Ticket, b: Ticket): number {
  const slotA = a.priority === 'appointment' ? (a.slotStart ?? 0) : Infinity;
  const slotB = b.priority === 'appointment' ? (b.slotStart ?? 0) : Infinity;
  return slotA - slotB || compareQueued(a, b);
}

function maxWaitMs(state: HallState, serviceCode: string): number {
  const item = state.config.services.find((s) => s.code === serviceCode);
  return (item?.maxWaitMinutes ?? state.config.rules.maxWaitMinutes) * MINUTE;
}

function overdue(state: HallState, pool: Map<string, Ticket[]>, now: number): Ticket | undefined {
  let best: Ticket | undefined;
  for (const [code, q] of pool) {
    const limit = maxWaitMs(state, code);
    for (const t of q) {
      if (now - t.waitingSince < limit) continue;
      if (!best || t.waitingSince < best.waitingSince || (t.waitingSince === best.waitingSince && t.order < best.order)) best = t;
    }
  }
  return best;
}

/** Smooth weighted round-robin over the services that have a candidate. */
function pickService(window: HallWindow, eligible: string[]): { code: string; credits: Record<string, number> } {
  const weights = new Map(window.services.map((s) => [s.code, s.weight]));
  const credits = { ...window.credits };
  let total = 0;
  let best: string | undefined;
  for (const code of eligible) {
    const w = weights.get(code) ?? 1;
    total += w;
    credits[code] = (credits[code] ?? 0) + w;
    if (best === undefined || credits[code]! > credits[best]!) best = code;
  }
  credits[best!] = credits[best!]! - total;
  return { code: best!, credits };
}

function inWindowOrder(window: HallWindow, codes: Iterable<string>): string[] {
  const order = new Map(window.services.map((s, i) => [s.code, i]));
  return [...codes].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
}

export function selectNext(state: HallState, window: HallWindow, now: number): Selection | undefined {
  const pool = candidates(state, window);
  if (pool.size === 0) return undefined;

  const late = overdue(state, pool, now);
  if (late) return { ticket: late, window, rule: 'max-wait' };

  const priority = new Map<string, Ticket[]>();
  const normal = new Map<string, Ticket[]>();
  for (const [code, q] of pool) {
    const p = q.filter((t) => isPriorityNow(t, now));
    const n = p.length ? q.filter((t) => !isPriorityNow(t, now)) : q;
    if (p.length) priority.set(code, p.sort(priorityOrder));
    if (n.length) normal.set(code, n);
  }

  const ratio = state.config.rules.priorityRatio;
  let usePriority: boolean;
  let cycle = window.cycle;
  if (priority.size && normal.size) {
    usePriority = cycle.priority < ratio.priority;
    cycle = usePriority ? { ...cycle, priority: cycle.priority + 1 } : { ...cycle, normal: cycle.normal + 1 };
    if (cycle.normal >= ratio.normal) cycle = { priority: 0, normal: 0 };
  } else {
    usePriority = priority.size > 0;
  }
  const chosen = usePriority ? priority : normal;
  const { code, credits } = pickService(window, inWindowOrder(window, chosen.keys()));
  const ticket = chosen.get(code)![0]!;
  return { ticket, window: { ...window, cycle, credits }, rule: usePriority ? 'priority' : 'normal' };
}
