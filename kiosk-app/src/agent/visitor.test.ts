import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '@hall/drivers';
import { ageOn, maskedCard } from './card-view.ts';
import { VisitorSession } from './visitor.ts';

describe('visitor session', () => {
  it('drops the card after a minute without activity, and activity keeps it', () => {
    let now = 0;
    const visitor = new VisitorSession({ now: () => now });
    visitor.hold(SAMPLE_CARDS.resident!);
    now += 59_000;
    expect(visitor.card).toBeDefined();
    visitor.touch();
    now += 59_000;
    expect(visitor.card).toBeDefined();
    now += 1_000;
    expect(visitor.card).toBeUndefined();
    visitor.forget();
  });

  it('age counts whole years on the hall day, the birthday included', () => {
    expect(ageOn('1961-03-07', '2026-03-06')).toBe(64);
    expect(ageOn('1961-03-07', '2026-03-07')).toBe(65);
  });

  it('the screen copy of a card is masked and says whether the green channel applies', () => {
    const card = { ...SAMPLE_CARDS.resident!, birthDate: '1961-03-07' };
    const masked = maskedCard(card, { day: '2026-03-07', greenChannelAge: 65, readAt: 0 });
    expect(masked).toMatchObject({ nameMasked: '张**', idMasked: '110***********8814', age: 65, greenChannelByAge: true });
    expect(maskedCard(card, { day: '2026-03-06', greenChannelAge: 65, readAt: 0 }).greenChannelByAge).toBe(false);
  });
});
