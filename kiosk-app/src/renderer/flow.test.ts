import { describe, expect, it } from 'vitest';
import { stepsThrough } from './testing/flow-steps.ts';
import { ATTRACT, remainingMs, timeoutsFor, transition, type FlowEvent, type FlowState } from './flow.ts';

const run = (events: FlowEvent[], from: FlowState = ATTRACT) => events.reduce(transition, from);

describe('the visitor flow', () => {
  it('goes attract → identify → services → confirm → issuing → ticket for a swiped ID card', () => {
    const events = [{ type: 'start' }, { type: 'card' }, { type: 'choose' }, { type: 'confirm' }, { type: 'issued' }] as FlowEvent[];
    expect(stepsThrough(transition, ATTRACT, events)).toEqual(['identify', 'services', 'confirm', 'issuing', 'ticket']);
  });

  it('takes a card swiped on the attract screen straight to the services', () => {
    expect(transition(ATTRACT, { type: 'card' })).toEqual({ step: 'services', via: 'card', back: null });
  });

  it('checks an appointment in without choosing a service: identify → confirm → ticket', () => {
    const s = run([{ type: 'start' }, { type: 'type-code' }, { type: 'appointment', typed: true }]);
    expect(s).toEqual({ step: 'confirm', via: 'appointment-code', back: null });
    expect(run([{ type: 'confirm' }, { type: 'issued' }], s).step).toBe('ticket');
  });

  it('takes a scanned appointment QR from the attract screen to confirmation', () => {
    expect(transition(ATTRACT, { type: 'appointment', typed: false })).toMatchObject({ step: 'confirm', via: 'appointment-scan' });
  });

  it('ignores a typed appointment code outside the keypad screen', () => {
    expect(transition(ATTRACT, { type: 'appointment', typed: true })).toBe(ATTRACT);
  });

  it('offers services without an ID only where the hall allows anonymous tickets', () => {
    const identify = run([{ type: 'start' }]);
    expect(transition(identify, { type: 'no-id', allowed: false })).toBe(identify);
    expect(transition(identify, { type: 'no-id', allowed: true })).toMatchObject({ step: 'services', via: 'anonymous' });
  });

  it('does not let an appointment visitor pick a service', () => {
    const confirm = transition(ATTRACT, { type: 'appointment', typed: false });
    const services = { ...confirm, step: 'services' as const };
    expect(transition(services, { type: 'choose' })).toBe(services);
  });

  it('sends a refused walk-in issue back to the services, a refused typed code back to the keypad', () => {
    const walkIn = run([{ type: 'card' }, { type: 'choose' }, { type: 'confirm' }, { type: 'refused' }]);
    expect(walkIn).toEqual({ step: 'refused', via: 'card', back: 'services' });
    expect(transition(walkIn, { type: 'back' })).toEqual({ step: 'services', via: 'card', back: null });

    const typed = run([{ type: 'start' }, { type: 'type-code' }, { type: 'appointment', typed: true }, { type: 'confirm' }, { type: 'refused' }]);
    expect(typed.back).toBe('appointment-code');
    expect(transition(typed, { type: 'back' }).step).toBe('appointment-code');
  });

  it('sends a refused scanned appointment back to identification', () => {
    const s = run([{ type: 'appointment', typed: false }, { type: 'confirm' }, { type: 'refused' }]);
    expect(transition(s, { type: 'back' })).toEqual({ step: 'identify', via: null, back: null });
  });

  it('returns from a refusal raised on a screen to that screen', () => {
    const s = run([{ type: 'start' }, { type: 'refused' }]);
    expect(s).toEqual({ step: 'refused', via: null, back: 'identify' });
    expect(transition(s, { type: 'back' }).step).toBe('identify');
  });

  it('walks back one screen at a time to the attract screen', () => {
    let s = run([{ type: 'start' }, { type: 'card' }, { type: 'choose' }]);
    const path: string[] = [];
    for (let i = 0; i < 4; i++) {
      s = transition(s, { type: 'back' });
      path.push(s.step);
    }
    expect(path).toEqual(['services', 'identify', 'attract', 'attract']);
  });

  it('cannot be interrupted or walked back while a ticket is issuing', () => {
    const issuing = run([{ type: 'card' }, { type: 'choose' }, { type: 'confirm' }]);
    for (const e of [{ type: 'back' }, { type: 'card' }, { type: 'appointment', typed: false }, { type: 'staff' }] as FlowEvent[]) {
      expect(transition(issuing, e)).toBe(issuing);
    }
  });

  it('lets a new visitor swipe a card over the last visitor’s ticket screen', () => {
    const ticket = run([{ type: 'card' }, { type: 'choose' }, { type: 'confirm' }, { type: 'issued' }]);
    expect(transition(ticket, { type: 'card' })).toEqual({ step: 'services', via: 'card', back: null });
  });

  it('looks a ticket up from the attract screen, by keypad or by scan', () => {
    expect(run([{ type: 'lookup' }, { type: 'looked-up' }]).step).toBe('lookup-result');
    expect(transition(ATTRACT, { type: 'looked-up' }).step).toBe('lookup-result');
  });

  it('opens the staff PIN pad from any screen but issuing, and the panel only after a good PIN', () => {
    const services = run([{ type: 'card' }]);
    const pin = transition(services, { type: 'staff' });
    expect(pin.step).toBe('staff-pin');
    expect(transition(services, { type: 'staff-ok' })).toBe(services);
    const panel = transition(pin, { type: 'staff-ok' });
    expect(panel.step).toBe('staff');
    expect(transition(panel, { type: 'card' })).toBe(panel);
    expect(transition(panel, { type: 'back' })).toBe(ATTRACT);
  });

  it('asks staff to vouch for the green channel from the confirmation of a ticket taken here, and comes back to it', () => {
    const confirm = run([{ type: 'card' }, { type: 'choose' }]);
    const staff = transition(confirm, { type: 'green-staff' });
    expect(staff).toEqual({ step: 'green-staff', via: 'card', back: null });
    expect(transition(staff, { type: 'card' })).toBe(staff);
    expect(transition(staff, { type: 'vouched' })).toEqual(confirm);
    expect(transition(staff, { type: 'back' })).toEqual(confirm);
    const appointment = run([{ type: 'appointment', typed: false }]);
    expect(transition(appointment, { type: 'green-staff' })).toBe(appointment);
  });

  it('resets to the attract screen from anywhere', () => {
    expect(transition(run([{ type: 'card' }, { type: 'choose' }]), { type: 'reset' })).toBe(ATTRACT);
  });
});

describe('timeouts', () => {
  it('gives a visitor 60 s, and 120 s in elderly mode, with a 10 s countdown', () => {
    expect(timeoutsFor(false)).toEqual({ idleMs: 60_000, ticketMs: 15_000, countdownMs: 10_000 });
    expect(timeoutsFor(true)).toEqual({ idleMs: 120_000, ticketMs: 30_000, countdownMs: 10_000 });
  });

  it('counts nothing down on the attract screen or while issuing', () => {
    expect(remainingMs('attract', 0, 999_999, timeoutsFor(false))).toBeNull();
    expect(remainingMs('issuing', 0, 999_999, timeoutsFor(false))).toBeNull();
  });

  it('counts the ticket screen down from the short ticket timeout', () => {
    expect(remainingMs('ticket', 1_000, 6_000, timeoutsFor(false))).toBe(10_000);
    expect(remainingMs('services', 1_000, 6_000, timeoutsFor(false))).toBe(55_000);
    expect(remainingMs('services', 1_000, 100_000, timeoutsFor(false))).toBe(0);
  });
});
