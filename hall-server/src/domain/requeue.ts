/**
 * Tickets that go back into a queue: a no-show who returns, a visitor sent to
 * another service or window, and tickets withdrawn before they were called.
 */
import { conflict, invalid } from './errors.ts';
import type { Decision, HallEvent } from './events.ts';
import { findService } from './issue.ts';
import type { DecisionContext, HallState, Ticket } from './model.ts';
import { placeBehindHead, queueOf, rankAtFront } from './queue.ts';
import { assertActsFor, assertCurrentAt, findTicket, findWindow } from './window-guard.ts';

const MINUTE = 60_000;

export type ReactivateTicket = { type: 'reactivateTicket'; ticketId: string };
export type TransferTicket = {
  type: 'transferTicket';
  ticketId: string;
  toServiceCode?: string;
  toWindowNo?: number;
  note?: string;
  placement?: 'keep' | 'front';
};
export type CancelTicket = { type: 'cancelTicket'; ticketId: string; reason: string };

export function decideReactivate(state: HallState, cmd: ReactivateTicket, ctx: DecisionContext): Decision<Ticket> {
  const ticket = findTicket(state, cmd.ticketId);
  if (ticket.status !== 'no-show') throw conflict('NOT_NO_SHOW', `ticket ${ticket.number} is ${ticket.status}, not a no-show`, { status: ticket.status });
  const { placesBack, withinMinutes } = state.config.rules.noShow;
  if (ctx.now - (ticket.noShowAt ?? 0) > withinMinutes * MINUTE) {
    throw conflict('REACTIVATION_EXPIRED', `ticket ${ticket.number} was marked a no-show more than ${withinMinutes} minutes ago; take a new ticket`);
  }
  const place = placeBehindHead(queueOf(state, ticket.serviceCode), placesBack, ctx.now);
  const back: Ticket = {
    ...ticket,
    status: 'waiting',
    rank: place.rank,
    order: place.order ?? ticket.order,
    waitingSince: ctx.now,
    windowNo: undefined,
    calledAt: undefined,
    noShowAt: undefined,
    closedAt: undefined,
  };
  return { events: [{ type: 'ticket.saved', change: 'reactivated', ticket: back }], result: back };
}

/**
 * The old ticket closes as `transferred` and a new one with the same number
 * waits in the new queue, so each service's figures stay its own while the
 * visitor keeps the paper in hand.
 */
export function decideTransfer(state: HallState, cmd: TransferTicket, ctx: DecisionContext): Decision<Ticket> {
  const ticket = findTicket(state, cmd.ticketId);
  if (cmd.toServiceCode === undefined && cmd.toWindowNo === undefined) {
    throw invalid('TRANSFER_TARGET_REQUIRED', 'name a service or a window to transfer to');
  }
  const events: HallEvent[] = [];
  if (ticket.status === 'called' || ticket.status === 'serving') {
    const at = findWindow(state, ticket.windowNo!);
    if (ctx.actor.role === 'counter') {
      assertActsFor(ctx, at.no);
      assertCurrentAt(at, ticket);
    }
    events.push({ type: 'window.saved', change: 'released', window: { ...at, currentTicketId: undefined, updatedAt: ctx.now } });
  } else if (ticket.status !== 'waiting') {
    throw conflict('NOT_TRANSFERABLE', `ticket ${ticket.number} is ${ticket.status}`, { status: ticket.status });
  } else if (ctx.actor.role === 'counter') {
    throw conflict('NOT_CURRENT_TICKET', `a counter transfers the ticket it is handling; ${ticket.number} is still waiting`);
  }
  const serviceCode = cmd.toServiceCode ?? ticket.serviceCode;
  findService(state, serviceCode);
  if (cmd.toWindowNo !== undefined) findWindow(state, cmd.toWindowNo);
  if (serviceCode === ticket.serviceCode && cmd.toWindowNo === undefined) {
    throw invalid('TRANSFER_TO_SAME', 'the ticket is already in that queue');
  }
  const placement = cmd.placement ?? state.config.rules.transferPlacement;
  const queue = queueOf(state, serviceCode);
  const moved: Ticket = {
    ...ticket,
    id: ctx.newId(),
    serviceCode,
    status: 'waiting',
    rank: placement === 'front' ? rankAtFront(queue, ctx.now) : ticket.rank,
    waitingSince: placement === 'front' ? ctx.now : ticket.waitingSince,
    windowNo: undefined,
    targetWindowNo: cmd.toWindowNo,
    calledAt: undefined,
    firstCalledAt: undefined,
    servingAt: undefined,
    recallCount: 0,
    transferredFrom: ticket.id,
    transferredTo: undefined,
    transferNote: cmd.note,
  };
  const closed: Ticket = { ...ticket, status: 'transferred', transferredTo: moved.id, closedAt: ctx.now };
  events.unshift({ type: 'ticket.saved', change: 'transferred', ticket: closed }, { type: 'ticket.saved', change: 'issued', ticket: moved });
  return { events, result: moved };
}

export function decideCancel(state: HallState, cmd: CancelTicket, ctx: DecisionContext): Decision<Ticket> {
  const ticket = findTicket(state, cmd.ticketId);
  if (ticket.status !== 'waiting') throw conflict('TICKET_NOT_WAITING', `only a waiting ticket can be cancelled; ${ticket.number} is ${ticket.status}`);
  const cancelled: Ticket = { ...ticket, status: 'cancelled', cancelReason: cmd.reason, closedAt: ctx.now };
  return { events: [{ type: 'ticket.saved', change: 'cancelled', ticket: cancelled }], result: cancelled };
}
