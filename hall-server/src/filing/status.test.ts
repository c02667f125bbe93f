import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { FILING_STATUSES, type FilingStatus } from './model.ts';
import { FILING_TRANSITIONS, decideStatusChange } from './status.ts';

function refusal(current: FilingStatus, requested: FilingStatus, reason?: string): string | undefined {
  try {
    decideStatusChange(current, requested, reason);
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('filing status', () => {
  it('allows exactly submitted→accepted|returned, accepted→in-review|done|returned, in-review→done|returned', () => {
    const allowed: string[] = [];
    for (const from of FILING_STATUSES) for (const to of FILING_STATUSES) if (refusal(from, to, 'why') === undefined) allowed.push(`${from}→${to}`);
    expect(allowed.sort()).toEqual(
      ['submitted→accepted', 'submitted→returned', 'accepted→in-review', 'accepted→done', 'accepted→returned', 'in-review→done', 'in-review→returned'].sort(),
    );
  });

  it('refuses every other step with FILING_TRANSITION_NOT_ALLOWED, as a conflict naming the allowed ones', () => {
    try {
      decideStatusChange('done', 'returned', '材料有误');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ kind: 'conflict', code: 'FILING_TRANSITION_NOT_ALLOWED', details: { status: 'done', allowed: [] } });
    }
    expect(refusal('submitted', 'submitted')).toBe('FILING_TRANSITION_NOT_ALLOWED');
    expect(refusal('returned', 'accepted')).toBe('FILING_TRANSITION_NOT_ALLOWED');
  });

  it('needs a reason to return a filing, and keeps it trimmed', () => {
    expect(refusal('accepted', 'returned')).toBe('REASON_REQUIRED');
    expect(refusal('accepted', 'returned', '   ')).toBe('REASON_REQUIRED');
    expect(decideStatusChange('accepted', 'returned', ' 缺少户口簿首页 ')).toEqual({ status: 'returned', reason: '缺少户口簿首页' });
    expect(decideStatusChange('submitted', 'accepted')).toEqual({ status: 'accepted', reason: undefined });
  });

  it('ends at done and returned', () => {
    expect(FILING_TRANSITIONS.done).toEqual([]);
    expect(FILING_TRANSITIONS.returned).toEqual([]);
  });
});
