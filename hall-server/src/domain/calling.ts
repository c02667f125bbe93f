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

/**
 * What one service offers a window: its first normal ticket in line, its
 * first priority ticket, and the longest waiting of its tickets (overdue or
 * not). Found without walking the line: a ticket's place follows its waiting
 * time except for the few out of turn, which are indexed, so the longest
 * waiting is the first in line or one of those.
 */
type Offer = { normal?: Ticket; priority?: Ticket; longest?: Ticket };

function waitedLonger(a: Ticket, b: Ticket | undefined): boolean {
  return !b || a.waitingSince < b.waitingSince || (a.waitingSince === b.waitingSince && a.order < b.order);
}

function consider(offer: Offer, t: Ticket, now: number): void {
  if (isPriorityNow(t, now)) {
    if (!offer.priority || priorityOrder(t, offer.priority) < 0) offer.priority = t;
  } else if (!offer.normal || compareQueued(t, offer.normal) < 0) {
    offer.normal = t;
  }
  if (waitedLonger(t, offer.longest)) offer.longest = t;
}

/** A served service's offer: the line is walked only past tickets this window may not call or that are not in turn. */
function servedOffer(state: HallState, window: HallWindow, code: string, now: number): Offer {
  const offer: Offer = {};
  const q = state.queues.get(code) ?? [];
  let inTurn: Ticket | undefined;
  for (const t of q) {
    if (!callableBy(window, t)) continue;
    if (!offer.normal && !isPriorityNow(t, now)) offer.normal = t;
    if (!inTurn && t.rank === t.waitingSince) inTurn = t;
    if (offer.normal && inTurn) break;
  }
  if (inTurn) offer.longest = inTurn;
  for (const t of state.priorityWaiting.get(code) ?? []) if (callableBy(window, t)) consider(offer, t, now);
  for (const t of state.outOfTurnWaiting.get(code) ?? []) if (callableBy(window, t) && waitedLonger(t, offer.longest)) offer.longest = t;
  return offer;
}

/** The offers of this window's services and of the tickets sent to it from others, in the window's order. */
function offers(state: HallState, window: HallWindow, now: number): Map<string, Offer> {
  const byService = new Map<string, Offer>();
  const served = new Set(window.services.map((s) => s.code));
  for (const code of served) {
    const offer = servedOffer(state, window, code, now);
    if (offer.longest || offer.normal || offer.priority) byService.set(code, offer);
  }
  const sentFrom = new Map<string, Offer>();
  for (const t of state.sentToWindow.get(window.no) ?? []) {
    if (served.has(t.serviceCode)) continue;
    let offer = sentFrom.get(t.serviceCode);
    if (!offer) sentFrom.set(t.serviceCode, (offer = {}));
    consider(offer, t, now);
  }
  // Services the window does not serve come after its own, in the order the hall first queued them.
  for (const code of state.queues.keys()) {
    const offer = sentFrom.get(code);
    if (offer) byService.set(code, offer);
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

/** Among the services' longest waiting tickets, the one that has waited longest past its service's limit. */
function overdue(state: HallState, pool: Map<string, Offer>, now: number): Ticket | undefined {
  let best: Ticket | undefined;
  for (const [code, { longest }] of pool) {
    if (longest && now - longest.waitingSince >= maxWaitMs(state, code) && waitedLonger(longest, best)) best = longest;
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
  const pool = offers(state, window, now);
  if (pool.size === 0) return undefined;

  const late = overdue(state, pool, now);
  if (late) return { ticket: late, window, rule: 'max-wait' };

  const priority = new Map<string, Ticket>();
  const normal = new Map<string, Ticket>();
  for (const [code, offer] of pool) {
    if (offer.priority) priority.set(code, offer.priority);
    if (offer.normal) normal.set(code, offer.normal);
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
  const ticket = chosen.get(code)!;
  return { ticket, window: { ...window, cycle, credits }, rule: usePriority ? 'priority' : 'normal' };
}
