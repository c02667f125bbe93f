/**
 * The visitor's path through the kiosk as a pure state machine. The session
 * store feeds it events and keeps the data (card, service, ticket) beside it;
 * this file only decides which screen comes next, so every path can be
 * tested without a DOM, a clock or a device.
 */

export type Step =
  | 'attract'
  | 'identify'
  | 'appointment-code'
  | 'services'
  | 'confirm'
  /** A staff member vouches for the visitor's disabled/military green channel (staff number and PIN). */
  | 'green-staff'
  | 'issuing'
  | 'ticket'
  | 'refused'
  | 'lookup'
  | 'lookup-result'
  | 'staff-pin'
  | 'staff';

/** How the visitor identified: the ticket is issued against it. */
export type Via = 'card' | 'appointment-scan' | 'appointment-code' | 'anonymous';

export type FlowState = {
  step: Step;
  via: Via | null;
  /** Where "back" leads from the refusal screen. */
  back: Step | null;
};

export type FlowEvent =
  | { type: 'start' }
  | { type: 'card' }
  | { type: 'appointment'; typed: boolean }
  | { type: 'type-code' }
  | { type: 'no-id'; allowed: boolean }
  | { type: 'choose' }
  | { type: 'confirm' }
  | { type: 'green-staff' }
  | { type: 'vouched' }
  | { type: 'issued' }
  | { type: 'refused' }
  | { type: 'back' }
  | { type: 'lookup' }
  | { type: 'looked-up' }
  | { type: 'staff' }
  | { type: 'staff-ok' }
  | { type: 'reset' };

export const ATTRACT: FlowState = { step: 'attract', via: null, back: null };

/** Steps in which a new visitor can present a card or an appointment QR and start over from there. */
const INTERRUPTIBLE: readonly Step[] = ['attract', 'identify', 'appointment-code', 'services', 'confirm', 'ticket', 'refused', 'lookup', 'lookup-result'];

export function transition(state: FlowState, event: FlowEvent): FlowState {
  const { step, via } = state;
  switch (event.type) {
    case 'reset':
      return ATTRACT;
    case 'start':
      return step === 'attract' ? { step: 'identify', via: null, back: null } : state;
    case 'card':
      return INTERRUPTIBLE.includes(step) ? { step: 'services', via: 'card', back: null } : state;
    case 'appointment':
      if (event.typed) return step === 'appointment-code' ? { step: 'confirm', via: 'appointment-code', back: null } : state;
      return INTERRUPTIBLE.includes(step) ? { step: 'confirm', via: 'appointment-scan', back: null } : state;
    case 'type-code':
      return step === 'identify' ? { step: 'appointment-code', via: null, back: null } : state;
    case 'no-id':
      return step === 'identify' && event.allowed ? { step: 'services', via: 'anonymous', back: null } : state;
    case 'choose':
      return step === 'services' && (via === 'card' || via === 'anonymous') ? { ...state, step: 'confirm' } : state;
    case 'confirm':
      return step === 'confirm' ? { ...state, step: 'issuing' } : state;
    // An appointment's ticket is the hall's already: the green channel is for tickets taken here.
    case 'green-staff':
      return step === 'confirm' && (via === 'card' || via === 'anonymous') ? { ...state, step: 'green-staff' } : state;
    case 'vouched':
      return step === 'green-staff' ? { ...state, step: 'confirm' } : state;
    case 'issued':
      return step === 'issuing' ? { ...state, step: 'ticket' } : state;
    case 'refused':
      return refuse(state);
    case 'back':
      return back(state);
    case 'lookup':
      return step === 'attract' ? { step: 'lookup', via: null, back: null } : state;
    case 'looked-up':
      return step === 'attract' || step === 'lookup' || step === 'lookup-result' ? { step: 'lookup-result', via: null, back: null } : state;
    case 'staff':
      return step === 'issuing' || step === 'staff' ? state : { step: 'staff-pin', via: null, back: null };
    case 'staff-ok':
      return step === 'staff-pin' ? { step: 'staff', via: null, back: null } : state;
  }
}

function refuse(state: FlowState): FlowState {
  const { step, via } = state;
  if (step === 'refused' || step === 'staff' || step === 'staff-pin') return state;
  if (step === 'issuing') {
    // A refused issue goes back to where the visitor can change the request.
    const back: Step = via === 'appointment-code' ? 'appointment-code' : via === 'appointment-scan' ? 'identify' : 'services';
    return { step: 'refused', via, back };
  }
  if (step === 'ticket' || step === 'lookup-result') return { step: 'refused', via: null, back: 'attract' };
  return { step: 'refused', via, back: step };
}

function back(state: FlowState): FlowState {
  const { step, via } = state;
  switch (step) {
    case 'identify':
    case 'lookup':
    case 'lookup-result':
    case 'ticket':
    case 'staff-pin':
    case 'staff':
      return ATTRACT;
    case 'appointment-code':
    case 'services':
      return { step: 'identify', via: null, back: null };
    case 'green-staff':
      return { ...state, step: 'confirm' };
    case 'confirm':
      if (via === 'appointment-code') return { step: 'appointment-code', via: null, back: null };
      if (via === 'appointment-scan') return { step: 'identify', via: null, back: null };
      return { step: 'services', via, back: null };
    case 'refused': {
      const to = state.back ?? 'attract';
      if (to === 'attract') return ATTRACT;
      // Going back to identify drops the identification; to services or confirm keeps it.
      const keep = to === 'services' || to === 'confirm';
      return { step: to, via: keep ? via : null, back: null };
    }
    case 'attract':
    case 'issuing':
      return state;
  }
}

/** Steps where a visitor is at the kiosk and the idle timeout runs. */
export function idleApplies(step: Step): boolean {
  return step !== 'attract' && step !== 'issuing' && step !== 'ticket';
}

export type Timeouts = { idleMs: number; ticketMs: number; countdownMs: number };

const BASE: Timeouts = { idleMs: 60_000, ticketMs: 15_000, countdownMs: 10_000 };

/** Elderly mode doubles every wait; the countdown is shown over the last 10 s either way. */
export function timeoutsFor(elderly: boolean): Timeouts {
  const k = elderly ? 2 : 1;
  return { idleMs: BASE.idleMs * k, ticketMs: BASE.ticketMs * k, countdownMs: BASE.countdownMs };
}

/** Milliseconds before the screen gives up on the visitor, or null when nothing is counting down. */
export function remainingMs(step: Step, lastActivityAt: number, now: number, timeouts: Timeouts): number | null {
  if (step === 'ticket') return Math.max(0, lastActivityAt + timeouts.ticketMs - now);
  if (!idleApplies(step)) return null;
  return Math.max(0, lastActivityAt + timeouts.idleMs - now);
}

export const STAFF_LONG_PRESS_MS = 3_000;
