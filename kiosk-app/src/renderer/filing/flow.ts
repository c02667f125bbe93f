/**
 * The filing machine's screens (自助申报, 一码查询) as a pure state machine,
 * beside the ticket kiosk's flow.ts. The filing stores feed it events and
 * keep the data (who is filing, the item, the form, the pages) beside it;
 * they also decide whether a step may be left (a form with errors stays).
 *
 * Decisions:
 * - A card swiped, or a company identified, on any screen where a visitor
 *   is not mid-submit starts a filing for that identity at the item list:
 *   the device host now holds that identity, so a half-filled form of
 *   someone else must not go on under it.
 * - A refusal from the hall at submit goes back to where it can be fixed:
 *   the form for FORM_INVALID, the materials for page and material
 *   problems, else the review.
 */

export type FilingStep =
  | 'attract'
  | 'identify'
  | 'company'
  | 'items'
  | 'guide'
  | 'form'
  | 'materials'
  | 'review'
  | 'submitting'
  | 'receipt'
  | 'refused'
  | 'lookup'
  | 'lookup-result'
  | 'staff-pin'
  | 'staff';

export type FilingFlow = {
  step: FilingStep;
  /** Where "back" leads from the refusal screen. */
  back: FilingStep | null;
};

export type FilingEvent =
  | { type: 'start' }
  | { type: 'identified' }
  | { type: 'type-uscc' }
  | { type: 'choose' }
  | { type: 'next' }
  | { type: 'submit' }
  | { type: 'filed' }
  | { type: 'fix'; at: 'form' | 'materials' }
  | { type: 'refused' }
  | { type: 'back' }
  | { type: 'lookup' }
  | { type: 'looked-up' }
  | { type: 'staff' }
  | { type: 'staff-ok' }
  | { type: 'reset' };

export const FILING_ATTRACT: FilingFlow = { step: 'attract', back: null };

const at = (step: FilingStep): FilingFlow => ({ step, back: null });

/** Where a new identity may begin a filing (everything but a submit in flight and the staff screens). */
const IDENTIFIABLE: readonly FilingStep[] = ['attract', 'identify', 'company', 'items', 'guide', 'form', 'materials', 'review', 'receipt', 'refused'];

/** The filing's own steps, in order: `next` moves one along. */
const SEQUENCE: readonly FilingStep[] = ['guide', 'form', 'materials', 'review'];

export function filingTransition(flow: FilingFlow, event: FilingEvent): FilingFlow {
  const { step } = flow;
  switch (event.type) {
    case 'reset':
      return FILING_ATTRACT;
    case 'start':
      return step === 'attract' ? at('identify') : flow;
    case 'identified':
      return IDENTIFIABLE.includes(step) ? at('items') : flow;
    case 'type-uscc':
      return step === 'identify' ? at('company') : flow;
    case 'choose':
      return step === 'items' ? at('guide') : flow;
    case 'next': {
      const i = SEQUENCE.indexOf(step);
      return i >= 0 && i < SEQUENCE.length - 1 ? at(SEQUENCE[i + 1]!) : flow;
    }
    case 'submit':
      return step === 'review' ? at('submitting') : flow;
    case 'filed':
      return step === 'submitting' ? at('receipt') : flow;
    case 'fix':
      return step === 'submitting' ? at(event.at) : flow;
    case 'refused':
      return refuse(flow);
    case 'back':
      return back(flow);
    case 'lookup':
      return step === 'attract' ? at('lookup') : flow;
    case 'looked-up':
      return step === 'attract' || step === 'lookup' || step === 'lookup-result' ? at('lookup-result') : flow;
    case 'staff':
      return step === 'submitting' || step === 'staff' ? flow : at('staff-pin');
    case 'staff-ok':
      return step === 'staff-pin' ? at('staff') : flow;
  }
}

function refuse(flow: FilingFlow): FilingFlow {
  const { step } = flow;
  if (step === 'refused' || step === 'staff' || step === 'staff-pin') return flow;
  if (step === 'submitting') return { step: 'refused', back: 'review' };
  if (step === 'receipt' || step === 'lookup-result' || step === 'attract') return { step: 'refused', back: 'attract' };
  return { step: 'refused', back: step };
}

function back(flow: FilingFlow): FilingFlow {
  switch (flow.step) {
    case 'identify':
    case 'lookup':
    case 'receipt':
    case 'staff-pin':
    case 'staff':
      return FILING_ATTRACT;
    case 'company':
    case 'items':
      return at('identify');
    case 'guide':
      return at('items');
    case 'form':
    case 'materials':
    case 'review':
      return at(SEQUENCE[SEQUENCE.indexOf(flow.step) - 1]!);
    case 'lookup-result':
      return at('lookup');
    case 'refused':
      return flow.back && flow.back !== 'attract' ? at(flow.back) : FILING_ATTRACT;
    case 'attract':
    case 'submitting':
      return flow;
  }
}

export type FilingTimeouts = { idleMs: number; receiptMs: number; countdownMs: number };

/**
 * Reading a guide and filling a form take longer than choosing a service, so
 * the filing machine waits 90 s (the ticket kiosk 60 s); the receipt stays
 * 30 s, long enough to photograph the code. Elderly mode doubles both.
 */
export function filingTimeoutsFor(elderly: boolean): FilingTimeouts {
  const k = elderly ? 2 : 1;
  return { idleMs: 90_000 * k, receiptMs: 30_000 * k, countdownMs: 10_000 };
}

/** Milliseconds before the screen gives up on the visitor, or null when nothing is counting down. */
export function filingRemainingMs(step: FilingStep, lastActivityAt: number, now: number, timeouts: FilingTimeouts): number | null {
  if (step === 'attract' || step === 'submitting') return null;
  const limit = step === 'receipt' ? timeouts.receiptMs : timeouts.idleMs;
  return Math.max(0, lastActivityAt + limit - now);
}
