/**
 * The visitor's path through the ticket kiosk as a pure state machine: the
 * shared visitor screens (visitor/flow.ts) and the kiosk's own, services →
 * confirm → issuing → ticket. The session store feeds it events and keeps
 * the data (card, service, ticket) beside it; this file only decides which
 * screen comes next, so every path can be tested without a DOM, a clock or
 * a device.
 */
import { visitorFlow, visitorWaits, type SharedEvent, type SharedStep } from './visitor/flow.ts';

export type Step =
  | SharedStep
  | 'appointment-code'
  | 'services'
  | 'confirm'
  /** A staff member vouches for the visitor's disabled/military green channel (staff number and PIN). */
  | 'green-staff'
  | 'issuing'
  | 'ticket';

/** How the visitor identified: the ticket is issued against it. */
export type Via = 'card' | 'appointment-scan' | 'appointment-code' | 'anonymous';

export type FlowState = {
  step: Step;
  via: Via | null;
  /** Where "back" leads from the refusal screen. */
  back: Step | null;
};

type KioskEvent =
  | { type: 'card' }
  | { type: 'appointment'; typed: boolean }
  | { type: 'type-code' }
  | { type: 'no-id'; allowed: boolean }
  | { type: 'choose' }
  | { type: 'confirm' }
  | { type: 'green-staff' }
  | { type: 'vouched' }
  | { type: 'issued' };

export type FlowEvent = SharedEvent | KioskEvent;

const at = (step: Step): FlowState => ({ step, via: null, back: null });

/** Steps in which a new visitor can present a card or an appointment QR and start over from there. */
export const INTERRUPTIBLE: readonly Step[] = [
  'attract',
  'identify',
  'appointment-code',
  'services',
  'confirm',
  'ticket',
  'refused',
  'lookup',
  'lookup-result',
];

const walkIn = (via: Via | null) => via === 'card' || via === 'anonymous';

function on(state: FlowState, event: KioskEvent): FlowState {
  const { step, via } = state;
  switch (event.type) {
    case 'card':
      return INTERRUPTIBLE.includes(step) ? { step: 'services', via: 'card', back: null } : state;
    case 'appointment':
      if (event.typed) return step === 'appointment-code' ? { step: 'confirm', via: 'appointment-code', back: null } : state;
      return INTERRUPTIBLE.includes(step) ? { step: 'confirm', via: 'appointment-scan', back: null } : state;
    case 'type-code':
      return step === 'identify' ? at('appointment-code') : state;
    case 'no-id':
      return step === 'identify' && event.allowed ? { step: 'services', via: 'anonymous', back: null } : state;
    case 'choose':
      return step === 'services' && walkIn(via) ? { ...state, step: 'confirm' } : state;
    case 'confirm':
      return step === 'confirm' ? { ...state, step: 'issuing' } : state;
    // An appointment's ticket is the hall's already: the green channel is for tickets taken here.
    case 'green-staff':
      return step === 'confirm' && walkIn(via) ? { ...state, step: 'green-staff' } : state;
    case 'vouched':
      return step === 'green-staff' ? { ...state, step: 'confirm' } : state;
    case 'issued':
      return step === 'issuing' ? { ...state, step: 'ticket' } : state;
  }
}

function back(state: FlowState): FlowState | undefined {
  const { step, via } = state;
  switch (step) {
    case 'appointment-code':
    case 'services':
      return at('identify');
    case 'green-staff':
      return { ...state, step: 'confirm' };
    case 'confirm':
      if (via === 'appointment-code') return at('appointment-code');
      if (via === 'appointment-scan') return at('identify');
      return { step: 'services', via, back: null };
  }
}

export const KIOSK_FLOW = visitorFlow<Exclude<Step, SharedStep>, FlowState, KioskEvent>({
  at,
  busy: 'issuing',
  end: 'ticket',
  // A refused issue goes back to where the visitor can change the request.
  refusedWhileBusy: ({ via }) => (via === 'appointment-code' ? 'appointment-code' : via === 'appointment-scan' ? 'identify' : 'services'),
  // Back to the services or the confirmation keeps how the visitor identified.
  resume: (state, to) => (to === 'services' || to === 'confirm' ? { ...state, step: to, back: null } : at(to)),
  on,
  back,
});

export const ATTRACT = KIOSK_FLOW.attract;
export const transition = KIOSK_FLOW.transition;

/** A visitor has 60 s, the ticket stays 15 s, and the countdown shows over the last 10 s. */
export const { timeoutsFor, remainingMs } = visitorWaits(KIOSK_FLOW, { idleMs: 60_000, ticketMs: 15_000, countdownMs: 10_000 }, 'ticketMs');
