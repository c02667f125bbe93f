/**
 * What a window does with the ticket in front of it: call, recall, start,
 * finish, mark a no-show.
 */
import { conflict } from './errors.ts';
import type { Decision, HallEvent } from './events.ts';
import { avgServiceMs, nextTiming } from './estimate.ts';
import { selectNext } from './calling.ts';
import type { DecisionContext, HallState, HallWindow, Ticket } from './model.ts';
import { assertActsFor, assertCurrentAt, assertOpen, currentTicketOf, findTicket, findWindow } from './window-guard.ts';

/** A second "call next" this soon after a call is a double click or a retry, not a new call. */
export const CALL_GUARD_MS = 3_000;

export type CallNext = { type: 'callNext'; windowNo: number };
export type CallTicket = { type: 'callTicket'; windowNo: number; ticketId: string };
export type RecallTicket = { type: 'recallTicket'; windowNo: number };
export type StartService = { type: 'startService'; ticketId: string };
export type FinishTicket = { type: 'finishTicket'; ticketId: string };
export type SkipTicket = { type: 'skipTicket'; ticketId: string };

/** Closes the window's current ticket as finished, so that calling the next one needs one press. */
function finishCurrent(state: HallState, window: HallWindow, now: number): { events: HallEvent[]; window: HallWindow } {
  if (!window.currentTicketId) return { events: [], window };
  const current = state.tickets.get(window.currentTicketId);
  if (!current || (current.status !== 'called' && current.status !== 'serving')) {
    return { events: [], window: { ...window, currentTicketId: undefined } };
  }
  return finishTicketAt(state, current, window, now);
}

function finishTicketAt(state: HallState, ticket: Ticket, window: HallWindow, now: number): { events: HallEvent[]; window: HallWindow } {
  const finished: Ticket = { ...ticket, status: 'finished', finishedAt: now, closedAt: now };
  const events: HallEvent[] = [{ type: 'ticket.saved', change: 'finished', ticket: finished }];
  const started = ticket.servingAt ?? ticket.calledAt ?? now;
  const timing = nextTiming(state.timing[ticket.serviceCode], avgServiceMs(state, ticket.serviceCode), now - started);
  if (timing) events.push({ type: 'timing.changed', serviceCode: ticket.serviceCode, timing });
  return { events, window: { ...window, currentTicketId: undefined, lastFinishedTicketId: ticket.id, updatedAt: now } };
}

function guardDoubleCall(state: HallState, window: HallWindow, now: number): void {
  const current = currentTicketOf(state, window);
  if (current?.status === 'called' && current.calledAt !== undefined && now - current.calledAt < CALL_GUARD_MS) {
    throw conflict('ALREADY_CALLED', `window ${window.no} called ${current.number} a moment ago`, {
      ticketId: current.id,
      number: current.number,
    });
  }
}

/** The ticket called to the window, after whatever closing the window's previous ticket produced. */
function callDecision(closing: HallEvent[], ticket: Ticket, window: HallWindow, now: number): Decision<Ticket> {
  const called: Ticket = {
    ...ticket,
    status: 'called',
    calledAt: now,
    firstCalledAt: ticket.firstCalledAt ?? now,
    windowNo: window.no,
    staffNo: window.clerk?.staffNo,
    targetWindowNo: undefined,
  };
  return {
    events: [
      ...closing,
      { type: 'ticket.saved', change: 'called', ticket: called },
      { type: 'window.saved', change: 'assigned', window: { ...window, currentTicketId: ticket.id, updatedAt: now } },
    ],
    result: called,
  };
}

export function decideCallNext(state: HallState, cmd: CallNext, ctx: DecisionContext): Decision<Ticket | undefined> {
  assertActsFor(ctx, cmd.windowNo);
  const window = findWindow(state, cmd.windowNo);
  assertOpen(window);
  guardDoubleCall(state, window, ctx.now);
  const closing = finishCurrent(state, window, ctx.now);
  const selection = selectNext(state, closing.window, ctx.now);
  if (!selection) {
    const events = closing.events.length ? [...closing.events, { type: 'window.saved', change: 'released', window: closing.window } as HallEvent] : [];
    return { events, result: undefined };
  }
  return callDecision(closing.events, selection.ticket, selection.window, ctx.now);
}

export function decideCallTicket(state: HallState, cmd: CallTicket, ctx: DecisionContext): Decision<Ticket> {
  assertActsFor(ctx, cmd.windowNo);
  const window = findWindow(state, cmd.windowNo);
  assertOpen(window);
  const ticket = findTicket(state, cmd.ticketId);
  if (ticket.status === 'called' || ticket.status === 'serving') {
    throw conflict('TICKET_TAKEN', `ticket ${ticket.number} is already at window ${ticket.windowNo}`, { windowNo: ticket.windowNo });
  }
  if (ticket.status !== 'waiting') throw conflict('TICKET_NOT_WAITING', `ticket ${ticket.number} is ${ticket.status}`, { status: ticket.status });
  const serves = window.services.some((s) => s.code === ticket.serviceCode) || ticket.targetWindowNo === window.no;
  if (!serves) throw conflict('SERVICE_NOT_AT_WINDOW', `window ${window.no} does not handle ${ticket.serviceCode}`);
  if (ticket.targetWindowNo !== undefined && ticket.targetWindowNo !== window.no) {
    throw conflict('TICKET_FOR_OTHER_WINDOW', `ticket ${ticket.number} was sent to window ${ticket.targetWindowNo}`);
  }
  const closing = finishCurrent(state, window, ctx.now);
  return callDecision(closing.events, ticket, closing.window, ctx.now);
}

export function decideRecall(state: HallState, cmd: RecallTicket, ctx: DecisionContext): Decision<Ticket> {
  assertActsFor(ctx, cmd.windowNo);
  const window = findWindow(state, cmd.windowNo);
  const current = currentTicketOf(state, window);
  if (current?.status !== 'called') throw conflict('NOTHING_TO_RECALL', `window ${window.no} has no called ticket to recall`);
  const ticket: Ticket = { ...current, recallCount: current.recallCount + 1, calledAt: ctx.now };
  return { events: [{ type: 'ticket.saved', change: 'recalled', ticket }], result: ticket };
}

function currentOfActor(state: HallState, ticketId: string, ctx: DecisionContext): { ticket: Ticket; window: HallWindow } {
  const ticket = findTicket(state, ticketId);
  const windowNo = ctx.actor.windowNo ?? ticket.windowNo;
  if (windowNo === undefined) throw conflict('NOT_CURRENT_TICKET', `ticket ${ticket.number} is not at any window`, { status: ticket.status });
  const window = findWindow(state, windowNo);
  assertCurrentAt(window, ticket);
  return { ticket, window };
}

export function decideStart(state: HallState, cmd: StartService, ctx: DecisionContext): Decision<Ticket> {
  const { ticket } = currentOfActor(state, cmd.ticketId, ctx);
  if (ticket.status !== 'called') throw conflict('NOT_CALLED', `ticket ${ticket.number} is ${ticket.status}`, { status: ticket.status });
  const serving: Ticket = { ...ticket, status: 'serving', servingAt: ctx.now };
  return { events: [{ type: 'ticket.saved', change: 'serving', ticket: serving }], result: serving };
}

export function decideFinish(state: HallState, cmd: FinishTicket, ctx: DecisionContext): Decision<Ticket> {
  const { ticket, window } = currentOfActor(state, cmd.ticketId, ctx);
  if (ticket.status !== 'called' && ticket.status !== 'serving') {
    throw conflict('NOT_CURRENT_TICKET', `ticket ${ticket.number} is ${ticket.status}`, { status: ticket.status });
  }
  const done = finishTicketAt(state, ticket, window, ctx.now);
  return {
    events: [...done.events, { type: 'window.saved', change: 'released', window: done.window }],
    result: (done.events[0] as { ticket: Ticket }).ticket,
  };
}

export function decideSkip(state: HallState, cmd: SkipTicket, ctx: DecisionContext): Decision<Ticket> {
  const { ticket, window } = currentOfActor(state, cmd.ticketId, ctx);
  if (ticket.status !== 'called') throw conflict('NOT_CALLED', `only a called ticket can be a no-show; ${ticket.number} is ${ticket.status}`);
  const skipped: Ticket = { ...ticket, status: 'no-show', noShowAt: ctx.now, closedAt: ctx.now };
  return {
    events: [
      { type: 'ticket.saved', change: 'no-show', ticket: skipped },
      { type: 'window.saved', change: 'released', window: { ...window, currentTicketId: undefined, updatedAt: ctx.now } },
    ],
    result: skipped,
  };
}
