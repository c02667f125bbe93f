import { describe, expect, it } from 'vitest';
import { stepsThrough } from '../testing/flow-steps.ts';
import { FILING_ATTRACT, filingRemainingMs, filingTimeoutsFor, filingTransition, type FilingEvent, type FilingFlow, type FilingStep } from './flow.ts';

const run = (events: FilingEvent[], from: FilingFlow = FILING_ATTRACT) => events.reduce(filingTransition, from);
const steps = (events: FilingEvent[], from: FilingFlow = FILING_ATTRACT) => stepsThrough(filingTransition, from, events);
const at = (step: FilingStep): FilingFlow => ({ step, back: null });

describe('the filing flow', () => {
  it('goes attract → identify → items → guide → form → materials → review → submitting → receipt for a swiped ID card', () => {
    const events: FilingEvent[] = [
      { type: 'start' },
      { type: 'identified' },
      { type: 'choose' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'submit' },
      { type: 'filed' },
    ];
    expect(steps(events)).toEqual(['identify', 'items', 'guide', 'form', 'materials', 'review', 'submitting', 'receipt']);
  });

  it('takes a card swiped on the attract screen straight to the items', () => {
    expect(filingTransition(FILING_ATTRACT, { type: 'identified' })).toEqual(at('items'));
  });

  it('lets a company type its credit code from the identify screen, then go on to the items', () => {
    expect(steps([{ type: 'start' }, { type: 'type-uscc' }, { type: 'identified' }])).toEqual(['identify', 'company', 'items']);
  });

  it('does not let an item be chosen before the visitor is identified', () => {
    expect(filingTransition(at('identify'), { type: 'choose' })).toEqual(at('identify'));
    expect(filingTransition(FILING_ATTRACT, { type: 'choose' })).toEqual(FILING_ATTRACT);
  });

  it('stops at the review: “next” goes no further, only submit does', () => {
    expect(filingTransition(at('review'), { type: 'next' })).toEqual(at('review'));
    expect(filingTransition(at('review'), { type: 'submit' })).toEqual(at('submitting'));
  });

  it('starts over at the items when another identity arrives mid-filing, but never during a submit', () => {
    for (const step of ['guide', 'form', 'materials', 'review', 'receipt'] as const)
      expect(filingTransition(at(step), { type: 'identified' })).toEqual(at('items'));
    expect(filingTransition(at('submitting'), { type: 'identified' })).toEqual(at('submitting'));
    expect(filingTransition(at('staff'), { type: 'identified' })).toEqual(at('staff'));
  });

  it('goes back one screen at a time through the filing, and from the items to the identification', () => {
    expect(steps([{ type: 'back' }, { type: 'back' }, { type: 'back' }, { type: 'back' }, { type: 'back' }], at('review'))).toEqual([
      'materials',
      'form',
      'guide',
      'items',
      'identify',
    ]);
    expect(filingTransition(at('company'), { type: 'back' })).toEqual(at('identify'));
    expect(filingTransition(at('identify'), { type: 'back' })).toEqual(FILING_ATTRACT);
  });

  it('cannot go back while a submit is in flight', () => {
    expect(filingTransition(at('submitting'), { type: 'back' })).toEqual(at('submitting'));
  });

  it('sends a form the hall found invalid back to the form, and a material problem back to the materials', () => {
    expect(filingTransition(at('submitting'), { type: 'fix', at: 'form' })).toEqual(at('form'));
    expect(filingTransition(at('submitting'), { type: 'fix', at: 'materials' })).toEqual(at('materials'));
    expect(filingTransition(at('review'), { type: 'fix', at: 'form' })).toEqual(at('review'));
  });

  it('returns from any other refused submit to the review, keeping everything filled in', () => {
    const refused = filingTransition(at('submitting'), { type: 'refused' });
    expect(refused).toEqual({ step: 'refused', back: 'review' });
    expect(filingTransition(refused, { type: 'back' })).toEqual(at('review'));
  });

  it('returns from a refusal to the screen it happened on', () => {
    const refused = filingTransition(at('company'), { type: 'refused' });
    expect(refused).toEqual({ step: 'refused', back: 'company' });
    expect(filingTransition(refused, { type: 'back' })).toEqual(at('company'));
    expect(filingTransition(filingTransition(at('receipt'), { type: 'refused' }), { type: 'back' })).toEqual(FILING_ATTRACT);
  });

  it('finds a filing from the attract screen: lookup → result, back to the code, back to the start', () => {
    expect(steps([{ type: 'lookup' }, { type: 'looked-up' }, { type: 'back' }, { type: 'back' }])).toEqual(['lookup', 'lookup-result', 'lookup', 'attract']);
  });

  it('opens the staff screens from anywhere but a submit in flight', () => {
    expect(run([{ type: 'staff' }, { type: 'staff-ok' }], at('form'))).toEqual(at('staff'));
    expect(filingTransition(at('submitting'), { type: 'staff' })).toEqual(at('submitting'));
  });

  it('resets to the attract screen from anywhere', () => {
    for (const step of ['items', 'submitting', 'receipt', 'staff'] as const) expect(filingTransition(at(step), { type: 'reset' })).toEqual(FILING_ATTRACT);
  });
});

describe('the filing machine’s timeouts', () => {
  const t = filingTimeoutsFor(false);

  it('gives up on a silent visitor after 90 s, and after 180 s in elderly mode', () => {
    expect(filingRemainingMs('form', 1_000, 1_000 + 89_000, t)).toBe(1_000);
    expect(filingRemainingMs('form', 1_000, 1_000 + 95_000, t)).toBe(0);
    expect(filingRemainingMs('form', 0, 120_000, filingTimeoutsFor(true))).toBe(60_000);
  });

  it('keeps the receipt up for 30 s and never times out the attract screen or a submit in flight', () => {
    expect(filingRemainingMs('receipt', 0, 20_000, t)).toBe(10_000);
    expect(filingRemainingMs('attract', 0, 10 ** 9, t)).toBeNull();
    expect(filingRemainingMs('submitting', 0, 10 ** 9, t)).toBeNull();
  });
});
