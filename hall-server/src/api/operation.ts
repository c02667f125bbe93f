/** The shape of one HTTP operation: enough to route, authorise, validate, document and run it. */
import type { z } from 'zod';
import type { Filings } from '../filings.ts';
import type { HallState } from '../domain/model.ts';
import type { Hall } from '../hall.ts';
import type { Role } from '../protocol.ts';
import type { HourlyHistory } from '../stats/history.ts';
import type { LiveFigures } from '../stats/live.ts';
import type { AuditLog } from '../store/audit.ts';
import type { StaffStore } from '../store/staff.ts';
import type { Upstream } from '../upstream/index.ts';
import type { Principal } from '../store/tokens.ts';
import type { TerminalRegistry } from './terminals.ts';
import type { RecentCalls } from './views.ts';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type OperationContext<P = any, Q = any, B = any> = {
  hall: Hall;
  recent: RecentCalls;
  terminals: TerminalRegistry;
  staff: StaffStore;
  figures: LiveFigures;
  history: HourlyHistory;
  audit: AuditLog;
  upstream?: Upstream;
  filings: Filings;
  principal: Principal;
  /** The Idempotency-Key of a POST, for operations that keep it beyond the in-memory replay cache. */
  idempotencyKey?: string;
  /** A raw-body operation's body, read as it arrives, and its declared type (after the route checked the type). */
  raw?: { contentType: string; body: AsyncIterable<Uint8Array> };
  params: P;
  query: Q;
  body: B;
};

export type Operation = {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Relative to /api/v1, with OpenAPI-style parameters: /windows/{windowNo}/call-next */
  path: string;
  summary: string;
  roles: readonly Role[];
  /** A counter token may only act for its own window: the path's windowNo must be the token's. */
  boundWindow?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * The body is bytes, not JSON, handed to the operation as a stream: one of these types, refused
   * with 415 `typeError` otherwise, and with 413 `sizeError` when its declared length passes
   * `maxBytes` — both before it is read. The operation enforces `maxBytes` on what actually comes.
   */
  rawBody?: { contentTypes: readonly string[]; typeError: string; sizeError: string; maxBytes: (ctx: { hall: Hall }) => number };
  /** `raw`: the answer is bytes of one of these types (OpenAPI only). */
  responses: Record<number, { description: string; schema?: z.ZodType; raw?: readonly string[] }>;
  handle: (ctx: OperationContext) => Reply | Promise<Reply>;
};

/** Who acts: the token, and at a counter the clerk signed in at its window, so every clerk action is theirs. */
export function actorOf(principal: Principal, state?: HallState) {
  const staffNo = state && principal.role === 'counter' && principal.windowNo !== undefined ? state.windows.get(principal.windowNo)?.clerk?.staffNo : undefined;
  return { role: principal.role, name: principal.name, windowNo: principal.windowNo, id: principal.tokenId, ...(staffNo ? { staffNo } : {}) };
}

/** Every reveal of personal data goes to the security log: who, whose (a ticket or filing id, never the person), and why. */
export function recordReveal(ctx: OperationContext, operation: 'revealIdentity' | 'revealFiling' | 'revealFilingPage' | 'lookupFilings', target: string, why: string): void {
  ctx.audit.record({ day: ctx.hall.state.counters.day, at: ctx.hall.clock(), actor: actorOf(ctx.principal, ctx.hall.state), operation, target, after: { why } });
}
