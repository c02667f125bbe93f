/**
 * The selection reads indexes instead of walking every line; it must choose
 * exactly as the rules read when every line is walked. Here the rules are
 * written out the walking way (the oracle), and both are asked the same
 * question over random halls: lines with priority, booked and out-of-turn
 * tickets, tickets sent to windows, changed and called while the indexes
 * follow, at random moments.
 */
import { describe, expect, it } from 'vitest';
import { selectNext, type Selection } from './calling.ts';
import { isPriorityNow } from './estimate.ts';
import type { HallState, HallWindow, PriorityReason, Ticket } from './model.ts';
import { compareQueued } from './queue.ts';
import { createState, putTicket } from './state.ts';
import { testHallConfig, testWindows } from './testing.ts';

const MINUTE = 60_000;

function oracle(state: HallState, window: HallWindow, now: number): Selection | undefined {
  const callable = (t: Ticket) => t.targetWindowNo === undefined || t.targetWindowNo === window.no;
  const pool = new Map<string, Ticket[]>();
  const served = new Set(window.services.map((s) => s.code));
  for (const s of window.services) {
    const q = (state.queues.get(s.code) ?? []).filter(callable);
    if (q.length) pool.set(s.code, q);
  }
  for (const [code, q] of state.queues) {
    if (served.has(code)) continue;
    const sent = q.filter((t) => t.targetWindowNo === window.no);
    if (sent.length) pool.set(code, sent);
  }
  if (pool.size === 0) return undefined;
  let late: Ticket | undefined;
  for (const [code, q] of pool) {
    const limit = (state.config.services.find((s) => s.code === code)?.maxWaitMinutes ?? state.config.rules.maxWaitMinutes) * MINUTE;
    for (const t of q) {
      if (now - t.waitingSince < limit) continue;
      if (!late || t.waitingSince < late.waitingSince || (t.waitingSince === late.waitingSince && t.order < late.order)) late = t;
    }
  }
  if (late) return { ticket: late, window, rule: 'max-wait' };
  const slot = (t: Ticket) => (t.priority === 'appointment' ? (t.slotStart ?? 0) : Infinity);
  const priority = new Map<string, Ticket[]>();
  const normal = new Map<string, Ticket[]>();
  for (const [code, q] of pool) {
    const p = q.filter((t) => isPriorityNow(t, now)).sort((a, b) => slot(a) - slot(b) || compareQueued(a, b));
    const n = q.filter((t) => !isPriorityNow(t, now));
    if (p.length) priority.set(code, p);
    if (n.length) normal.set(code, n);
  }
  const ratio = state.config.rules.priorityRatio;
  let cycle = window.cycle;
  let usePriority = priority.size > 0;
  if (priority.size && normal.size) {
    usePriority = cycle.priority < ratio.priority;
    cycle = usePriority ? { ...cycle, priority: cycle.priority + 1 } : { ...cycle, normal: cycle.normal + 1 };
    if (cycle.normal >= ratio.normal) cycle = { priority: 0, normal: 0 };
  }
  const chosen = usePriority ? priority : normal;
  const order = new Map(window.services.map((s, i) => [s.code, i]));
  const eligible = [...chosen.keys()].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
  const weights = new Map(window.services.map((s) => [s.code, s.weight]));
  const credits = { ...window.credits };
  let total = 0;
  let best: string | undefined;
  for (const code of eligible) {
    total += weights.get(code) ?? 1;
    credits[code] = (credits[code] ?? 0) + (weights.get(code) ?? 1);
    if (best === undefined || credits[code]! > credits[best]!) best = code;
  }
  credits[best!] = credits[best!]! - total;
  return { ticket: chosen.get(best!)![0]!, window: { ...window, cycle, credits }, rule: usePriority ? 'priority' : 'normal' };
}

/** A small deterministic generator, so a failure names the seed that finds it again. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

const REASONS: (PriorityReason | undefined)[] = [undefined, undefined, undefined, undefined, 'elderly', 'appointment', 'disabled'];

function randomHall(seed: number): { state: HallState; windows: HallWindow[]; now: number } {
  const r = random(seed);
  const base = Date.parse('2026-11-23T09:00:00+08:00');
  const windows = [...testWindows(), { no: 5, name: '5', services: [{ code: 'social', weight: 2 }, { code: 'hukou' }], initialState: 'open' as const }];
  const config = testHallConfig({ windows, rules: { maxWaitMinutes: 30 + r.int(60), priorityRatio: { priority: 1 + r.int(3), normal: 1 + r.int(3) } } });
  const state = createState(config, '2026-11-23');
  const codes = config.services.map((s) => s.code);
  const hallWindows: HallWindow[] = config.windows.map((w) => ({
    no: w.no,
    name: w.name,
    services: w.services.map((s) => ({ code: s.code, weight: s.weight ?? 1 })),
    state: 'open',
    cycle: { priority: r.int(3), normal: r.int(3) },
    credits: Object.fromEntries(w.services.map((s) => [s.code, r.int(5) - 2])),
    updatedAt: base,
  }));
  const tickets: Ticket[] = [];
  const count = 1 + r.int(80);
  for (let i = 0; i < count; i++) {
    const issuedAt = base + i * 30_000 + r.int(3) * 1000;
    const priority = r.pick(REASONS);
    const slotStart = priority === 'appointment' ? base + r.int(240) * MINUTE : undefined;
    // Out of turn: put back behind the head or sent to the front (place and waiting time part ways), or booked.
    const outOfTurn = r.next() < 0.15;
    const t: Ticket = {
      id: `t${i}`,
      day: '2026-11-23',
      number: `A${i}`,
      serviceCode: r.pick(codes),
      source: 'kiosk',
      status: 'waiting',
      priority,
      slotStart,
      slotEnd: slotStart === undefined ? undefined : slotStart + 30 * MINUTE,
      order: i,
      rank: priority === 'appointment' ? slotStart! : outOfTurn ? base - r.int(100) * 1000 : issuedAt,
      issuedAt,
      waitingSince: outOfTurn ? issuedAt + r.int(90) * MINUTE : issuedAt,
      targetWindowNo: r.next() < 0.15 ? 1 + r.int(5) : undefined,
      recallCount: 0,
    } as Ticket;
    putTicket(state, t);
    tickets.push(t);
  }
  // Changes after the fact, as calls, transfers and cancels make them: the indexes must follow.
  for (let i = 0; i < count / 3; i++) {
    const t = state.tickets.get(r.pick(tickets).id)!;
    const change = r.int(3);
    if (change === 0) putTicket(state, { ...t, status: 'called' });
    else if (change === 1) putTicket(state, { ...t, targetWindowNo: r.next() < 0.5 ? undefined : 1 + r.int(5) });
    else putTicket(state, { ...t, rank: t.waitingSince });
  }
  return { state, windows: hallWindows, now: base + r.int(300) * MINUTE };
}

describe('selecting the next ticket through the indexes', () => {
  it('chooses as walking every line would, over 2,000 random halls and every window', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const { state, windows, now } = randomHall(seed);
      for (const window of windows) {
        const expected = oracle(state, window, now);
        const got = selectNext(state, window, now);
        const summary = (s: Selection | undefined) => s && { ticket: s.ticket.id, rule: s.rule, cycle: s.window.cycle, credits: s.window.credits };
        expect(summary(got), `seed ${seed}, window ${window.no}`).toEqual(summary(expected));
      }
    }
  });

  it('keeps the indexes to the waiting tickets only', () => {
    const { state } = randomHall(7);
    const waiting = new Set([...state.tickets.values()].filter((t) => t.status === 'waiting'));
    for (const index of [state.priorityWaiting, state.outOfTurnWaiting, state.sentToWindow])
      for (const set of index.values()) for (const t of set) expect(waiting.has(t)).toBe(true);
    for (const t of waiting) {
      expect(state.outOfTurnWaiting.get(t.serviceCode)?.has(t) ?? false).toBe(t.rank !== t.waitingSince);
      expect(t.targetWindowNo === undefined || state.sentToWindow.get(t.targetWindowNo)!.has(t)).toBe(true);
    }
  });
});
