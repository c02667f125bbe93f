/**
 * The counter role's methods of the kiosk API, as the device host routes
 * them to the window's desk.
 */
import type { RoleHandlers } from '../../shared/kiosk-methods.ts';
import type { CounterDesk } from './desk.ts';

export function counterMethods(desk: CounterDesk): RoleHandlers<'counter'> {
  return {
    counterState: () => desk.state(),
    signIn: (staffNo, pin) => desk.signIn(staffNo, pin),
    signOut: () => desk.signOut(),
    callNext: () => desk.callNext(),
    callTicket: (number) => desk.callTicket(number),
    recallTicket: () => desk.recallTicket(),
    startService: (ticketId) => desk.startService(ticketId),
    skipTicket: (ticketId) => desk.skipTicket(ticketId),
    transferTicket: (request) => desk.transferTicket(request),
    finishTicket: (ticketId) => desk.finishTicket(ticketId),
    pauseWindow: (reason) => desk.pauseWindow(reason),
    resumeWindow: () => desk.resumeWindow(),
    windowSummary: () => desk.summary(),
    transferTargets: () => desk.transferTargets(),
    filingPage: (sha256) => desk.filingPage(sha256),
    updateFiling: (trackingCode, status, reason) => desk.updateFiling(trackingCode, status, reason),
  };
}
