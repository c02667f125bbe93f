/**
 * What the hall sends rather than answers: its reports to the city platform
 * (docs/upstream.md), as OpenAPI 3.1 `webhooks`. The receiver implements
 * these; the schemas are the ones the hall builds its reports with
 * (upstream/format.ts) and the examples are checked against them
 * (examples.test.ts).
 */
import type { z } from 'zod';
import { QueueLoadReport, RatingReport } from '../upstream/format.ts';

export type WebhookSpec = {
  summary: string;
  description: string;
  schema: z.ZodType;
  example: { summary: string; body: unknown };
};

const DELIVERY =
  'POSTed to HALL_UPSTREAM_URL with X-Hall-Id, Idempotency-Key (the same on every retry of one report) and X-Hall-Signature: sha256=<hex HMAC-SHA256 of the raw body with HALL_UPSTREAM_SECRET>. A 2xx answer means received; anything else, or no answer within 10 s, and the same report is sent again later, the oldest first.';

export const upstreamWebhooks: Record<string, WebhookSpec> = {
  queueLoadReport: {
    summary: "The hall's queue load, every HALL_UPSTREAM_INTERVAL_S seconds (default 30)",
    description: `${DELIVERY} Figures are per hall day in the hall's time zone.`,
    schema: QueueLoadReport,
    example: {
      summary: 'Seven waiting for 户籍 at a quarter past ten',
      body: {
        type: 'queue-load',
        hallId: '330106-ZWFW-01',
        at: '2026-11-23T02:15:00.000Z',
        day: '2026-11-23',
        services: [{ code: '330106-HJ-001', waiting: 7, longestWaitS: 1260, avgWaitS: 840, estimatedWaitMinutes: 18, issued: 52, served: 41, windowsOpen: 2 }],
        windows: [{ no: 1, state: 'open', servedToday: 23, currentNumber: 'A046' }],
        issuedToday: 413,
        servedToday: 350,
      },
    },
  },
  ratingReport: {
    summary: 'A 好差评 rating, as soon as it is committed',
    description: `${DELIVERY} Levels: 5 非常满意 … 1 非常不满意; levels 1 and 2 carry a reason. No personal data.`,
    schema: RatingReport,
    example: {
      summary: 'A 不满意 with its reason',
      body: {
        type: 'rating',
        hallId: '330106-ZWFW-01',
        at: '2026-11-23T02:16:41.000Z',
        ticketId: '01a251d3-0a06-7332-8816-b0d4638c83bd',
        serviceCode: '330106-HJ-001',
        windowNo: 1,
        staffNo: '1001',
        level: 2,
        reason: '等候时间太长',
      },
    },
  },
};
