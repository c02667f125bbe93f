/**
 * 受理 → 审核 → 办结, or 退回 for 补正. A filing moves forward only; a
 * returned filing is closed (the visitor files again with the missing
 * pieces, under a new tracking code), as is a done one.
 */
import { conflict, invalid } from '../domain/errors.ts';
import type { FilingStatus } from './model.ts';

export const FILING_TRANSITIONS: Readonly<Record<FilingStatus, readonly FilingStatus[]>> = {
  submitted: ['accepted', 'returned'],
  accepted: ['in-review', 'done', 'returned'],
  'in-review': ['done', 'returned'],
  done: [],
  returned: [],
};

export type StatusChange = { status: FilingStatus; reason?: string };

/** The change to record, or a refusal: an illegal step (409) or a return without its reason (400). */
export function decideStatusChange(current: FilingStatus, requested: FilingStatus, reason?: string): StatusChange {
  if (!FILING_TRANSITIONS[current].includes(requested)) {
    throw conflict('FILING_TRANSITION_NOT_ALLOWED', `a filing that is ${current} cannot become ${requested}`, {
      status: current,
      allowed: [...FILING_TRANSITIONS[current]],
    });
  }
  const why = reason?.trim() || undefined;
  if (requested === 'returned' && !why) throw invalid('REASON_REQUIRED', 'say what is missing or wrong (补正/退回原因)');
  return { status: requested, reason: why };
}
