/**
 * The screens every visitor app has — the attract screen, identification,
 * the refusal, the look-up and its result, the staff PIN pad and panel —
 * and how a visitor moves between them, as a pure function. Each app builds
 * its own flow around it (flow.ts for the ticket kiosk, filing/flow.ts for
 * the filing machine) with its own steps and events, and names the two of
 * its steps the shared rules turn on:
 *
 * - `busy`: the request in flight (issuing a ticket, submitting a filing).
 *   Nothing interrupts it, it cannot be walked back from, and no idle
 *   timeout ends it: the device host is answering for the visitor.
 * - `end`: the outcome (the ticket, the receipt). It returns to the attract
 *   screen by itself after its own, shorter wait.
 */

export type SharedStep = 'attract' | 'identify' | 'refused' | 'lookup' | 'lookup-result' | 'staff-pin' | 'staff';

export type SharedEvent =
  | { type: 'start' }
  | { type: 'refused' }
  | { type: 'back' }
  | { type: 'lookup' }
  | { type: 'looked-up' }
  | { type: 'staff' }
  | { type: 'staff-ok' }
  | { type: 'reset' };

/** What every app's flow state holds: the step, and where "back" leads from the refusal screen. */
export type VisitorFlowState<Step extends string> = { step: Step; back: Step | null };

export type VisitorFlowSpec<Own extends string, State extends VisitorFlowState<SharedStep | Own>, Event extends { type: string }> = {
  /** A step reached afresh: nothing of how the visitor got here is carried along. */
  at(step: SharedStep | Own): State;
  busy: Own;
  end: Own;
  /** Where the visitor may change the request the busy step was refused. */
  refusedWhileBusy(state: State): SharedStep | Own;
  /** Back from the refusal screen to the step it was raised on (never the attract screen); that step afresh unless given. */
  resume?(state: State, to: SharedStep | Own): State;
  /** The app's own events. */
  on(state: State, event: Event): State;
  /** "Back" where the app leads it (its own steps, and any shared one it leads elsewhere); undefined where the shared rule holds. */
  back(state: State): State | undefined;
};

export type VisitorFlow<Own extends string, State extends VisitorFlowState<SharedStep | Own>, Event extends { type: string }> = {
  /** The attract screen, with nobody at the machine. */
  readonly attract: State;
  readonly busy: Own;
  readonly end: Own;
  transition(state: State, event: SharedEvent | Event): State;
};

const SHARED_EVENTS: ReadonlySet<string> = new Set(['start', 'refused', 'back', 'lookup', 'looked-up', 'staff', 'staff-ok', 'reset']);

function isShared(event: { type: string }): event is SharedEvent {
  return SHARED_EVENTS.has(event.type);
}

export function visitorFlow<Own extends string, State extends VisitorFlowState<SharedStep | Own>, Event extends { type: string }>(
  spec: VisitorFlowSpec<Own, State, Event>,
): VisitorFlow<Own, State, Event> {
  const { at, busy, end } = spec;
  const attract = at('attract');

  function refuse(state: State): State {
    const { step } = state;
    if (step === 'refused' || step === 'staff' || step === 'staff-pin') return state;
    if (step === busy) return { ...state, step: 'refused', back: spec.refusedWhileBusy(state) };
    // Nothing on these screens can be changed: back from the refusal is a fresh start.
    if (step === end || step === 'lookup-result' || step === 'attract') return { ...at('refused'), back: 'attract' };
    return { ...state, step: 'refused', back: step };
  }

  function back(state: State): State {
    const own = spec.back(state);
    if (own) return own;
    const { step, back: to } = state;
    if (step === 'attract' || step === busy) return state;
    if (step === 'refused' && to && to !== 'attract') return spec.resume?.(state, to) ?? at(to);
    return attract;
  }

  function shared(state: State, event: SharedEvent): State {
    const { step } = state;
    switch (event.type) {
      case 'reset':
        return attract;
      case 'start':
        return step === 'attract' ? at('identify') : state;
      case 'refused':
        return refuse(state);
      case 'back':
        return back(state);
      case 'lookup':
        return step === 'attract' ? at('lookup') : state;
      case 'looked-up':
        return step === 'attract' || step === 'lookup' || step === 'lookup-result' ? at('lookup-result') : state;
      case 'staff':
        return step === busy || step === 'staff' ? state : at('staff-pin');
      case 'staff-ok':
        return step === 'staff-pin' ? at('staff') : state;
    }
  }

  return {
    attract,
    busy,
    end,
    transition: (state, event) => (isShared(event) ? shared(state, event) : spec.on(state, event as Event)),
  };
}

/** The two waits a visitor screen keeps: for a silent visitor, and on the outcome; and the countdown over the last of either. */
export type VisitorTimeouts = { idleMs: number; endMs: number; countdownMs: number };

/** Milliseconds before the screen gives up on the visitor, or null where nothing counts down (nobody there, or the busy step). */
export function visitorRemainingMs(
  flow: { busy: string; end: string },
  step: string,
  lastActivityAt: number,
  now: number,
  timeouts: Omit<VisitorTimeouts, 'countdownMs'>,
): number | null {
  if (step === 'attract' || step === flow.busy) return null;
  const limit = step === flow.end ? timeouts.endMs : timeouts.idleMs;
  return Math.max(0, lastActivityAt + limit - now);
}

/**
 * An app's waits, with the outcome's named its own way (`ticketMs`,
 * `receiptMs`): how long they are (elderly mode doubles each; the countdown
 * shows over the same last seconds either way), and how much is left.
 */
export function visitorWaits<End extends string>(
  flow: { busy: string; end: string },
  base: { idleMs: number; countdownMs: number } & Record<End, number>,
  endKey: End,
) {
  type Waits = typeof base;
  return {
    timeoutsFor: (elderly: boolean): Waits => (elderly ? { ...base, idleMs: base.idleMs * 2, [endKey]: base[endKey] * 2 } : base),
    remainingMs: (step: string, lastActivityAt: number, now: number, timeouts: Waits): number | null =>
      visitorRemainingMs(flow, step, lastActivityAt, now, { idleMs: timeouts.idleMs, endMs: timeouts[endKey] }),
  };
}

export const STAFF_LONG_PRESS_MS = 3_000;
