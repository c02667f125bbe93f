/** Checks shared by every action a window takes. */
import { conflict, forbidden, notFound } from './errors.ts';
import type { DecisionContext, HallState, HallWindow, Ticket } from './model.ts';

export function findWindow(state: HallState, windowNo: number): HallWindow {
  const w = state.windows.get(windowNo);
  if (!w) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
  return w;
}

export function findTicket(state: HallState, ticketId: string): Ticket {
  const t = state.tickets.get(ticketId);
  if (!t) throw notFound('TICKET_NOT_FOUND', `no ticket ${ticketId} today`);
  return t;
}

/** The ticket a window is calling or serving now, if any. */
export function currentTicketOf(state: HallState, window: HallWindow): Ticket | undefined {
  return window.currentTicketId ? state.tickets.get(window.currentTicketId) : undefined;
}

/** A counter token is bound to one window; it may act for that window only. */
export function assertActsFor(ctx: DecisionContext, windowNo: number): void {
  if (ctx.actor.role === 'counter' && ctx.actor.windowNo !== windowNo) {
    throw forbidden('WRONG_WINDOW', `this terminal is bound to window ${ctx.actor.windowNo}, not ${windowNo}`);
  }
}

export function assertOpen(window: HallWindow): void {
  if (window.state === 'paused') throw conflict('WINDOW_PAUSED', `window ${window.no} is paused; resume it first`);
  if (window.state === 'closed') throw conflict('WINDOW_CLOSED', `window ${window.no} is closed; open it first`);
}

/** The ticket must be the one this window is handling now. */
export function assertCurrentAt(window: HallWindow, ticket: Ticket): void {
  if (window.currentTicketId === ticket.id) return;
  if (ticket.windowNo !== undefined && ticket.windowNo !== window.no && (ticket.status === 'called' || ticket.status === 'serving')) {
    throw conflict('TICKET_TAKEN', `ticket ${ticket.number} is being handled at window ${ticket.windowNo}`, { windowNo: ticket.windowNo });
  }
  throw conflict('NOT_CURRENT_TICKET', `ticket ${ticket.number} is not the current ticket of window ${window.no}`, {
    status: ticket.status,
  });
}
