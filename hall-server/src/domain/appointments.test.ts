import { describe, it, expect } from 'vitest';
import { decideCreateAppointment } from './appointments.ts';
import type { Actor, Appointment, Ticket } from './model.ts';
import { applyEvents } from './state.ts';
import { adultVisitor, createTestHall, elderlyVisitor, kiosk, refusal, type TestHall } from './testing.ts';

const integration: Actor = { role: 'integration', name: '预约平台' };
const { birthDate: _birthDate, ...visitor } = adultVisitor(7);
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
const clock = (hall: TestHall, hhmm: string) => hall.setClock(`2026-11-23T${hhmm}:00+08:00`);

function book(hall: TestHall, from: string, to: string, serviceCode = 'passport'): Appointment {
  return hall.exec<Appointment>(
    { type: 'createAppointment', serviceCode, slotStart: at(from), slotEnd: at(to), identity: visitor, externalRef: 'YY-1' },
    integration,
  );
}

const checkIn = (hall: TestHall, code: string) => hall.exec<Ticket>({ type: 'checkInAppointment', code }, kiosk);

describe('booking an appointment', () => {
  it('books a slot and gives a numeric code to type at the kiosk', () => {
    const hall = createTestHall();
    const appointment = book(hall, '10:00', '10:30');
    expect(appointment).toMatchObject({ serviceCode: 'passport', slotStart: at('10:00'), slotEnd: at('10:30'), status: 'booked', externalRef: 'YY-1' });
    expect(appointment.code).toMatch(/^\d+$/);
    expect(hall.state.appointments.get(appointment.id)).toEqual(appointment);
  });

  it('is offered only for services by appointment', () => {
    const hall = createTestHall();
    expect(refusal(() => book(hall, '10:00', '10:30', 'hukou'))).toBe('APPOINTMENT_NOT_OFFERED');
  });

  it('refuses a slot that ends before it starts, or has already ended', () => {
    const hall = createTestHall();
    expect(refusal(() => book(hall, '10:30', '10:30'))).toBe('INVALID_SLOT');
    expect(refusal(() => book(hall, '08:00', '08:30'))).toBe('SLOT_IN_PAST');
  });

  it('never gives out a code already in use', () => {
    const hall = createTestHall();
    const codes = ['123456', '123456', '654321'];
    const cmd = { type: 'createAppointment', serviceCode: 'passport', slotStart: at('10:00'), slotEnd: at('10:30') } as const;
    const first = decideCreateAppointment(hall.state, cmd, { ...hall.context(integration), newCode: () => codes.shift()! });
    applyEvents(hall.state, first.events);
    const second = decideCreateAppointment(hall.state, cmd, { ...hall.context(integration), newCode: () => codes.shift()! });
    expect([first.result.code, second.result.code]).toEqual(['123456', '654321']);
  });
});

describe('checking in', () => {
  it('issues a ticket of the service with the appointment’s slot and identity', () => {
    const hall = createTestHall();
    hall.issue('passport');
    const appointment = book(hall, '09:00', '09:30');
    const t = checkIn(hall, appointment.code);
    expect(t).toMatchObject({
      number: 'C002',
      serviceCode: 'passport',
      source: 'appointment',
      priority: 'appointment',
      slotStart: at('09:00'),
      slotEnd: at('09:30'),
      appointmentId: appointment.id,
      identity: visitor,
    });
    expect(hall.state.appointments.get(appointment.id)).toMatchObject({ status: 'checked-in', ticketId: t.id });
  });

  it('opens 30 minutes before the booked time', () => {
    const hall = createTestHall();
    const appointment = book(hall, '10:00', '10:30');
    clock(hall, '09:29');
    expect(refusal(() => checkIn(hall, appointment.code))).toBe('CHECK_IN_TOO_EARLY');
    clock(hall, '09:30');
    expect(checkIn(hall, appointment.code).status).toBe('waiting');
  });

  it('closes 15 minutes after the booked time', () => {
    const hall = createTestHall();
    const onTime = book(hall, '10:00', '10:30');
    const late = book(hall, '10:00', '10:30');
    clock(hall, '10:15');
    expect(checkIn(hall, onTime.code).status).toBe('waiting');
    hall.advance(1 / 60);
    expect(refusal(() => checkIn(hall, late.code))).toBe('CHECK_IN_TOO_LATE');
    expect(hall.state.appointments.get(late.id)?.status).toBe('booked');
  });

  it('follows the configured early and late minutes', () => {
    const hall = createTestHall({ rules: { appointmentCheckIn: { earlyMinutes: 10, lateMinutes: 0 } } });
    const appointment = book(hall, '10:00', '10:30');
    clock(hall, '09:49');
    expect(refusal(() => checkIn(hall, appointment.code))).toBe('CHECK_IN_TOO_EARLY');
    clock(hall, '10:01');
    expect(refusal(() => checkIn(hall, appointment.code))).toBe('CHECK_IN_TOO_LATE');
  });

  it('checks in only once', () => {
    const hall = createTestHall();
    const appointment = book(hall, '09:00', '09:30');
    checkIn(hall, appointment.code);
    expect(refusal(() => checkIn(hall, appointment.code))).toBe('ALREADY_CHECKED_IN');
    expect(hall.waiting('passport')).toHaveLength(1);
  });

  it('refuses an unknown code', () => {
    const hall = createTestHall();
    expect(refusal(() => checkIn(hall, '000000'))).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('cancelling', () => {
  const cancel = (hall: TestHall, code: string) => hall.exec<Appointment>({ type: 'cancelAppointment', code }, integration);

  it('withdraws a booking: it is cancelled, and its code no longer checks in', () => {
    const hall = createTestHall();
    clock(hall, '09:00');
    const appointment = book(hall, '10:00', '10:30');
    expect(cancel(hall, appointment.code)).toMatchObject({ status: 'cancelled', cancelledAt: at('09:00') });
    clock(hall, '10:00');
    expect(refusal(() => checkIn(hall, appointment.code))).toBe('APPOINTMENT_CANCELLED');
  });

  it('refuses an unknown code, a booking already checked in (its ticket is cancelled instead), and a second cancel', () => {
    const hall = createTestHall();
    clock(hall, '09:50');
    const used = book(hall, '10:00', '10:30');
    checkIn(hall, used.code);
    expect(refusal(() => cancel(hall, used.code))).toBe('ALREADY_CHECKED_IN');
    expect(refusal(() => cancel(hall, '99999999'))).toBe('APPOINTMENT_NOT_FOUND');
    const other = book(hall, '11:00', '11:30');
    cancel(hall, other.code);
    expect(refusal(() => cancel(hall, other.code))).toBe('APPOINTMENT_CANCELLED');
  });
});

describe('calling appointments', () => {
  it('calls checked-in appointments in booked-slot order, before normal tickets, while their slots last', () => {
    const hall = createTestHall();
    const normal1 = hall.issue('passport').number;
    const normal2 = hall.issue('passport').number;
    const early = book(hall, '09:05', '09:35');
    const later = book(hall, '09:15', '09:45');
    clock(hall, '09:12');
    const laterTicket = checkIn(hall, later.code).number;
    clock(hall, '09:14');
    const earlyTicket = checkIn(hall, early.code).number;
    clock(hall, '09:20');
    expect(hall.callSequence(3, 4)).toEqual([earlyTicket, laterTicket, normal1, normal2]);
  });

  it('lets an appointment compete as a normal ticket, by its booked time, once its slot has ended', () => {
    const scenario = (callAt: string) => {
      const hall = createTestHall({ start: '2026-11-23T08:55:00+08:00' });
      const before = hall.issue('passport').number; // 08:55
      const appointment = book(hall, '09:00', '09:30');
      clock(hall, '09:05');
      const after = hall.issue('passport').number; // after the booked time, before the visitor checked in
      clock(hall, '09:10');
      const booked = checkIn(hall, appointment.code).number;
      clock(hall, callAt);
      return { hall, before, booked, after };
    };

    const during = scenario('09:20');
    expect(during.hall.callNext(3)?.number).toBe(during.booked);

    // callSequence moves the clock a minute on before each call: the first is at 09:30, as the slot ends.
    const ended = scenario('09:29');
    expect(ended.hall.callSequence(3, 3)).toEqual([ended.before, ended.booked, ended.after]);
  });

  it('lets an appointment checked in early wait as a normal ticket until its slot begins, then go first', () => {
    const hall = createTestHall();
    const first = hall.issue('passport').number; // 09:00
    const appointment = book(hall, '10:00', '10:30');
    clock(hall, '09:35');
    const booked = checkIn(hall, appointment.code).number;
    clock(hall, '09:40');
    const second = hall.issue('passport').number;
    clock(hall, '09:45');
    expect(hall.callNext(3)?.number).toBe(first);
    clock(hall, '09:50');
    expect(hall.callNext(3)?.number).toBe(second); // issued at 09:40, before the booked 10:00
    const third = hall.issue('passport').number;
    clock(hall, '10:00');
    expect(hall.callNext(3)?.number).toBe(booked);
    hall.advance(5);
    expect(hall.callNext(3)?.number).toBe(third);
  });

  it('calls an appointment in its slot before a green-channel ticket that came earlier', () => {
    const hall = createTestHall();
    const elder = hall.issue('passport', { identity: elderlyVisitor(1) }).number; // 09:00
    const appointment = book(hall, '09:15', '09:45');
    clock(hall, '09:10');
    const booked = checkIn(hall, appointment.code).number;
    clock(hall, '09:19');
    expect(hall.callSequence(3, 2)).toEqual([booked, elder]);
  });
});
