/** 好差评: the visitor rates a finished service on five levels. */
import { conflict, invalid } from './errors.ts';
import type { Decision } from './events.ts';
import type { DecisionContext, HallState, Rating, RatingLevel } from './model.ts';
import { findTicket } from './window-guard.ts';

export const RATING_LABELS: Record<RatingLevel, { 'zh-CN': string; en: string }> = {
  5: { 'zh-CN': '非常满意', en: 'Very satisfied' },
  4: { 'zh-CN': '满意', en: 'Satisfied' },
  3: { 'zh-CN': '基本满意', en: 'Fairly satisfied' },
  2: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  1: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
};

export type RateTicket = { type: 'rateTicket'; ticketId: string; level: RatingLevel; reason?: string };

export function decideRate(state: HallState, cmd: RateTicket, ctx: DecisionContext): Decision<Rating> {
  const ticket = findTicket(state, cmd.ticketId);
  if (ticket.status !== 'finished') throw conflict('NOT_FINISHED', `ticket ${ticket.number} has not been served yet`);
  if (ticket.rated) throw conflict('ALREADY_RATED', `ticket ${ticket.number} has already been rated`);
  const reason = cmd.reason?.trim() || undefined;
  if (cmd.level <= 2 && !reason) throw invalid('REASON_REQUIRED', 'a rating of 不满意 or 非常不满意 needs a reason');
  const window = ticket.windowNo !== undefined ? state.windows.get(ticket.windowNo) : undefined;
  const rating: Rating = {
    ticketId: ticket.id,
    day: ticket.day,
    serviceCode: ticket.serviceCode,
    windowNo: ticket.windowNo,
    staffNo: window?.clerk?.staffNo,
    level: cmd.level,
    reason,
    at: ctx.now,
  };
  return {
    events: [
      { type: 'rating.recorded', rating },
      { type: 'ticket.saved', change: 'rated', ticket: { ...ticket, rated: true } },
    ],
    result: rating,
  };
}
