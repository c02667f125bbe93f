/** Opening, pausing, closing and re-assigning windows. */
import { conflict, invalid } from './errors.ts';
import type { Decision } from './events.ts';
import { findService } from './issue.ts';
import type { Clerk, DecisionContext, HallState, HallWindow, WindowService } from './model.ts';
import { assertActsFor, findWindow } from './window-guard.ts';

export type OpenWindow = { type: 'openWindow'; windowNo: number; clerk?: Clerk };
export type PauseWindow = { type: 'pauseWindow'; windowNo: number; reason: string };
export type ResumeWindow = { type: 'resumeWindow'; windowNo: number };
export type CloseWindow = { type: 'closeWindow'; windowNo: number };
export type UpdateWindow = { type: 'updateWindow'; windowNo: number; name?: string; services?: WindowService[] };

export function decideOpen(state: HallState, cmd: OpenWindow, ctx: DecisionContext): Decision<HallWindow> {
  assertActsFor(ctx, cmd.windowNo);
  const w = findWindow(state, cmd.windowNo);
  if (w.state === 'open' && !cmd.clerk) throw conflict('WINDOW_ALREADY_OPEN', `window ${w.no} is already open`);
  const window: HallWindow = { ...w, state: 'open', pauseReason: undefined, clerk: cmd.clerk ?? w.clerk, updatedAt: ctx.now };
  return { events: [{ type: 'window.saved', change: 'opened', window }], result: window };
}

export function decidePause(state: HallState, cmd: PauseWindow, ctx: DecisionContext): Decision<HallWindow> {
  assertActsFor(ctx, cmd.windowNo);
  const w = findWindow(state, cmd.windowNo);
  if (!cmd.reason.trim()) throw invalid('REASON_REQUIRED', 'say why the window pauses');
  if (w.state !== 'open') throw conflict('WINDOW_NOT_OPEN', `window ${w.no} is ${w.state}`);
  const window: HallWindow = { ...w, state: 'paused', pauseReason: cmd.reason.trim(), updatedAt: ctx.now };
  return { events: [{ type: 'window.saved', change: 'paused', window }], result: window };
}

export function decideResume(state: HallState, cmd: ResumeWindow, ctx: DecisionContext): Decision<HallWindow> {
  assertActsFor(ctx, cmd.windowNo);
  const w = findWindow(state, cmd.windowNo);
  if (w.state !== 'paused') throw conflict('WINDOW_NOT_PAUSED', `window ${w.no} is ${w.state}`);
  const window: HallWindow = { ...w, state: 'open', pauseReason: undefined, updatedAt: ctx.now };
  return { events: [{ type: 'window.saved', change: 'resumed', window }], result: window };
}

export function decideClose(state: HallState, cmd: CloseWindow, ctx: DecisionContext): Decision<HallWindow> {
  assertActsFor(ctx, cmd.windowNo);
  const w = findWindow(state, cmd.windowNo);
  if (w.currentTicketId) {
    const t = state.tickets.get(w.currentTicketId);
    if (t && (t.status === 'called' || t.status === 'serving')) {
      throw conflict('WINDOW_BUSY', `window ${w.no} is still handling ${t.number}; finish or transfer it first`);
    }
  }
  if (w.state === 'closed') throw conflict('WINDOW_ALREADY_CLOSED', `window ${w.no} is already closed`);
  const window: HallWindow = { ...w, state: 'closed', pauseReason: undefined, clerk: undefined, currentTicketId: undefined, updatedAt: ctx.now };
  return { events: [{ type: 'window.saved', change: 'closed', window }], result: window };
}

export function decideUpdateWindow(state: HallState, cmd: UpdateWindow, ctx: DecisionContext): Decision<HallWindow> {
  const w = findWindow(state, cmd.windowNo);
  if (cmd.services) {
    if (cmd.services.length === 0) throw invalid('SERVICES_REQUIRED', 'a window serves at least one service');
    const seen = new Set<string>();
    for (const s of cmd.services) {
      findService(state, s.code);
      if (seen.has(s.code)) throw invalid('DUPLICATE_SERVICE', `service ${s.code} is listed twice`);
      seen.add(s.code);
    }
  }
  const window: HallWindow = {
    ...w,
    name: cmd.name ?? w.name,
    services: cmd.services ?? w.services,
    credits: cmd.services ? {} : w.credits,
    updatedAt: ctx.now,
  };
  return { events: [{ type: 'window.saved', change: 'updated', window }], result: window };
}
