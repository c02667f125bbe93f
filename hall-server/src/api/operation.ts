/**
 * A handler bound to one contract entry: the contract says what the
 * operation takes and answers, the handler does it with the hall's services.
 * The router, validation and the role check come from the entry (api/http.ts).
 */
import type { Filings } from '../filings.ts';
import type { HallState } from '../domain/model.ts';
import type { Hall } from '../hall.ts';
import type { HourlyHistory } from '../stats/history.ts';
import type { LiveFigures } from '../stats/live.ts';
import type { AuditLog } from '../store/audit.ts';
import type { StaffStore } from '../store/staff.ts';
import type { Upstream } from '../upstream/index.ts';
import type { Principal } from '../store/tokens.ts';
import { contract, type Contract, type OperationId } from '../contract/index.ts';
import type { BodyOf, OperationSpec, ParamsOf, QueryOf } from '../contract/define.ts';
import type { TerminalRegistry } from './terminals.ts';
import type { RecentCalls } from './views.ts';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** What the hall's operations work with: named once, handed to every handler. */
export type HallServices = {
  hall: Hall;
  recent: RecentCalls;
  terminals: TerminalRegistry;
  staff: StaffStore;
  figures: LiveFigures;
  history: HourlyHistory;
  audit: AuditLog;
  upstream?: Upstream;
  filings: Filings;
};

/** One request as a handler sees it: the hall's services, who calls, and the request as the contract's schemas parsed it. */
export type OperationContext<P = unknown, Q = unknown, B = unknown> = HallServices & {
  principal: Principal;
  /** The Idempotency-Key of a POST, for operations that keep it beyond the in-memory replay cache. */
  idempotencyKey?: string;
  /** A raw-body operation's body, read as it arrives, and its declared type (after the route checked the type). */
  raw?: { contentType: string; body: AsyncIterable<Uint8Array> };
  params: P;
  query: Q;
  body: B;
};

export type ContextOf<O extends OperationSpec> = OperationContext<ParamsOf<O>, QueryOf<O>, BodyOf<O>>;
export type Handler<O extends OperationSpec> = (ctx: ContextOf<O>) => Reply | Promise<Reply>;

/** One handler for every operation of the contract: a missing or extra one is a type error. */
export type Handlers = { [K in OperationId]: Handler<Contract[K]> };

/** The limit a raw-body operation enforces on what arrives, from the hall's configuration. */
export type RawBodyLimits = { [K in OperationId]?: (hall: Hall) => number };

/** An operation ready to route: its contract entry, its id and its handler. */
export type Operation = OperationSpec & {
  operationId: OperationId;
  handle: (ctx: OperationContext) => Reply | Promise<Reply>;
  maxBytes?: (hall: Hall) => number;
};

export function bindOperations(handlers: Handlers, limits: RawBodyLimits = {}): Operation[] {
  return (Object.keys(contract) as OperationId[]).map((operationId) => {
    const spec: OperationSpec = contract[operationId];
    if (spec.rawBody && !limits[operationId]) throw new Error(`${operationId} takes a raw body and needs its size limit`);
    // The router parses params, query and body with this entry's schemas before calling, so the handler's types hold.
    const handle = handlers[operationId] as (ctx: OperationContext) => Reply | Promise<Reply>;
    return { ...spec, operationId, handle, maxBytes: limits[operationId] };
  });
}

/** Who acts: the token, and at a counter the clerk signed in at its window, so every clerk action is theirs. */
export function actorOf(principal: Principal, state?: HallState) {
  const staffNo = state && principal.role === 'counter' && principal.windowNo !== undefined ? state.windows.get(principal.windowNo)?.clerk?.staffNo : undefined;
  return { role: principal.role, name: principal.name, windowNo: principal.windowNo, id: principal.tokenId, ...(staffNo ? { staffNo } : {}) };
}

/** Every reveal of personal data goes to the security log: who, whose (a ticket or filing id, never the person), and why. */
export function recordReveal(
  ctx: OperationContext<unknown, unknown, unknown>,
  operation: 'revealIdentity' | 'revealFiling' | 'revealFilingPage' | 'lookupFilings',
  target: string,
  why: string,
): void {
  ctx.audit.record({
    day: ctx.hall.state.counters.day,
    at: ctx.hall.clock(),
    actor: actorOf(ctx.principal, ctx.hall.state),
    operation,
    target,
    after: { why },
  });
}
