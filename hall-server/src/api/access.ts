/**
 * Who may see or change which object: the hall's rules of trust, in one
 * place (docs/security.md, "The rules"). Operations ask these questions and
 * refuse with the answers' codes; nothing else decides access to a ticket, a
 * filing, a rating or a clerk's window. Every function is pure: state and
 * time come in as arguments.
 */
import { forbidden } from '../domain/errors.ts';
import type { HallState, Ticket } from '../domain/model.ts';
import type { Principal } from '../store/tokens.ts';

/** How long after a service is finished its visitor may still rate it. */
export const RATING_WINDOW_MS = 30 * 60_000;

/** The clerk signed in (by PIN) at the counter's window, if any. */
export function clerkAt(state: HallState, principal: Principal): { staffNo: string; name: string } | undefined {
  if (principal.role !== 'counter' || principal.windowNo === undefined) return undefined;
  return state.windows.get(principal.windowNo)?.clerk;
}

/** The counter's window is handling this visitor now: called or being served there. */
export function handlesNow(_state: HallState, principal: Principal, ticket: Ticket): boolean {
  return principal.role === 'counter' && ticket.windowNo === principal.windowNo && (ticket.status === 'called' || ticket.status === 'serving');
}

/**
 * The visitor's ID number, name and documents go to the window handling them
 * now, and only while a clerk who signed in with their PIN sits there.
 */
export function seesPersonalData(state: HallState, principal: Principal, ticket: Ticket | undefined): boolean {
  return ticket !== undefined && handlesNow(state, principal, ticket) && clerkAt(state, principal) !== undefined;
}

/** Managers see a filing in full too; the reveal is recorded like every other. */
export function seesFilingInFull(state: HallState, principal: Principal, ticket: Ticket | undefined): boolean {
  return principal.role === 'manager' || seesPersonalData(state, principal, ticket);
}

/** A ticket is withdrawn by the terminal that issued it, the counter handling it, or a manager. */
export function assertMayCancel(state: HallState, principal: Principal, ticket: Ticket): void {
  if (principal.role === 'manager') return;
  if (ticket.issuedBy !== undefined && ticket.issuedBy === principal.tokenId) return;
  if (handlesNow(state, principal, ticket)) return;
  throw forbidden('NOT_YOUR_TICKET', 'only the terminal that issued a ticket, the window handling it or a manager may cancel it');
}

/** A counter acts on a visitor only at its own window. */
export function assertAtThisWindow(principal: Principal, ticket: Ticket): void {
  if (principal.role !== 'counter') return;
  if (ticket.windowNo !== principal.windowNo) throw forbidden('NOT_YOUR_TICKET', 'this visitor is not at this window');
}

/**
 * 好差评 comes from the window that served the visitor: its counter, or its
 * own screen (a display token bound to that window), within RATING_WINDOW_MS
 * of the end of the service. The domain keeps it to once.
 */
export function assertMayRate(principal: Principal, ticket: Ticket, now: number): void {
  const ownWindow =
    (principal.role === 'counter' || principal.role === 'display') && principal.windowNo !== undefined && principal.windowNo === ticket.windowNo;
  if (!ownWindow) throw forbidden('NOT_YOUR_TICKET', 'only the window that served this visitor may ask for their rating');
  if (ticket.finishedAt !== undefined && now - ticket.finishedAt > RATING_WINDOW_MS) {
    throw forbidden('RATING_CLOSED', `a service is rated within ${RATING_WINDOW_MS / 60_000} minutes of its end`);
  }
}
