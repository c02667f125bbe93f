/** What the hall's handlers share: running a command, finding a ticket, answering with it, recording a control. */
import type { Command } from '../domain/commands.ts';
import { notFound } from '../domain/errors.ts';
import type { HallWindow, Ticket } from '../domain/model.ts';
import type { AuditRecord } from '../store/audit.ts';
import type { SealedIdentity } from '../store/hall-store.ts';
import { assertAtThisWindow, handlesNow } from './access.ts';
import { actorOf, type OperationContext, type Reply } from './operation.ts';
import { ticketView } from './views.ts';

/** Any request, whatever it carried: what the helpers below need of it. */
export type AnyContext = OperationContext<unknown, unknown, unknown>;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** Runs a command through the hall's group commit: resolves once it is on disk (with its security-log row, if any). */
export async function run<R>(ctx: AnyContext, command: Command, identities?: SealedIdentity[], audit?: (result: R) => AuditRecord | undefined): Promise<R> {
  return (await ctx.hall.submit<R>(command, actorOf(ctx.principal, ctx.hall.state), identities, audit)).result;
}

/** A ticket of today by id; a counter acting on it must have the visitor at its own window. */
export function ticketFor(ctx: OperationContext<{ ticketId: string }, unknown, unknown>, atThisWindow = false): Ticket {
  const t = ctx.hall.state.tickets.get(ctx.params.ticketId);
  if (!t) throw notFound('TICKET_NOT_FOUND', 'no such ticket today');
  if (atThisWindow) assertAtThisWindow(ctx.principal, t);
  return t;
}

/** A ticket's filing code goes to the window handling it, to managers, and to the terminal that issued it (its receipt). */
export function filingCodeFor(ctx: AnyContext, t: Ticket): string | undefined {
  const { principal } = ctx;
  const entitled = principal.role === 'manager' || handlesNow(ctx.hall.state, principal, t) || (t.issuedBy !== undefined && t.issuedBy === principal.tokenId);
  return entitled ? ctx.filings.codeOfTicket(t.id) : undefined;
}

export function ticketReply(ctx: AnyContext, t: Ticket, status = 200): Reply {
  return ok(ticketView(ctx.hall.state, t, ctx.hall.clock(), { filingCode: filingCodeFor(ctx, t) }), status);
}

/** What the audit log keeps of a window: its state and services, not who sits at it. */
export function windowAudit(w: HallWindow | undefined): Record<string, unknown> | undefined {
  return w ? { name: w.name, state: w.state, pauseReason: w.pauseReason, services: w.services.map((s) => ({ code: s.code, weight: s.weight })) } : undefined;
}

/** What a control changed: the operation, its target, the state before and after, and whether a manager confirmed a warning. */
type Control = [operation: string, target: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, confirmed: boolean];

export function controlRecord(ctx: AnyContext, ...[operation, target, before, after, confirmed]: Control): AuditRecord {
  return { day: ctx.hall.state.counters.day, at: ctx.hall.clock(), actor: actorOf(ctx.principal, ctx.hall.state), operation, target, before, after, confirmed };
}

export function recordControl(ctx: AnyContext, ...control: Control): void {
  ctx.audit.record(controlRecord(ctx, ...control));
}
