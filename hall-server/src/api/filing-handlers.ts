/**
 * The filing handlers (自助申报 · 预登记 · 一码查询), one per entry of
 * contract/filing.ts, and the withdrawal of consent to 我的材料: a visitor who
 * let the hall keep scans for reuse may take that back at a kiosk (by the
 * card read there) or at the counter handling them now; every kept material
 * of that person or company goes at once, and the security log records who
 * did it and how many, never whose they were. Decisions are in src/filing/.
 */
import type { FileContentType } from '../domain/config.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import type { FilingActor } from '../filing/model.ts';
import type * as P from '../protocol.ts';
import type { filingContract } from '../contract/filing.ts';
import type { Filing } from '../filing/model.ts';
import { seesFilingInFull, seesPersonalData } from './access.ts';
import { actorOf, recordReveal, type Handlers } from './operation.ts';
import { type AnyContext, ok } from './handler-kit.ts';
import { filingSummaryView, filingView, myMaterialView, serviceGuideView } from './filing-views.ts';

/** Staff see who changed what; kiosks and integrations do not. */
function withActors(ctx: AnyContext): boolean {
  return ctx.principal.role === 'counter' || ctx.principal.role === 'manager';
}

function fullView(ctx: AnyContext, filing: Filing, why: string): P.Filing {
  recordReveal(ctx, 'revealFiling', `filing:${filing.trackingCode}`, why);
  return filingView(ctx.hall.config, filing, { revealed: ctx.filings.store.reveal(filing.id), withActors: true });
}

/** The ticket a filing is linked to, if it is today's. */
const ticketOf = (ctx: AnyContext, filing: Filing) => (filing.ticketId ? ctx.hall.state.tickets.get(filing.ticketId) : undefined);

/**
 * The filing as this caller may see it: in full for the window handling its
 * ticket now (with a clerk signed in) and for managers, each time recorded;
 * masked for everyone else (api/access.ts).
 */
function viewFor(ctx: AnyContext, filing: Filing): P.Filing {
  if (seesFilingInFull(ctx.hall.state, ctx.principal, ticketOf(ctx, filing))) {
    return fullView(ctx, filing, ctx.principal.role === 'manager' ? 'manager review' : 'the applicant is at this window');
  }
  return filingView(ctx.hall.config, filing, { withActors: withActors(ctx) });
}

/** A counter acts on a person's records only when that person is the visitor at its window: the number must be theirs. */
export function visitorWithNumber(ctx: AnyContext, idNumber: string) {
  const ticket = visitorHere(ctx);
  const theirs = ticket.identity ? ctx.hall.store.revealIdentity(ticket.identity.ref)?.number : undefined;
  if (!theirs || theirs.toUpperCase() !== idNumber.trim().toUpperCase()) {
    throw forbidden('NOT_YOUR_VISITOR', 'a window acts only for the visitor it handles now');
  }
  return ticket;
}

/** The visitor this counter's window handles now, with a clerk signed in there; refused otherwise. */
function visitorHere(ctx: AnyContext) {
  const { principal, hall } = ctx;
  const current = principal.windowNo !== undefined ? hall.state.windows.get(principal.windowNo)?.currentTicketId : undefined;
  const ticket = current ? hall.state.tickets.get(current) : undefined;
  if (!ticket || !seesPersonalData(hall.state, principal, ticket)) {
    throw forbidden('NOT_YOUR_VISITOR', 'a window sees personal data only of the visitor it handles now, with a clerk signed in');
  }
  return ticket;
}

function actorOfChange(ctx: AnyContext): FilingActor {
  const { principal } = ctx;
  const windowNo = principal.role === 'counter' ? principal.windowNo : undefined;
  const staffNo = windowNo !== undefined ? ctx.hall.state.windows.get(windowNo)?.clerk?.staffNo : undefined;
  return { role: principal.role, name: principal.name, ...(windowNo !== undefined ? { windowNo } : {}), ...(staffNo ? { staffNo } : {}) };
}

export const filingHandlers: Pick<Handlers, keyof typeof filingContract> = {
  getServiceGuide: async (ctx) => {
    const item = ctx.hall.config.services.find((s) => s.code === ctx.params.serviceCode);
    if (!item) throw notFound('SERVICE_NOT_FOUND', `no service item with code ${ctx.params.serviceCode}`);
    return ok(serviceGuideView(item, ctx.filings.isOpen(item)));
  },
  listFilingServices: async (ctx) => {
    const now = ctx.hall.clock();
    const services = ctx.hall.config.services
      .filter((s) => s.filing?.enabled)
      .map((s) => ({ serviceCode: s.code, name: s.name, category: s.category, applicant: s.filing!.applicant, open: ctx.filings.isOpen(s, now) }));
    return ok({ services });
  },
  uploadFilingFile: async (ctx) => {
    const { contentType, body } = ctx.raw!;
    const { created, size } = await ctx.filings.upload(ctx.params.sha256, contentType as FileContentType, body);
    return ok({ sha256: ctx.params.sha256, size, contentType }, created ? 201 : 200);
  },
  submitFiling: async (ctx) => {
    const { body } = ctx;
    const { filing, replayed } = await ctx.filings.submit(body, { tokenId: ctx.principal.tokenId, requestKey: ctx.idempotencyKey });
    const view = filingView(ctx.hall.config, filing, { withActors: false });
    if (!replayed) return ok(view, 201);
    // The same key: the first answer again. The same offline filing resent without one: 200, nothing new.
    return ctx.idempotencyKey && body.trackingCode === undefined ? { status: 201, body: view, headers: { 'idempotent-replay': 'true' } } : ok(view, 200);
  },
  getFiling: async (ctx) => {
    return ok(viewFor(ctx, ctx.filings.byCode(ctx.params.trackingCode)));
  },
  findFilings: async (ctx) => {
    if (ctx.principal.role === 'counter') {
      const ticket = visitorWithNumber(ctx, ctx.body.idNumber);
      recordReveal(ctx, 'lookupFilings', `ticket:${ticket.id}`, 'the applicant is at this window');
    }
    return ok({ filings: ctx.filings.findByIdentity(ctx.body.idNumber).map((f) => filingSummaryView(ctx.hall.config, f)) });
  },
  updateFilingStatus: async (ctx) => {
    const before = ctx.filings.byCode(ctx.params.trackingCode);
    const filing = ctx.audit.atomically(
      () => ctx.filings.changeStatus(ctx.params.trackingCode, ctx.body.status, ctx.body.reason, actorOfChange(ctx)),
      (changed) => ({
        day: ctx.hall.state.counters.day,
        at: ctx.hall.clock(),
        actor: actorOf(ctx.principal, ctx.hall.state),
        operation: 'updateFilingStatus',
        target: `filing:${changed.trackingCode}`,
        before: { status: before.status },
        after: { status: changed.status, ...(ctx.body.reason ? { reason: ctx.body.reason } : {}) },
      }),
    );
    return ok(viewFor(ctx, filing));
  },
  linkFilingTicket: async (ctx) => {
    const { filing } = ctx.filings.link(ctx.params.trackingCode, ctx.body.ticketId);
    return ok(viewFor(ctx, filing));
  },
  getTicketFiling: async (ctx) => {
    const t = ctx.hall.state.tickets.get(ctx.params.ticketId);
    if (!t) throw notFound('TICKET_NOT_FOUND', 'no such ticket today');
    if (!seesPersonalData(ctx.hall.state, ctx.principal, t))
      throw forbidden('WRONG_WINDOW', 'only the window handling this ticket, with a clerk signed in, sees its filing');
    const filing = ctx.filings.filingOfTicket(t.id);
    if (!filing) throw notFound('NO_FILING', `ticket ${t.number} has no filing`);
    return ok(fullView(ctx, filing, 'the applicant is at this window'));
  },
  getFilingFile: async (ctx) => {
    if (ctx.principal.role === 'counter') {
      // A page goes to a counter only as part of the filing of the visitor it handles now.
      const filing = ctx.filings.filingOfTicket(visitorHere(ctx).id);
      const hasPage = filing?.materials.some((m) => m.pages.some((p) => p.sha256 === ctx.params.sha256));
      if (!filing || !hasPage) throw forbidden('NOT_YOUR_VISITOR', 'this page is not part of the filing of the visitor at this window');
      recordReveal(ctx, 'revealFilingPage', `filing:${filing.trackingCode}`, 'the applicant is at this window');
    } else {
      recordReveal(ctx, 'revealFilingPage', `page:${ctx.params.sha256.slice(0, 16)}`, 'manager review');
    }
    const { contentType, bytes } = await ctx.filings.page(ctx.params.sha256);
    return { status: 200, body: bytes, headers: { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } };
  },
  findMyMaterials: async (ctx) => ok({ materials: ctx.filings.myMaterials(ctx.body.idNumber).map(myMaterialView) }),
  withdrawMaterialsConsent: async (ctx) => {
    // At a counter, only for the visitor at that window (api/access.ts rules); a kiosk holds the card.
    if (ctx.principal.role === 'counter') visitorWithNumber(ctx, ctx.body.idNumber);
    const deleted = ctx.audit.atomically(
      () => ctx.filings.withdrawMaterialsConsent(ctx.body.idNumber),
      (count) => ({
        day: ctx.hall.state.counters.day,
        at: ctx.hall.clock(),
        actor: actorOf(ctx.principal, ctx.hall.state),
        operation: 'withdrawMaterialsConsent',
        target: 'my-materials',
        after: { deleted: count },
      }),
    );
    return { status: 200, body: { deleted } };
  },
};
