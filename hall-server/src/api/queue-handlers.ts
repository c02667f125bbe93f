/**
 * The queue's handlers, one per entry of contract/queue.ts: issuing and
 * finding tickets, calling and serving at windows, clerks and staff PINs,
 * appointments, offline leases and device reports.
 */
import type { Command } from '../domain/commands.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import { assertKeepsAWindow } from '../domain/manager.ts';
import type { Appointment, HallWindow, NumberLease, Rating, RatingLevel, Ticket, WindowStateName } from '../domain/model.ts';
import { RATING_LABELS } from '../domain/rating.ts';
import type { SealedIdentity } from '../store/hall-store.ts';
import type { queueContract } from '../contract/queue.ts';
import type * as P from '../protocol.ts';
import { assertMayCancel, assertMayRate, seesPersonalData } from './access.ts';
import { HttpError } from './errors.ts';
import { type AnyContext, controlRecord, ok, recordControl, run, ticketFor, ticketReply, windowAudit, filingCodeFor } from './handler-kit.ts';
import { LimitError } from './limits.ts';
import { recordReveal, type Handler, type Handlers } from './operation.ts';
import { appointmentView, issuingNow, leaseView, serviceLoad, snapshot, ticketView, windowView } from './views.ts';
import { windowSummary } from './stats.ts';

type QueueContract = typeof queueContract;

function sourceOf(role: P.Role): Ticket['source'] {
  return role === 'counter' ? 'counter' : role === 'integration' ? 'integration' : 'kiosk';
}

function findByNumber(ctx: AnyContext, number: string): Ticket {
  let found: Ticket | undefined;
  for (const t of ctx.hall.state.tickets.values()) {
    if (t.number !== number) continue;
    // A transferred visitor holds the same number twice: the open ticket is the one meant.
    if (!found || t.issuedAt > found.issuedAt || t.status === 'waiting') found = t;
  }
  if (!found) throw notFound('TICKET_NOT_FOUND', `no ticket ${number} today`);
  return found;
}

/**
 * A staff member proves who they are with their PIN: checked off the event
 * loop with the hall's lockouts, and every failure in the security log.
 */
async function staffByPin(ctx: AnyContext, staffNo: string, pin: string, where: Record<string, unknown>) {
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

/**
 * Who vouches for a disabled/military green channel: the clerk signed in at
 * a counter, a manager, or at a kiosk the staff member whose grant (PIN
 * checked by the hall, `grantStaff`) the kiosk presents. Never a PIN kept in
 * a terminal.
 */
function greenChannelVoucher(ctx: AnyContext, grant: string | undefined): string {
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

type WindowActionId = 'openWindow' | 'pauseWindow' | 'resumeWindow' | 'closeWindow' | 'signOut';

/**
 * A state change of one window, by its own counter or by a manager. A
 * manager's is a control: recorded in the audit log, and refused with
 * LAST_WINDOW_FOR_SERVICE when it would leave a service with no open window
 * unless `?confirm=true`.
 */
function windowAction<K extends WindowActionId>(
  operationId: K,
  toCommand: (windowNo: number, body: Parameters<Handler<QueueContract[K]>>[0]['body']) => Command,
  leaves?: WindowStateName,
): Handler<QueueContract[K]> {
  return async (ctx) => {
    const { windowNo } = ctx.params;
    if (ctx.principal.role !== 'manager') return ok(windowView(ctx.hall.state, await run(ctx, toCommand(windowNo, ctx.body))));
    const before = ctx.hall.state.windows.get(windowNo);
    const left = leaves && before ? assertKeepsAWindow(ctx.hall.state, windowNo, { state: leaves }, ctx.query?.confirm === 'true') : [];
    const window = await run<HallWindow>(ctx, toCommand(windowNo, ctx.body), undefined, (after) =>
      controlRecord(ctx, operationId, `window:${windowNo}`, windowAudit(before), windowAudit(after), left.length > 0),
    );
    return ok(windowView(ctx.hall.state, window));
  };
}

export const queueHandlers: Pick<Handlers, keyof QueueContract> = {
  listServices: async (ctx) => {
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
  issueTicket: async (ctx) => {
    const { body } = ctx;
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
      {
        type: 'issueTicket',
        serviceCode: body.serviceCode,
        source: sourceOf(ctx.principal.role),
        identity: identified?.identity,
        greenChannel: body.greenChannel,
      },
      identified ? [identified.sealed] : undefined,
      (t) =>
        voucher
          ? { ...controlRecord(ctx, 'greenChannel', `ticket:${t.id}`, undefined, { greenChannel: body.greenChannel, vouchedBy: voucher }, false) }
          : undefined,
    );
    return ticketReply(ctx, ticket, 201);
  },
  findTickets: async (ctx) => {
    const now = ctx.hall.clock();
    const matches = [...ctx.hall.state.tickets.values()].filter((t) => t.number === ctx.query.number && t.day === ctx.hall.state.counters.day);
    matches.sort((a, b) => Number(b.status === 'waiting') - Number(a.status === 'waiting') || b.issuedAt - a.issuedAt);
    return ok({ tickets: matches.map((t) => ticketView(ctx.hall.state, t, now, { withIdentity: false, filingCode: filingCodeFor(ctx, t) })) });
  },
  getTicket: async (ctx) => {
    const t = ticketFor(ctx);
    const { principal } = ctx;
    const reveal = seesPersonalData(ctx.hall.state, principal, t) && t.identity ? ctx.hall.store.revealIdentity(t.identity.ref) : undefined;
    if (reveal) recordReveal(ctx, 'revealIdentity', `ticket:${t.id}`, 'the visitor is at this window');
    return ok(ticketView(ctx.hall.state, t, ctx.hall.clock(), { withIdentity: principal.role !== 'display', reveal, filingCode: filingCodeFor(ctx, t) }));
  },
  cancelTicket: async (ctx) => {
    const t = ticketFor(ctx);
    assertMayCancel(ctx.hall.state, ctx.principal, t);
    const cancelled = await run<Ticket>(ctx, { type: 'cancelTicket', ticketId: t.id, reason: ctx.body.reason }, undefined, () =>
      controlRecord(ctx, 'cancelTicket', `ticket:${t.id}`, { status: t.status }, { status: 'cancelled', reason: ctx.body.reason ?? null }, false),
    );
    return ticketReply(ctx, cancelled);
  },
  getQueue: async (ctx) => ok(snapshot(ctx.hall.state, ctx.hall.seq, ctx.hall.clock(), ctx.recent)),
  listWindows: async (ctx) => {
    const { state } = ctx.hall;
    return ok({ windows: [...state.windows.values()].sort((a, b) => a.no - b.no).map((w) => windowView(state, w)) });
  },
  callNext: async (ctx) => {
    const t = await run<Ticket | undefined>(ctx, { type: 'callNext', windowNo: ctx.params.windowNo });
    return t ? ticketReply(ctx, t) : { status: 204 };
  },
  callTicket: async (ctx) => {
    // The schema holds exactly one of the two.
    const ticketId = ctx.body.ticketId ?? findByNumber(ctx, ctx.body.number ?? '').id;
    return ticketReply(ctx, await run(ctx, { type: 'callTicket', windowNo: ctx.params.windowNo, ticketId }));
  },
  recallTicket: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'recallTicket', windowNo: ctx.params.windowNo })),
  startService: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'startService', ticketId: ticketFor(ctx, true).id })),
  skipTicket: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'skipTicket', ticketId: ticketFor(ctx, true).id })),
  reactivateTicket: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'reactivateTicket', ticketId: ctx.params.ticketId })),
  transferTicket: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'transferTicket', ticketId: ticketFor(ctx, true).id, ...ctx.body })),
  finishTicket: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'finishTicket', ticketId: ticketFor(ctx, true).id })),
  rateTicket: async (ctx) => {
    const t = ticketFor(ctx);
    assertMayRate(ctx.principal, t, ctx.hall.clock());
    const r = await run<Rating>(ctx, { type: 'rateTicket', ticketId: t.id, level: ctx.body.level as RatingLevel, reason: ctx.body.reason });
    return ok({ ticketId: r.ticketId, level: r.level, label: RATING_LABELS[r.level], reason: r.reason, at: new Date(r.at).toISOString() }, 201);
  },
  signIn: async (ctx) => {
    const check = { member: await staffByPin(ctx, ctx.body.staffNo, ctx.body.pin, { windowNo: ctx.params.windowNo }) };
    const window = await run<HallWindow>(ctx, { type: 'openWindow', windowNo: ctx.params.windowNo, clerk: check.member }, undefined, () =>
      controlRecord(ctx, 'signIn', `staff:${check.member.staffNo}`, undefined, { windowNo: ctx.params.windowNo }, false),
    );
    return ok(windowView(ctx.hall.state, window));
  },
  grantStaff: async (ctx) => {
    const member = await staffByPin(ctx, ctx.body.staffNo, ctx.body.pin, { kiosk: ctx.principal.tokenId });
    const grant = ctx.staff.grants.issue(ctx.principal.tokenId, member, ctx.hall.clock());
    recordControl(ctx, 'grantStaff', `staff:${member.staffNo}`, undefined, { kiosk: ctx.principal.tokenId }, false);
    return ok({ grant: grant.grant, staffNo: grant.staffNo, name: grant.name, expiresAt: new Date(grant.expiresAt).toISOString() }, 201);
  },
  getWindowSummary: async (ctx) => ok(windowSummary(ctx.hall.state, ctx.params.windowNo, ctx.hall.store)),
  createAppointment: async (ctx) => {
    const { body } = ctx;
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
  checkInAppointment: async (ctx) => ticketReply(ctx, await run(ctx, { type: 'checkInAppointment', code: ctx.body.code }), 201),
  cancelAppointment: async (ctx) => {
    const cancelled = await run<Appointment>(ctx, { type: 'cancelAppointment', code: ctx.body.code }, undefined, (a) =>
      controlRecord(ctx, 'cancelAppointment', `appointment:${a.id}`, { status: 'booked' }, { status: a.status }, false),
    );
    return ok(appointmentView(cancelled));
  },
  leaseNumbers: async (ctx) =>
    ok(leaseView(await run<NumberLease>(ctx, { type: 'leaseNumbers', serviceCode: ctx.body.serviceCode, count: ctx.body.count })), 201),
  syncOfflineTickets: async (ctx) => {
    const { body } = ctx;
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
  reportDevices: async (ctx) => ok(ctx.terminals.report(ctx.principal, ctx.body.devices, ctx.hall.clock())),
  listTerminals: async (ctx) => ok({ terminals: ctx.terminals.list() }),
  openWindow: windowAction('openWindow', (windowNo) => ({ type: 'openWindow', windowNo })),
  pauseWindow: windowAction('pauseWindow', (windowNo, body) => ({ type: 'pauseWindow', windowNo, reason: body.reason }), 'paused'),
  resumeWindow: windowAction('resumeWindow', (windowNo) => ({ type: 'resumeWindow', windowNo })),
  closeWindow: windowAction('closeWindow', (windowNo) => ({ type: 'closeWindow', windowNo }), 'closed'),
  signOut: windowAction('signOut', (windowNo) => ({ type: 'closeWindow', windowNo }), 'closed'),
};
