/**
 * Every HTTP operation of the hall, in one table. The router, the role
 * check, request validation and the OpenAPI document are all generated from
 * it, so the document cannot drift from what the server does.
 */
import { z } from 'zod';
import type { Command } from '../domain/commands.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import { hallDay } from '../domain/hall-time.ts';
import type { ServiceItem } from '../domain/config.ts';
import { findService } from '../domain/issue.ts';
import { assertKeepsAWindow } from '../domain/manager.ts';
import type { Appointment, HallWindow, NumberLease, Rating, RatingLevel, Ticket, WindowStateName } from '../domain/model.ts';
import { RATING_LABELS } from '../domain/rating.ts';
import type { AuditRecord } from '../store/audit.ts';
import type { SealedIdentity } from '../store/hall-store.ts';
import * as P from '../protocol.ts';
import { assertAtThisWindow, assertMayCancel, assertMayRate, handlesNow, seesPersonalData } from './access.ts';
import { actorOf, recordReveal, type Operation, type OperationContext, type Reply } from './operation.ts';
import { HttpError } from './errors.ts';
import { LimitError } from './limits.ts';
import { filingOperations } from './filing-operations.ts';
import { consentOperations } from './consent-operations.ts';
import { statsFor, windowSummary } from './stats.ts';
import { forecastFor } from '../stats/forecast-view.ts';
import { managerLive } from '../stats/manager-live.ts';
import { buildReport, reportCsv, reportHtml } from '../stats/reports.ts';
import { appointmentView, issuingNow, leaseView, serviceLoad, snapshot, ticketView, windowView } from './views.ts';

const ALL: P.Role[] = ['kiosk', 'counter', 'display', 'manager', 'integration'];
const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** Runs a command through the hall's group commit: resolves once it is on disk (with its security-log row, if any). */
async function run<R>(ctx: OperationContext, command: Command, identities?: SealedIdentity[], audit?: (result: R) => AuditRecord | undefined): Promise<R> {
  return (await ctx.hall.submit<R>(command, actorOf(ctx.principal, ctx.hall.state), identities, audit)).result;
}

/** A ticket of today by id; a counter acting on it must have the visitor at its own window. */
function ticketFor(ctx: OperationContext, atThisWindow = false): Ticket {
  const t = ctx.hall.state.tickets.get(ctx.params.ticketId);
  if (!t) throw notFound('TICKET_NOT_FOUND', 'no such ticket today');
  if (atThisWindow) assertAtThisWindow(ctx.principal, t);
  return t;
}

/** A ticket's filing code goes to the window handling it, to managers, and to the terminal that issued it (its receipt). */
function filingCodeFor(ctx: OperationContext, t: Ticket): string | undefined {
  const { principal } = ctx;
  const entitled = principal.role === 'manager' || handlesNow(ctx.hall.state, principal, t) || (t.issuedBy !== undefined && t.issuedBy === principal.tokenId);
  return entitled ? ctx.filings.codeOfTicket(t.id) : undefined;
}

function ticketReply(ctx: OperationContext, t: Ticket, status = 200): Reply {
  return ok(ticketView(ctx.hall.state, t, ctx.hall.clock(), { filingCode: filingCodeFor(ctx, t) }), status);
}

function sourceOf(role: P.Role): Ticket['source'] {
  return role === 'counter' ? 'counter' : role === 'integration' ? 'integration' : 'kiosk';
}

function findByNumber(ctx: OperationContext, number: string): Ticket {
  let found: Ticket | undefined;
  for (const t of ctx.hall.state.tickets.values()) {
    if (t.number !== number) continue;
    // A transferred visitor holds the same number twice: the open ticket is the one meant.
    if (!found || t.issuedAt > found.issuedAt || t.status === 'waiting') found = t;
  }
  if (!found) throw notFound('TICKET_NOT_FOUND', `no ticket ${number} today`);
  return found;
}

const ticketResponses = {
  200: { description: 'The ticket after the action', schema: P.Ticket },
};
const windowResponses = {
  200: { description: 'The window after the action', schema: P.Window },
};

/** What the audit log keeps of a window: its state and services, not who sits at it. */
function windowAudit(w: HallWindow | undefined): Record<string, unknown> | undefined {
  return w ? { name: w.name, state: w.state, pauseReason: w.pauseReason, services: w.services.map((s) => ({ code: s.code, weight: s.weight })) } : undefined;
}

/**
 * A staff member proves who they are with their PIN: checked off the event
 * loop with the hall's lockouts, and every failure in the security log.
 */
async function staffByPin(ctx: OperationContext, staffNo: string, pin: string, where: Record<string, unknown>) {
  const check = await ctx.staff.verify(staffNo, pin, ctx.hall.clock, ctx.principal.tokenId);
  if (check.ok) return check.member;
  if (check.reason !== 'busy') {
    const refusal = { wrong: 'pinFailed', 'staff-locked': 'staffLocked', 'caller-locked': 'pinAttemptsBlocked' }[check.reason];
    recordControl(ctx, refusal, `staff:${staffNo}`, undefined, where, false);
  }
  switch (check.reason) {
    case 'wrong':
      throw new HttpError(403, 'WRONG_PIN', 'staff number or PIN is wrong');
    case 'staff-locked':
      throw new LimitError(423, 'STAFF_LOCKED', 'too many wrong PINs for this staff number; wait or ask the hall manager', check.retryAfterMs);
    case 'caller-locked':
      throw new LimitError(429, 'TOO_MANY_PIN_ATTEMPTS', 'too many wrong PINs from this terminal; sign-ins here wait', check.retryAfterMs);
    case 'busy':
      throw new LimitError(429, 'RATE_LIMITED', 'too many sign-ins at once; try again', check.retryAfterMs);
  }
}

function controlRecord(ctx: OperationContext, operation: string, target: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, confirmed: boolean): AuditRecord {
  return { day: ctx.hall.state.counters.day, at: ctx.hall.clock(), actor: actorOf(ctx.principal, ctx.hall.state), operation, target, before, after, confirmed };
}

function recordControl(ctx: OperationContext, operation: string, target: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, confirmed: boolean): void {
  ctx.audit.record(controlRecord(ctx, operation, target, before, after, confirmed));
}

/**
 * A state change of one window, by its own counter or by a manager. A
 * manager's is a control: recorded in the audit log, and refused with
 * LAST_WINDOW_FOR_SERVICE when it would leave a service with no open window
 * unless `?confirm=true`.
 */
function windowAction(
  operationId: string,
  verb: string,
  summary: string,
  body: z.ZodType | undefined,
  toCommand: (windowNo: number, body: any) => Command,
  leaves?: WindowStateName,
): Operation {
  return {
    operationId,
    method: 'POST',
    path: `/windows/{windowNo}/${verb}`,
    summary,
    roles: ['counter', 'manager'],
    boundWindow: true,
    params: P.WindowParams,
    query: P.ConfirmQuery,
    body,
    responses: windowResponses,
    handle: async (ctx) => {
      const { windowNo } = ctx.params;
      if (ctx.principal.role !== 'manager') return ok(windowView(ctx.hall.state, await run(ctx, toCommand(windowNo, ctx.body))));
      const before = ctx.hall.state.windows.get(windowNo);
      const left = leaves && before ? assertKeepsAWindow(ctx.hall.state, windowNo, { state: leaves }, ctx.query?.confirm === 'true') : [];
      const window = await run<HallWindow>(ctx, toCommand(windowNo, ctx.body), undefined, (after) =>
        controlRecord(ctx, operationId, `window:${windowNo}`, windowAudit(before), windowAudit(after), left.length > 0),
      );
      return ok(windowView(ctx.hall.state, window));
    },
  };
}

function quotaView(ctx: OperationContext, item: ServiceItem): P.ServiceQuota {
  const issuedToday = ctx.hall.state.counters.issuedByService[item.code] ?? 0;
  return {
    code: item.code,
    dailyQuota: item.dailyQuota,
    slotQuotas: item.slotQuotas.map((q) => ({ from: q.from, to: q.to, quota: q.quota })),
    issuedToday,
    quotaLeft: item.dailyQuota !== undefined ? Math.max(0, item.dailyQuota - issuedToday) : undefined,
  };
}

function today(ctx: OperationContext): string {
  const { config } = ctx.hall;
  return hallDay(ctx.hall.clock(), config.timeZone, config.rules.dailyResetAt);
}

/**
 * Who vouches for a disabled/military green channel: the clerk signed in at
 * a counter, a manager, or at a kiosk the staff member whose grant (PIN
 * checked by the hall, `grantStaff`) the kiosk presents. Never a PIN kept in
 * a terminal.
 */
function greenChannelVoucher(ctx: OperationContext, grant: string | undefined): string {
  const { principal } = ctx;
  if (principal.role === 'manager') return `manager:${principal.tokenId}`;
  if (principal.role === 'counter') {
    const clerk = ctx.hall.state.windows.get(principal.windowNo!)?.clerk;
    if (clerk) return `staff:${clerk.staffNo}`;
    throw forbidden('GREEN_CHANNEL_NEEDS_STAFF', 'a clerk signs in at this window before granting the green channel');
  }
  if (principal.role === 'kiosk') {
    const staff = grant ? ctx.staff.grants.check(grant, principal.tokenId, ctx.hall.clock()) : undefined;
    if (staff) return `staff:${staff.staffNo}`;
    throw forbidden('GREEN_CHANNEL_NEEDS_STAFF', 'a staff member confirms the green channel with their staff number and PIN (grantStaff)');
  }
  throw forbidden('GREEN_CHANNEL_NEEDS_STAFF', 'the green channel for disability or military service is granted by staff');
}

/** How a PIN check refuses (staffByPin), for the operations that take one. */
const pinRefusals = {
  403: { description: 'WRONG_PIN' },
  423: { description: 'STAFF_LOCKED: too many wrong PINs for this staff number (Retry-After)' },
  429: { description: 'TOO_MANY_PIN_ATTEMPTS from this terminal, or RATE_LIMITED (Retry-After)' },
};

const queueOperations: Operation[] = [
  {
    operationId: 'listServices',
    method: 'GET',
    path: '/services',
    summary: 'The service catalogue with live queue load per item',
    roles: ALL,
    responses: { 200: { description: 'Service items', schema: P.ServiceList } },
    handle: async (ctx) => {
      const { state } = ctx.hall;
      const now = ctx.hall.clock();
      return ok({
        services: state.config.services.map((s) => ({
          code: s.code,
          name: s.name,
          prefix: s.prefix,
          category: s.category,
          conditions: s.conditions,
          materials: s.materials,
          legalTimeLimitDays: s.legalTimeLimitDays,
          promisedTimeLimitDays: s.promisedTimeLimitDays,
          appointment: s.appointment,
          greenChannel: s.greenChannel,
          issuingNow: issuingNow(state, s.code, now),
          load: serviceLoad(state, s.code, now),
        })),
      });
    },
  },
  {
    operationId: 'issueTicket',
    method: 'POST',
    path: '/tickets',
    summary: 'Issue a ticket, optionally against an ID number or by checking in an appointment',
    roles: ['kiosk', 'counter', 'integration'],
    body: P.IssueTicketRequest,
    responses: { 201: { description: 'The new ticket', schema: P.Ticket } },
    handle: async (ctx) => {
      const body = ctx.body as P.IssueTicketRequest;
      if (body.appointmentCode) {
        const id = ctx.hall.state.appointmentsByCode.get(body.appointmentCode);
        const appointment = id ? ctx.hall.state.appointments.get(id) : undefined;
        if (appointment && appointment.serviceCode !== body.serviceCode) {
          throw invalid('APPOINTMENT_SERVICE_MISMATCH', `this appointment is for ${appointment.serviceCode}, not ${body.serviceCode}`);
        }
        return ticketReply(ctx, await run<Ticket>(ctx, { type: 'checkInAppointment', code: body.appointmentCode }), 201);
      }
      const voucher = body.greenChannel ? greenChannelVoucher(ctx, body.staffGrant) : undefined;
      const identified = body.idNumber ? ctx.hall.identify(body.idNumber, body.name) : undefined;
      const ticket = await run<Ticket>(
        ctx,
        { type: 'issueTicket', serviceCode: body.serviceCode, source: sourceOf(ctx.principal.role), identity: identified?.identity, greenChannel: body.greenChannel },
        identified ? [identified.sealed] : undefined,
        (t) => (voucher ? { ...controlRecord(ctx, 'greenChannel', `ticket:${t.id}`, undefined, { greenChannel: body.greenChannel, vouchedBy: voucher }, false) } : undefined),
      );
      return ticketReply(ctx, ticket, 201);
    },
  },
  {
    operationId: 'findTickets',
    method: 'GET',
    path: '/tickets',
    summary: "Today's tickets with a given number (a visitor looking their ticket up)",
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    query: P.FindTicketsQuery,
    responses: { 200: { description: 'Matching tickets, the open one first', schema: z.object({ tickets: z.array(P.Ticket) }) } },
    handle: async (ctx) => {
      const now = ctx.hall.clock();
      const matches = [...ctx.hall.state.tickets.values()].filter((t) => t.number === ctx.query.number && t.day === ctx.hall.state.counters.day);
      matches.sort((a, b) => Number(b.status === 'waiting') - Number(a.status === 'waiting') || b.issuedAt - a.issuedAt);
      return ok({ tickets: matches.map((t) => ticketView(ctx.hall.state, t, now, { withIdentity: false, filingCode: filingCodeFor(ctx, t) })) });
    },
  },
  {
    operationId: 'getTicket',
    method: 'GET',
    path: '/tickets/{ticketId}',
    summary: "A ticket's state; the clerk handling it also sees the unmasked identity",
    roles: ['kiosk', 'counter', 'display', 'manager', 'integration'],
    params: P.TicketParams,
    responses: ticketResponses,
    handle: async (ctx) => {
      const t = ticketFor(ctx);
      const { principal } = ctx;
      const reveal = seesPersonalData(ctx.hall.state, principal, t) && t.identity ? ctx.hall.store.revealIdentity(t.identity.ref) : undefined;
      if (reveal) recordReveal(ctx, 'revealIdentity', `ticket:${t.id}`, 'the visitor is at this window');
      return ok(ticketView(ctx.hall.state, t, ctx.hall.clock(), { withIdentity: principal.role !== 'display', reveal, filingCode: filingCodeFor(ctx, t) }));
    },
  },
  {
    operationId: 'cancelTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/cancel',
    summary: 'Withdraw a waiting ticket (a kiosk whose printer failed, a visitor who leaves)',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    params: P.TicketParams,
    body: P.CancelTicketRequest,
    responses: ticketResponses,
    handle: async (ctx) => {
      const t = ticketFor(ctx);
      assertMayCancel(ctx.hall.state, ctx.principal, t);
      const cancelled = await run<Ticket>(ctx, { type: 'cancelTicket', ticketId: t.id, reason: ctx.body.reason }, undefined, () =>
        controlRecord(ctx, 'cancelTicket', `ticket:${t.id}`, { status: t.status }, { status: 'cancelled', reason: ctx.body.reason ?? null }, false),
      );
      return ticketReply(ctx, cancelled);
    },
  },
  {
    operationId: 'getQueue',
    method: 'GET',
    path: '/queue',
    summary: 'The queue snapshot: load per service, windows, recent calls, with its seq',
    roles: ALL,
    responses: { 200: { description: 'Snapshot', schema: P.QueueSnapshot } },
    handle: async (ctx) => ok(snapshot(ctx.hall.state, ctx.hall.seq, ctx.hall.clock(), ctx.recent)),
  },
  {
    operationId: 'listWindows',
    method: 'GET',
    path: '/windows',
    summary: 'Every window with its state, clerk and current ticket',
    roles: ALL,
    responses: { 200: { description: 'Windows', schema: z.object({ windows: z.array(P.Window) }) } },
    handle: async (ctx) => {
      const { state } = ctx.hall;
      return ok({ windows: [...state.windows.values()].sort((a, b) => a.no - b.no).map((w) => windowView(state, w)) });
    },
  },
  {
    operationId: 'callNext',
    method: 'POST',
    path: '/windows/{windowNo}/call-next',
    summary: 'Call the next ticket to this window (finishing the current one)',
    roles: ['counter'],
    boundWindow: true,
    params: P.WindowParams,
    responses: { 200: { description: 'The called ticket', schema: P.Ticket }, 204: { description: 'Nobody is waiting' } },
    handle: async (ctx) => {
      const t = await run<Ticket | undefined>(ctx, { type: 'callNext', windowNo: ctx.params.windowNo });
      return t ? ticketReply(ctx, t) : { status: 204 };
    },
  },
  {
    operationId: 'callTicket',
    method: 'POST',
    path: '/windows/{windowNo}/call-ticket',
    summary: 'Call a specific waiting ticket, by id or by number',
    roles: ['counter'],
    boundWindow: true,
    params: P.WindowParams,
    body: P.CallTicketRequest,
    responses: ticketResponses,
    handle: async (ctx) => {
      const ticketId = ctx.body.ticketId ?? findByNumber(ctx, ctx.body.number).id;
      return ticketReply(ctx, await run(ctx, { type: 'callTicket', windowNo: ctx.params.windowNo, ticketId }));
    },
  },
  {
    operationId: 'recallTicket',
    method: 'POST',
    path: '/windows/{windowNo}/recall',
    summary: "Call the window's current ticket again (counted)",
    roles: ['counter'],
    boundWindow: true,
    params: P.WindowParams,
    responses: ticketResponses,
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'recallTicket', windowNo: ctx.params.windowNo })),
  },
  {
    operationId: 'startService',
    method: 'POST',
    path: '/tickets/{ticketId}/start',
    summary: 'The called visitor has arrived: service starts',
    roles: ['counter'],
    params: P.TicketParams,
    responses: ticketResponses,
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'startService', ticketId: ticketFor(ctx, true).id })),
  },
  {
    operationId: 'skipTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/no-show',
    summary: 'Mark the called ticket a no-show (it may be reactivated for a while)',
    roles: ['counter'],
    params: P.TicketParams,
    responses: ticketResponses,
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'skipTicket', ticketId: ticketFor(ctx, true).id })),
  },
  {
    operationId: 'reactivateTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/reactivate',
    summary: 'A no-show has come back: the ticket rejoins a few places behind the head of its queue',
    roles: ['counter', 'manager', 'kiosk'],
    params: P.TicketParams,
    responses: ticketResponses,
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'reactivateTicket', ticketId: ctx.params.ticketId })),
  },
  {
    operationId: 'transferTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/transfer',
    summary: 'Send the visitor to another service or window; the number stays the same',
    roles: ['counter', 'manager'],
    params: P.TicketParams,
    body: P.TransferTicketRequest,
    responses: { 200: { description: 'The new waiting ticket', schema: P.Ticket } },
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'transferTicket', ticketId: ticketFor(ctx, true).id, ...ctx.body })),
  },
  {
    operationId: 'finishTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/finish',
    summary: 'Service is done; the window screen asks for a rating',
    roles: ['counter'],
    params: P.TicketParams,
    responses: ticketResponses,
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'finishTicket', ticketId: ticketFor(ctx, true).id })),
  },
  {
    operationId: 'rateTicket',
    method: 'POST',
    path: '/tickets/{ticketId}/rating',
    summary: '好差评: rate a finished service, 5 非常满意 … 1 非常不满意 (levels 1–2 need a reason)',
    roles: ['counter', 'display'],
    params: P.TicketParams,
    body: P.RateTicketRequest,
    responses: { 201: { description: 'The rating', schema: P.Rating } },
    handle: async (ctx) => {
      const t = ticketFor(ctx);
      assertMayRate(ctx.principal, t, ctx.hall.clock());
      const r = await run<Rating>(ctx, { type: 'rateTicket', ticketId: t.id, level: ctx.body.level as RatingLevel, reason: ctx.body.reason });
      return ok({ ticketId: r.ticketId, level: r.level, label: RATING_LABELS[r.level], reason: r.reason, at: new Date(r.at).toISOString() }, 201);
    },
  },
  windowAction('openWindow', 'open', 'Open the window without a clerk (a clerk is set only by signIn, with their PIN)', P.OpenWindowRequest, (windowNo) => ({
    type: 'openWindow',
    windowNo,
  })),
  {
    operationId: 'signIn',
    method: 'POST',
    path: '/windows/{windowNo}/sign-in',
    summary: 'A clerk signs in at the window with staff number and PIN; the window opens with them on duty',
    roles: ['counter'],
    boundWindow: true,
    params: P.WindowParams,
    body: P.SignInRequest,
    responses: { ...windowResponses, ...pinRefusals },
    handle: async (ctx) => {
      const check = { member: await staffByPin(ctx, ctx.body.staffNo, ctx.body.pin, { windowNo: ctx.params.windowNo }) };
      const window = await run<HallWindow>(ctx, { type: 'openWindow', windowNo: ctx.params.windowNo, clerk: check.member }, undefined, () =>
        controlRecord(ctx, 'signIn', `staff:${check.member.staffNo}`, undefined, { windowNo: ctx.params.windowNo }, false),
      );
      return ok(windowView(ctx.hall.state, window));
    },
  },
  {
    operationId: 'grantStaff',
    method: 'POST',
    path: '/staff-grants',
    summary: "A staff member vouches at a kiosk (the disabled/military green channel) with staff number and PIN; the hall answers a grant for that kiosk, valid five minutes",
    roles: ['kiosk'],
    body: P.SignInRequest,
    responses: {
      201: { description: 'The grant', schema: P.StaffGrant },
      ...pinRefusals,
    },
    handle: async (ctx) => {
      const member = await staffByPin(ctx, ctx.body.staffNo, ctx.body.pin, { kiosk: ctx.principal.tokenId });
      const grant = ctx.staff.grants.issue(ctx.principal.tokenId, member, ctx.hall.clock());
      recordControl(ctx, 'grantStaff', `staff:${member.staffNo}`, undefined, { kiosk: ctx.principal.tokenId }, false);
      return ok({ grant: grant.grant, staffNo: grant.staffNo, name: grant.name, expiresAt: new Date(grant.expiresAt).toISOString() }, 201);
    },
  },
  {
    operationId: 'getWindowSummary',
    method: 'GET',
    path: '/windows/{windowNo}/summary',
    summary: "The window's day so far: served, no-shows, transfers, service time, ratings, and who waits for its services",
    roles: ['counter', 'manager'],
    boundWindow: true,
    params: P.WindowParams,
    responses: { 200: { description: 'Summary', schema: P.WindowSummary } },
    handle: async (ctx) => ok(windowSummary(ctx.hall.state, ctx.params.windowNo, ctx.hall.store)),
  },
  windowAction(
    'pauseWindow',
    'pause',
    'Pause the window with a reason; it calls nobody until resumed',
    P.PauseWindowRequest,
    (windowNo, body) => ({ type: 'pauseWindow', windowNo, reason: body.reason }),
    'paused',
  ),
  windowAction('resumeWindow', 'resume', 'Resume a paused window', undefined, (windowNo) => ({ type: 'resumeWindow', windowNo })),
  windowAction('closeWindow', 'close', 'Close the window and sign the clerk out', undefined, (windowNo) => ({ type: 'closeWindow', windowNo }), 'closed'),
  windowAction('signOut', 'sign-out', 'The clerk signs out: the window closes, and shows no personal data until a clerk signs in again', undefined, (windowNo) => ({ type: 'closeWindow', windowNo }), 'closed'),
  {
    operationId: 'updateWindow',
    method: 'PATCH',
    path: '/windows/{windowNo}',
    summary: "Change a window's name, services and weights, or state, live (recorded in the audit log; 409 LAST_WINDOW_FOR_SERVICE unless confirm)",
    roles: ['manager'],
    params: P.WindowParams,
    body: P.UpdateWindowRequest,
    responses: { ...windowResponses, 409: { description: 'LAST_WINDOW_FOR_SERVICE: details.services would have no open window; send confirm: true' } },
    handle: async (ctx) => {
      const { windowNo } = ctx.params;
      const body = ctx.body as z.infer<typeof P.UpdateWindowRequest>;
      const before = ctx.hall.state.windows.get(windowNo);
      if (!before) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
      // A request that would be refused anyway gets that refusal, not a confirmation question.
      for (const s of body.services ?? []) findService(ctx.hall.state, s.code);
      const left = assertKeepsAWindow(ctx.hall.state, windowNo, { state: body.state, services: body.services }, body.confirm === true);
      try {
        if (body.name !== undefined || body.services !== undefined) await run(ctx, { type: 'updateWindow', windowNo, name: body.name, services: body.services });
        const current = ctx.hall.state.windows.get(windowNo);
        if (body.state && current && body.state !== current.state) {
          if (body.state === 'open') await run(ctx, current.state === 'paused' ? { type: 'resumeWindow', windowNo } : { type: 'openWindow', windowNo });
          if (body.state === 'paused') await run(ctx, { type: 'pauseWindow', windowNo, reason: body.pauseReason ?? '' });
          if (body.state === 'closed') await run(ctx, { type: 'closeWindow', windowNo });
        }
      } finally {
        // Two commands may run; whatever of it took effect is recorded, even if the second was refused.
        const after = windowAudit(ctx.hall.state.windows.get(windowNo));
        if (JSON.stringify(after) !== JSON.stringify(windowAudit(before))) recordControl(ctx, 'updateWindow', `window:${windowNo}`, windowAudit(before), after, left.length > 0);
      }
      const w = ctx.hall.state.windows.get(windowNo);
      if (!w) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
      return ok(windowView(ctx.hall.state, w));
    },
  },
  {
    operationId: 'createAppointment',
    method: 'POST',
    path: '/appointments',
    summary: 'Book an appointment (from the booking system); returns the code the visitor types at a kiosk',
    roles: ['integration', 'manager'],
    body: P.CreateAppointmentRequest,
    responses: { 201: { description: 'The appointment', schema: P.Appointment } },
    handle: async (ctx) => {
      const body = ctx.body as z.infer<typeof P.CreateAppointmentRequest>;
      const identified = body.idNumber ? ctx.hall.identify(body.idNumber, body.name) : undefined;
      const { birthDate: _unused, ...identity } = identified?.identity ?? { birthDate: undefined };
      const a = await run<Appointment>(
        ctx,
        {
          type: 'createAppointment',
          serviceCode: body.serviceCode,
          slotStart: Date.parse(body.slotStart),
          slotEnd: Date.parse(body.slotEnd),
          identity: identified ? (identity as NonNullable<Appointment['identity']>) : undefined,
          externalRef: body.externalRef,
        },
        identified ? [identified.sealed] : undefined,
      );
      return ok(appointmentView(a), 201);
    },
  },
  {
    operationId: 'checkInAppointment',
    method: 'POST',
    path: '/appointments/check-in',
    summary: 'Check an appointment in by its code: issues its ticket, queued by booked slot',
    roles: ['kiosk', 'counter'],
    body: P.CheckInAppointmentRequest,
    responses: { 201: { description: 'The appointment ticket', schema: P.Ticket } },
    handle: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'checkInAppointment', code: ctx.body.code }), 201),
  },
  {
    operationId: 'leaseNumbers',
    method: 'POST',
    path: '/number-leases',
    summary: 'Reserve a block of numbers this kiosk may hand out while the hall is unreachable',
    roles: ['kiosk'],
    body: P.LeaseNumbersRequest,
    responses: { 201: { description: 'The lease', schema: P.NumberLease } },
    handle: async (ctx) => ok(leaseView(await run<NumberLease>(ctx, { type: 'leaseNumbers', serviceCode: ctx.body.serviceCode, count: ctx.body.count })), 201),
  },
  {
    operationId: 'syncOfflineTickets',
    method: 'POST',
    path: '/number-leases/{leaseId}/tickets',
    summary: 'Hand in tickets issued offline from a lease; they join the queue by issue time (idempotent per number)',
    roles: ['kiosk'],
    params: P.LeaseParams,
    body: P.SyncOfflineTicketsRequest,
    responses: { 200: { description: 'The tickets as the hall now holds them', schema: z.object({ tickets: z.array(P.Ticket) }) } },
    handle: async (ctx) => {
      const body = ctx.body as z.infer<typeof P.SyncOfflineTicketsRequest>;
      const sealed: SealedIdentity[] = [];
      const tickets = body.tickets.map((t) => {
        // The kiosk checked the number offline; if it still fails here, keep the ticket and drop the identity rather than lose a visitor's place.
        let identified;
        try {
          identified = t.idNumber ? ctx.hall.identify(t.idNumber, t.name) : undefined;
        } catch {
          identified = undefined;
        }
        if (identified) sealed.push(identified.sealed);
        const { birthDate: _b, ...identity } = identified?.identity ?? { birthDate: undefined };
        return { number: t.number, issuedAt: Date.parse(t.issuedAt), identity: identified ? (identity as NonNullable<Ticket['identity']>) : undefined };
      });
      const synced = await run<Ticket[]>(ctx, { type: 'syncOfflineTickets', leaseId: ctx.params.leaseId, tickets }, sealed);
      const now = ctx.hall.clock();
      return ok({ tickets: synced.map((t) => ticketView(ctx.hall.state, ctx.hall.state.tickets.get(t.id) ?? t, now)) });
    },
  },
  {
    operationId: 'reportDevices',
    method: 'POST',
    path: '/terminals/devices',
    summary: "A terminal reports its devices' health (paper low, reader gone …) for the manager's wall",
    roles: ['kiosk', 'counter'],
    body: P.ReportDevicesRequest,
    responses: { 200: { description: 'The terminal as the hall now sees it', schema: P.TerminalStatus } },
    handle: async (ctx) => ok(ctx.terminals.report(ctx.principal, ctx.body.devices, ctx.hall.clock())),
  },
  {
    operationId: 'listTerminals',
    method: 'GET',
    path: '/terminals',
    summary: 'Terminals the hall has seen since it started, online or not, with their devices',
    roles: ['manager'],
    responses: { 200: { description: 'Terminals', schema: z.object({ terminals: z.array(P.TerminalStatus) }) } },
    handle: async (ctx) => ok({ terminals: ctx.terminals.list() }),
  },
  {
    operationId: 'getUpstreamStatus',
    method: 'GET',
    path: '/upstream',
    summary: 'The upstream reporter: configured or not, its state and its backlog',
    roles: ['manager'],
    responses: { 200: { description: 'Upstream state', schema: z.object({ configured: z.boolean(), status: P.UpstreamStatus.optional() }) } },
    handle: async (ctx) => ok({ configured: ctx.upstream !== undefined, status: ctx.upstream?.status }),
  },
  {
    operationId: 'getStats',
    method: 'GET',
    path: '/stats',
    summary: 'Volumes, waits, service times and ratings for a range of hall days',
    roles: ['manager'],
    query: P.StatsQuery,
    responses: { 200: { description: 'Figures', schema: P.Stats } },
    handle: async (ctx) => {
      const { config } = ctx.hall;
      const today = hallDay(ctx.hall.clock(), config.timeZone, config.rules.dailyResetAt);
      const from = ctx.query.from ?? today;
      const to = ctx.query.to ?? from;
      if (to < from) throw invalid('INVALID_RANGE', '`to` is before `from`');
      return ok(statsFor(ctx.hall.store, from, to));
    },
  },
  {
    operationId: 'getManagerLive',
    method: 'GET',
    path: '/manager/live',
    summary: "The manager wall's live figures: per service and window, hourly against yesterday and last week, ratings, SLA alerts (also pushed as manager:live)",
    roles: ['manager'],
    responses: { 200: { description: 'Live figures', schema: P.ManagerLive } },
    handle: async (ctx) => ok(managerLive({ state: ctx.hall.state, figures: ctx.figures.figures, history: ctx.history, seq: ctx.hall.seq, now: ctx.hall.clock() })),
  },
  {
    operationId: 'getManagerForecast',
    method: 'GET',
    path: '/manager/forecast',
    summary: 'Expected arrivals per hour for the rest of today per service, and the windows each needs to keep its wait under target (Erlang C)',
    roles: ['manager'],
    responses: { 200: { description: 'Forecast', schema: P.ManagerForecast } },
    handle: async (ctx) => ok(forecastFor({ state: ctx.hall.state, figures: ctx.figures.figures, history: ctx.history, now: ctx.hall.clock() })),
  },
  {
    operationId: 'updateServiceQuota',
    method: 'PATCH',
    path: '/services/{serviceCode}/quota',
    summary: "Change a service's daily and/or slot quotas, effective at once (recorded in the audit log)",
    roles: ['manager'],
    params: P.ServiceParams,
    body: P.UpdateServiceQuotaRequest,
    responses: { 200: { description: 'The quotas now', schema: P.ServiceQuota } },
    handle: async (ctx) => {
      const { serviceCode } = ctx.params;
      const body = ctx.body as P.UpdateServiceQuotaRequest;
      const before = ctx.hall.config.services.find((s) => s.code === serviceCode);
      if (!before) throw notFound('UNKNOWN_SERVICE', `no service ${serviceCode}`);
      const summary = (i: ServiceItem) => ({ dailyQuota: i.dailyQuota ?? null, slotQuotas: i.slotQuotas.map((q) => ({ from: q.from, to: q.to, quota: q.quota })) });
      const after = await run<ServiceItem>(ctx, { type: 'updateServiceQuota', serviceCode, dailyQuota: body.dailyQuota, slotQuotas: body.slotQuotas }, undefined, (item) =>
        controlRecord(ctx, 'updateServiceQuota', `service:${serviceCode}`, summary(before), summary(item), false),
      );
      return ok(quotaView(ctx, after));
    },
  },
  {
    operationId: 'listAudit',
    method: 'GET',
    path: '/audit',
    summary: 'Manager controls recorded over a range of hall days: who, when, what, before and after',
    roles: ['manager'],
    query: P.AuditQuery,
    responses: { 200: { description: 'Entries, oldest first', schema: P.AuditList } },
    handle: async (ctx) => {
      const from = ctx.query.from ?? today(ctx);
      const to = ctx.query.to ?? from;
      if (to < from) throw invalid('INVALID_RANGE', '`to` is before `from`');
      return ok({ entries: ctx.audit.list(from, to) });
    },
  },
  {
    operationId: 'getReport',
    method: 'GET',
    path: '/reports',
    summary: 'Report for a range of hall days (at most 366): volumes per service, window and clerk, wait and service time p50/p90/max, no-show rate, ratings with reasons; as JSON, CSV (UTF-8 with BOM) or a printable page',
    roles: ['manager'],
    query: P.ReportQuery,
    responses: {
      200: { description: 'The report: JSON, or text/csv (format=csv, one section per table unless table=…), or text/html (format=html)', schema: P.Report },
      400: { description: 'INVALID_DATE, INVALID_RANGE (to before from) or RANGE_TOO_LONG (more than 366 days)' },
    },
    handle: async (ctx) => {
      const q = ctx.query as z.infer<typeof P.ReportQuery>;
      const report = buildReport(ctx.hall.store, ctx.hall.config, q.from, q.to);
      const file = `report-${q.from}-${q.to}${q.table ? `-${q.table}` : ''}`;
      if (q.format === 'csv') {
        return { status: 200, body: reportCsv(report, q.table), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` } };
      }
      if (q.format === 'html') return { status: 200, body: reportHtml(report, ctx.hall.config.name['zh-CN']), headers: { 'content-type': 'text/html; charset=utf-8' } };
      return ok(report);
    },
  },
];

/** Every operation of the hall: the queue's above, the filing ones in filing-operations.ts. */
export const operations: Operation[] = [...queueOperations, ...filingOperations, ...consentOperations];
