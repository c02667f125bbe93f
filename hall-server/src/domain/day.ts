/**
 * Day boundaries and configuration changes: the two decisions that touch
 * the whole hall at once.
 */
import type { HallConfig } from './config.ts';
import { conflict } from './errors.ts';
import type { Decision, HallEvent } from './events.ts';
import { hallDay } from './hall-time.ts';
import type { DecisionContext, HallState, HallWindow } from './model.ts';
import { emptyCounters } from './state.ts';

/**
 * Starts a new hall day if `now` belongs to one: yesterday's unfinished
 * tickets close as expired, windows let go of them, and numbering and quotas
 * start again. Returns no events while the day is the same.
 */
export function decideDayStart(state: HallState, ctx: Pick<DecisionContext, 'now'>): HallEvent[] {
  const day = hallDay(ctx.now, state.config.timeZone, state.config.rules.dailyResetAt);
  // Only forwards: a clock stepped back across the reset must not restart a day and repeat its numbers.
  if (day <= state.counters.day) return [];
  const events: HallEvent[] = [];
  for (const t of state.tickets.values()) {
    if (t.day === day) continue;
    if (t.status === 'waiting' || t.status === 'called' || t.status === 'serving') {
      events.push({ type: 'ticket.saved', change: 'expired', ticket: { ...t, status: 'cancelled', cancelReason: 'day-ended', closedAt: ctx.now } });
    }
  }
  for (const w of state.windows.values()) {
    if (w.currentTicketId || w.lastFinishedTicketId) {
      events.push({
        type: 'window.saved',
        change: 'released',
        window: { ...w, currentTicketId: undefined, lastFinishedTicketId: undefined, updatedAt: ctx.now },
      });
    }
  }
  events.push({ type: 'day.started', counters: emptyCounters(day) });
  return events;
}

export type ApplyConfig = { type: 'applyConfig'; config: HallConfig };

/**
 * A new configuration replaces the catalogue and rules. Windows it lists take
 * their names and services from it and keep their state and clerk; new ones
 * start in their initial state. A window that is busy cannot lose a service
 * it is handling a ticket of.
 */
export function decideApplyConfig(state: HallState, cmd: ApplyConfig, ctx: DecisionContext): Decision<HallConfig> {
  const events: HallEvent[] = [{ type: 'config.applied', config: cmd.config }];
  const listed = new Set(cmd.config.windows.map((w) => w.no));
  for (const w of state.windows.values()) {
    if (listed.has(w.no)) continue;
    if (w.currentTicketId) throw conflict('WINDOW_BUSY', `window ${w.no} is handling a ticket and cannot be removed now`);
    events.push({ type: 'window.removed', windowNo: w.no });
  }
  for (const wc of cmd.config.windows) {
    const existing = state.windows.get(wc.no);
    const current = existing?.currentTicketId ? state.tickets.get(existing.currentTicketId) : undefined;
    if (
      current &&
      (current.status === 'called' || current.status === 'serving') &&
      existing!.services.some((s) => s.code === current.serviceCode) &&
      !wc.services.some((s) => s.code === current.serviceCode)
    ) {
      throw conflict('WINDOW_BUSY', `window ${wc.no} is handling ${current.number} and cannot stop serving ${current.serviceCode} now`);
    }
    const window: HallWindow = existing
      ? { ...existing, name: wc.name, services: wc.services, credits: {}, updatedAt: ctx.now }
      : { no: wc.no, name: wc.name, services: wc.services, state: wc.initialState, cycle: { priority: 0, normal: 0 }, credits: {}, updatedAt: ctx.now };
    events.push({ type: 'window.saved', change: existing ? 'updated' : 'opened', window });
  }
  return { events, result: cmd.config };
}
