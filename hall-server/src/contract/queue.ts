/**
 * The queue's operations: issuing and finding tickets, the snapshot, the
 * windows' calling and serving, clerks signing in, appointments, offline
 * number leases and the terminals' device reports.
 */
import { z } from 'zod';
import * as P from '../protocol.ts';
import { defineContract, routesOf, type OperationDetails } from './define.ts';
import { callNextExample, createAppointmentExample, issueTicketExample } from './examples.ts';

/** Refusals several operations share, named once. */
const ISSUING = [
  'UNKNOWN_SERVICE',
  'OUTSIDE_ISSUING_HOURS',
  'QUOTA_EXCEEDED',
  'SLOT_QUOTA_EXCEEDED',
  'DUPLICATE_TICKET',
  'IDENTITY_REQUIRED',
  'NO_GREEN_CHANNEL',
] as const;
const CHECK_IN = ['APPOINTMENT_NOT_FOUND', 'ALREADY_CHECKED_IN', 'APPOINTMENT_CANCELLED', 'CHECK_IN_TOO_EARLY', 'CHECK_IN_TOO_LATE'] as const;
const WINDOW_GUARD = ['WINDOW_NOT_FOUND', 'WINDOW_CLOSED', 'WINDOW_PAUSED', 'TICKET_NOT_FOUND', 'TICKET_TAKEN', 'NOT_CURRENT_TICKET'] as const;
const AT_THE_WINDOW = [...WINDOW_GUARD, 'NOT_YOUR_TICKET'] as const;
export const WINDOW_STATE = [
  'WINDOW_NOT_FOUND',
  'WINDOW_ALREADY_OPEN',
  'WINDOW_ALREADY_CLOSED',
  'WINDOW_NOT_OPEN',
  'WINDOW_NOT_PAUSED',
  'WINDOW_BUSY',
  'REASON_REQUIRED',
  'LAST_WINDOW_FOR_SERVICE',
] as const;
const PIN_CHECK = ['WRONG_PIN', 'STAFF_LOCKED', 'TOO_MANY_PIN_ATTEMPTS'] as const;
/** An ID number that is neither a valid citizen number nor a valid unified social credit code. */
export const ID_NUMBER_CHECK = ['INVALID_ID_NUMBER', 'INVALID_USCC'] as const;

export const ALL_ROLES: P.Role[] = ['kiosk', 'counter', 'display', 'manager', 'integration'];
const ALL = ALL_ROLES;

const ticketResponses = { 200: { description: 'The ticket after the action', schema: P.Ticket } } as const;
const windowResponses = { 200: { description: 'The window after the action', schema: P.Window } } as const;

/** How a PIN check refuses, for the operations that take one. */
const pinRefusals = {
  403: { description: 'WRONG_PIN' },
  423: { description: 'STAFF_LOCKED: too many wrong PINs for this staff number (Retry-After)' },
  429: { description: 'TOO_MANY_PIN_ATTEMPTS from this terminal, or RATE_LIMITED (Retry-After)' },
} as const;

const queue = routesOf('queue');
const windows = routesOf('windows');
const appointments = routesOf('appointments');
const terminals = routesOf('terminals');

/** An action on the window the path names: a counter token may only act for its own window. */
const atWindow = <const D extends OperationDetails>(action: string, details: D) =>
  windows.post(`/windows/{windowNo}/${action}`, { boundWindow: true, ...details });

/** A state change of one window, by its own counter or by a manager (`?confirm=true` when it leaves a service without an open window). */
const windowAction = <const B extends z.ZodType | undefined>(action: string, summary: string, body: B) =>
  atWindow(action, {
    summary,
    roles: ['counter', 'manager'],
    query: P.ConfirmQuery,
    body,
    responses: {
      ...windowResponses,
      409: { description: 'LAST_WINDOW_FOR_SERVICE (a manager): details.services would have no open window; send ?confirm=true' },
    },
    errors: WINDOW_STATE,
  });

/** A step in serving the ticket called to the counter's own window. */
const servingStep = (action: string, summary: string) =>
  windows.post(`/tickets/{ticketId}/${action}`, {
    summary,
    roles: ['counter'],
    responses: ticketResponses,
    errors: [...AT_THE_WINDOW, 'NOT_CALLED'],
  });

export const queueContract = defineContract({
  listServices: queue.get('/services', {
    summary: 'The service catalogue with live queue load per item',
    roles: ALL,
    responses: { 200: { description: 'Service items', schema: P.ServiceList } },
  }),
  issueTicket: queue.post('/tickets', {
    summary: 'Issue a ticket, optionally against an ID number or by checking in an appointment',
    roles: ['kiosk', 'counter', 'integration'],
    body: P.IssueTicketRequest,
    responses: { 201: { description: 'The new ticket', schema: P.Ticket } },
    errors: [...ISSUING, ...ID_NUMBER_CHECK, 'GREEN_CHANNEL_NEEDS_STAFF', 'APPOINTMENT_SERVICE_MISMATCH', ...CHECK_IN],
    example: issueTicketExample,
  }),
  findTickets: queue.get('/tickets', {
    summary: "Today's tickets with a given number (a visitor looking their ticket up)",
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    query: P.FindTicketsQuery,
    responses: { 200: { description: 'Matching tickets, the open one first', schema: z.object({ tickets: z.array(P.Ticket) }) } },
  }),
  getTicket: queue.get('/tickets/{ticketId}', {
    summary: "A ticket's state; the clerk handling it also sees the unmasked identity",
    roles: ['kiosk', 'counter', 'display', 'manager', 'integration'],
    responses: ticketResponses,
    errors: ['TICKET_NOT_FOUND'],
  }),
  cancelTicket: queue.post('/tickets/{ticketId}/cancel', {
    summary: 'Withdraw a waiting ticket (a kiosk whose printer failed, a visitor who leaves)',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    body: P.CancelTicketRequest,
    responses: ticketResponses,
    errors: ['TICKET_NOT_FOUND', 'NOT_YOUR_TICKET', 'TICKET_NOT_WAITING'],
  }),
  getQueue: queue.get('/queue', {
    summary: 'The queue snapshot: load per service, windows, recent calls, with its seq',
    roles: ALL,
    responses: { 200: { description: 'Snapshot', schema: P.QueueSnapshot } },
  }),
  listWindows: windows.get('/windows', {
    summary: 'Every window with its state, clerk and current ticket',
    roles: ALL,
    responses: { 200: { description: 'Windows', schema: z.object({ windows: z.array(P.Window) }) } },
  }),
  callNext: atWindow('call-next', {
    summary: 'Call the next ticket to this window (finishing the current one)',
    roles: ['counter'],
    responses: { 200: { description: 'The called ticket', schema: P.Ticket }, 204: { description: 'Nobody is waiting' } },
    errors: [...WINDOW_GUARD, 'ALREADY_CALLED'],
    example: callNextExample,
  }),
  callTicket: atWindow('call-ticket', {
    summary: 'Call a specific waiting ticket, by id or by number',
    roles: ['counter'],
    body: P.CallTicketRequest,
    responses: ticketResponses,
    errors: [...WINDOW_GUARD, 'ALREADY_CALLED', 'TICKET_NOT_WAITING', 'TICKET_FOR_OTHER_WINDOW', 'SERVICE_NOT_AT_WINDOW'],
  }),
  recallTicket: atWindow('recall', {
    summary: "Call the window's current ticket again (counted)",
    roles: ['counter'],
    responses: ticketResponses,
    errors: [...WINDOW_GUARD, 'NOTHING_TO_RECALL'],
  }),
  startService: servingStep('start', 'The called visitor has arrived: service starts'),
  skipTicket: servingStep('no-show', 'Mark the called ticket a no-show (it may be reactivated for a while)'),
  reactivateTicket: windows.post('/tickets/{ticketId}/reactivate', {
    summary: 'A no-show has come back: the ticket rejoins a few places behind the head of its queue',
    roles: ['counter', 'manager', 'kiosk'],
    responses: ticketResponses,
    errors: ['TICKET_NOT_FOUND', 'NOT_NO_SHOW', 'REACTIVATION_EXPIRED', 'UNKNOWN_SERVICE'],
  }),
  transferTicket: windows.post('/tickets/{ticketId}/transfer', {
    summary: 'Send the visitor to another service or window; the number stays the same',
    roles: ['counter', 'manager'],
    body: P.TransferTicketRequest,
    responses: { 200: { description: 'The new waiting ticket', schema: P.Ticket } },
    errors: [...AT_THE_WINDOW, 'NOT_TRANSFERABLE', 'TRANSFER_TARGET_REQUIRED', 'TRANSFER_TO_SAME', 'UNKNOWN_SERVICE', 'SERVICE_NOT_AT_WINDOW'],
  }),
  finishTicket: servingStep('finish', 'Service is done; the window screen asks for a rating'),
  rateTicket: windows.post('/tickets/{ticketId}/rating', {
    summary: '好差评: rate a finished service, 5 非常满意 … 1 非常不满意 (levels 1–2 need a reason)',
    roles: ['counter', 'display'],
    body: P.RateTicketRequest,
    responses: { 201: { description: 'The rating', schema: P.Rating } },
    errors: ['TICKET_NOT_FOUND', 'NOT_YOUR_TICKET', 'RATING_CLOSED', 'NOT_FINISHED', 'ALREADY_RATED', 'REASON_REQUIRED'],
  }),
  signIn: atWindow('sign-in', {
    summary: 'A clerk signs in at the window with staff number and PIN; the window opens with them on duty',
    roles: ['counter'],
    body: P.SignInRequest,
    responses: { ...windowResponses, ...pinRefusals },
    errors: [...PIN_CHECK, ...WINDOW_STATE],
  }),
  grantStaff: windows.post('/staff-grants', {
    summary:
      'A staff member vouches at a kiosk (the disabled/military green channel) with staff number and PIN; the hall answers a grant for that kiosk, valid five minutes',
    roles: ['kiosk'],
    body: P.SignInRequest,
    responses: {
      201: { description: 'The grant', schema: P.StaffGrant },
      ...pinRefusals,
    },
    errors: PIN_CHECK,
  }),
  getWindowSummary: windows.get('/windows/{windowNo}/summary', {
    summary: "The window's day so far: served, no-shows, transfers, service time, ratings, and who waits for its services",
    roles: ['counter', 'manager'],
    boundWindow: true,
    responses: { 200: { description: 'Summary', schema: P.WindowSummary } },
    errors: ['WINDOW_NOT_FOUND'],
  }),
  openWindow: windowAction('open', 'Open the window without a clerk (a clerk is set only by signIn, with their PIN)', P.OpenWindowRequest),
  pauseWindow: windowAction('pause', 'Pause the window with a reason; it calls nobody until resumed', P.PauseWindowRequest),
  resumeWindow: windowAction('resume', 'Resume a paused window', undefined),
  closeWindow: windowAction('close', 'Close the window and sign the clerk out', undefined),
  signOut: windowAction('sign-out', 'The clerk signs out: the window closes, and shows no personal data until a clerk signs in again', undefined),
  createAppointment: appointments.post('/appointments', {
    summary: 'Book an appointment (from the booking system); returns the code the visitor types at a kiosk',
    roles: ['integration', 'manager'],
    body: P.CreateAppointmentRequest,
    responses: { 201: { description: 'The appointment', schema: P.Appointment } },
    errors: ['UNKNOWN_SERVICE', 'APPOINTMENT_NOT_OFFERED', 'INVALID_SLOT', 'SLOT_IN_PAST', ...ID_NUMBER_CHECK],
    example: createAppointmentExample,
  }),
  checkInAppointment: appointments.post('/appointments/check-in', {
    summary: 'Check an appointment in by its code: issues its ticket, queued by booked slot',
    roles: ['kiosk', 'counter'],
    body: P.CheckInAppointmentRequest,
    responses: { 201: { description: 'The appointment ticket', schema: P.Ticket } },
    errors: [...CHECK_IN, ...ISSUING],
  }),
  cancelAppointment: appointments.post('/appointments/cancel', {
    summary: 'Withdraw a booking before it is used (the booking system, or the hall manager): its code no longer checks in',
    roles: ['integration', 'manager'],
    body: P.CheckInAppointmentRequest,
    responses: { 200: { description: 'The appointment, cancelled', schema: P.Appointment } },
    errors: ['APPOINTMENT_NOT_FOUND', 'ALREADY_CHECKED_IN', 'APPOINTMENT_CANCELLED'],
  }),
  leaseNumbers: appointments.post('/number-leases', {
    summary: 'Reserve a block of numbers this kiosk may hand out while the hall is unreachable',
    roles: ['kiosk'],
    body: P.LeaseNumbersRequest,
    responses: { 201: { description: 'The lease', schema: P.NumberLease } },
    errors: ['UNKNOWN_SERVICE', 'INVALID_LEASE_SIZE', 'LEASE_SPACE_EXHAUSTED'],
  }),
  syncOfflineTickets: appointments.post('/number-leases/{leaseId}/tickets', {
    summary: 'Hand in tickets issued offline from a lease; they join the queue by issue time (idempotent per number)',
    roles: ['kiosk'],
    body: P.SyncOfflineTicketsRequest,
    responses: { 200: { description: 'The tickets as the hall now holds them', schema: z.object({ tickets: z.array(P.Ticket) }) } },
    errors: ['LEASE_NOT_FOUND', 'LEASE_NOT_YOURS', 'NUMBER_NOT_IN_LEASE'],
  }),
  reportDevices: terminals.post('/terminals/devices', {
    summary: "A terminal reports its devices' health (paper low, reader gone …) for the manager's wall",
    roles: ['kiosk', 'counter'],
    body: P.ReportDevicesRequest,
    responses: { 200: { description: 'The terminal as the hall now sees it', schema: P.TerminalStatus } },
  }),
  listTerminals: terminals.get('/terminals', {
    summary: 'Terminals the hall has seen since it started, online or not, with their devices',
    roles: ['manager'],
    responses: { 200: { description: 'Terminals', schema: z.object({ terminals: z.array(P.TerminalStatus) }) } },
  }),
});
