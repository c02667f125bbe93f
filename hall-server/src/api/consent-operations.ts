/**
 * Consent to 我的材料 taken back. A visitor who let the hall keep scans for
 * reuse may withdraw that at a kiosk, by reading the card there (the kiosk
 * sends the card's number, as it does to look the materials up), or at the
 * counter handling them now. Every kept material of that person or
 * company goes at once; the security log records who did it and how many,
 * never whose they were.
 */
import { z } from 'zod';
import * as P from '../protocol.ts';
import { visitorWithNumber } from './filing-operations.ts';
import { actorOf, type Operation, type Reply } from './operation.ts';

export const WithdrawMaterialsConsentAnswer = z.object({ deleted: z.number().int().min(0) });

export const consentOperations: Operation[] = [
  {
    operationId: 'withdrawMaterialsConsent',
    method: 'POST',
    path: '/materials/withdraw-consent',
    summary: '撤回授权: delete every 我的材料 kept for a person or company (the number goes in the body, never in a URL); answers how many',
    roles: ['kiosk', 'counter'],
    body: P.IdNumberLookupRequest,
    responses: { 200: { description: 'How many kept materials were deleted (0 when there were none)', schema: WithdrawMaterialsConsentAnswer } },
    handle: async (ctx): Promise<Reply> => {
      // At a counter, only for the visitor at that window (api/access.ts rules); a kiosk holds the card.
      if (ctx.principal.role === 'counter') visitorWithNumber(ctx, ctx.body.idNumber);
      const deleted = ctx.audit.atomically(
        () => ctx.filings.withdrawMaterialsConsent(ctx.body.idNumber),
        (count) => ({ day: ctx.hall.state.counters.day, at: ctx.hall.clock(), actor: actorOf(ctx.principal, ctx.hall.state), operation: 'withdrawMaterialsConsent', target: 'my-materials', after: { deleted: count } }),
      );
      return { status: 200, body: { deleted } };
    },
  },
];
