/**
 * The filing machine's screens (自助申报, 一码查询) as a pure state machine:
 * the shared visitor screens (visitor/flow.ts) and the machine's own,
 * items → guide → form → materials → review → submitting → receipt. The
 * filing stores feed it events and keep the data (who is filing, the item,
 * the form, the pages) beside it; they also decide whether a step may be
 * left (a form with errors stays).
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
import { visitorFlow, visitorWaits, type SharedEvent, type SharedStep } from '../visitor/flow.ts';

export type FilingStep = SharedStep | 'company' | 'items' | 'guide' | 'form' | 'materials' | 'review' | 'submitting' | 'receipt';

export type FilingFlow = {
  step: FilingStep;
  /** Where "back" leads from the refusal screen. */
  back: FilingStep | null;
};

type FilingOwnEvent =
  | { type: 'identified' }
  | { type: 'type-uscc' }
  | { type: 'choose' }
  | { type: 'next' }
  | { type: 'submit' }
  | { type: 'filed' }
  | { type: 'fix'; at: 'form' | 'materials' };

export type FilingEvent = SharedEvent | FilingOwnEvent;

const at = (step: FilingStep): FilingFlow => ({ step, back: null });

/** Where a new identity may begin a filing (everything but a submit in flight and the staff screens). */
const IDENTIFIABLE: readonly FilingStep[] = ['attract', 'identify', 'company', 'items', 'guide', 'form', 'materials', 'review', 'receipt', 'refused'];

/** The filing's own steps, in order: `next` moves one along. */
const SEQUENCE: readonly FilingStep[] = ['guide', 'form', 'materials', 'review'];

function on(flow: FilingFlow, event: FilingOwnEvent): FilingFlow {
  const { step } = flow;
  switch (event.type) {
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
  }
}

function back({ step }: FilingFlow): FilingFlow | undefined {
  if (step === 'company' || step === 'items') return at('identify');
  if (step === 'guide') return at('items');
  if (step === 'form' || step === 'materials' || step === 'review') return at(SEQUENCE[SEQUENCE.indexOf(step) - 1]!);
  // The visitor may look up one code after another.
  if (step === 'lookup-result') return at('lookup');
}

export const FILING_FLOW = visitorFlow<Exclude<FilingStep, SharedStep>, FilingFlow, FilingOwnEvent>({
  at,
  busy: 'submitting',
  end: 'receipt',
  refusedWhileBusy: () => 'review',
  on,
  back,
});

export const FILING_ATTRACT = FILING_FLOW.attract;
export const filingTransition = FILING_FLOW.transition;

/**
 * Reading a guide and filling a form take longer than choosing a service, so
 * the filing machine waits 90 s (the ticket kiosk 60 s); the receipt stays
 * 30 s, long enough to photograph the code. Elderly mode doubles both.
 */
export const { timeoutsFor: filingTimeoutsFor, remainingMs: filingRemainingMs } = visitorWaits(
  FILING_FLOW,
  { idleMs: 90_000, receiptMs: 30_000, countdownMs: 10_000 },
  'receiptMs',
);
