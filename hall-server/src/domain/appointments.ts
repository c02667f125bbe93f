/**
 * Appointments booked elsewhere (the city's booking system, a mini-program)
 * and checked in at a kiosk by their code.
 */
import { conflict, invalid, notFound } from './errors.ts';
import type { Decision } from './events.ts';
import { decideAppointmentTicket, findService } from './issue.ts';
import type { Appointment, DecisionContext, HallState, IdentityRef, Ticket } from './model.ts';

const MINUTE = 60_000;

export type CreateAppointment = {
  type: 'createAppointment';
  serviceCode: string;
  slotStart: number;
  slotEnd: number;
  identity?: IdentityRef;
  externalRef?: string;
};
export type CheckInAppointment = { type: 'checkInAppointment'; code: string };
export type CancelAppointment = { type: 'cancelAppointment'; code: string };

/** Codes are typed on a kiosk keypad: digits only, and never one in use. */
export function decideCreateAppointment(state: HallState, cmd: CreateAppointment, ctx: DecisionContext): Decision<Appointment> {
  const item = findService(state, cmd.serviceCode);
  if (!item.appointment) throw invalid('APPOINTMENT_NOT_OFFERED', `${item.name['zh-CN']} is not offered by appointment`);
  if (!(cmd.slotEnd > cmd.slotStart)) throw invalid('INVALID_SLOT', 'slotEnd must be after slotStart');
  if (cmd.slotEnd < ctx.now) throw invalid('SLOT_IN_PAST', 'the slot has already ended');
  let code = ctx.newCode();
  for (let i = 0; state.appointmentsByCode.has(code); i++) {
    if (i > 20) throw new Error('appointment code space exhausted');
    code = ctx.newCode();
  }
  const appointment: Appointment = {
    id: ctx.newId(),
    code,
    serviceCode: item.code,
    slotStart: cmd.slotStart,
    slotEnd: cmd.slotEnd,
    identity: cmd.identity,
    status: 'booked',
    createdAt: ctx.now,
    externalRef: cmd.externalRef,
  };
  return { events: [{ type: 'appointment.saved', appointment }], result: appointment };
}

/** The booking a code names, while it can still be used; `ifCheckedIn` is the refusal's message once it has been. */
function unusedBooking(state: HallState, code: string, ifCheckedIn: string): Appointment {
  const id = state.appointmentsByCode.get(code.trim());
  const appointment = id ? state.appointments.get(id) : undefined;
  if (!appointment) throw notFound('APPOINTMENT_NOT_FOUND', 'no appointment with this code');
  if (appointment.status === 'checked-in') throw conflict('ALREADY_CHECKED_IN', ifCheckedIn, { ticketId: appointment.ticketId });
  if (appointment.status === 'cancelled') throw conflict('APPOINTMENT_CANCELLED', 'this appointment was cancelled');
  return appointment;
}

export function decideCheckIn(state: HallState, cmd: CheckInAppointment, ctx: DecisionContext): Decision<Ticket> {
  const appointment = unusedBooking(state, cmd.code, 'this appointment has already been checked in');
  const { earlyMinutes, lateMinutes } = state.config.rules.appointmentCheckIn;
  if (ctx.now < appointment.slotStart - earlyMinutes * MINUTE) {
    throw conflict('CHECK_IN_TOO_EARLY', `check-in opens ${earlyMinutes} minutes before the booked time`, {
      opensAt: appointment.slotStart - earlyMinutes * MINUTE,
    });
  }
  if (ctx.now > appointment.slotStart + lateMinutes * MINUTE) {
    throw conflict('CHECK_IN_TOO_LATE', `check-in closed ${lateMinutes} minutes after the booked time; take an ordinary ticket`);
  }
  const { ticket, counters } = decideAppointmentTicket(state, appointment, ctx);
  // Appointment tickets queue by their booked slot, not by when they arrived.
  const queued: Ticket = { ...ticket, rank: appointment.slotStart };
  return {
    events: [
      { type: 'counters.changed', counters },
      { type: 'ticket.saved', change: 'issued', ticket: queued },
      { type: 'appointment.saved', appointment: { ...appointment, status: 'checked-in', ticketId: queued.id } },
    ],
    result: queued,
  };
}

/** A booking withdrawn before it was used: its code no longer checks in. A checked-in one has its ticket (cancelTicket). */
export function decideCancelAppointment(state: HallState, cmd: CancelAppointment, ctx: DecisionContext): Decision<Appointment> {
  const appointment = unusedBooking(state, cmd.code, 'this appointment has been checked in; cancel its ticket instead');
  const cancelled: Appointment = { ...appointment, status: 'cancelled', cancelledAt: ctx.now };
  return { events: [{ type: 'appointment.saved', appointment: cancelled }], result: cancelled };
}
