/**
 * The filing operations (自助申报 · 预登记 · 一码查询), registered in the same
 * operations table as the queue's: the same auth, validation, idempotency
 * and OpenAPI. Shapes are in src/protocol.ts; decisions in src/filing/.
 */
import { z } from 'zod';
import { FILE_CONTENT_TYPES, type FileContentType } from '../domain/config.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import type { FilingActor } from '../filing/model.ts';
import * as P from '../protocol.ts';
import type { Filing } from '../filing/model.ts';
import { seesFilingInFull, seesPersonalData } from './access.ts';
import { actorOf, recordReveal, type Operation, type OperationContext, type Reply } from './operation.ts';
import { filingSummaryView, filingView, myMaterialView, serviceGuideView } from './filing-views.ts';

const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** Staff see who changed what; kiosks and integrations do not. */
function withActors(ctx: OperationContext): boolean {
  return ctx.principal.role === 'counter' || ctx.principal.role === 'manager';
}

function fullView(ctx: OperationContext, filing: Filing, why: string): P.Filing {
  recordReveal(ctx, 'revealFiling', `filing:${filing.trackingCode}`, why);
  return filingView(ctx.hall.config, filing, { revealed: ctx.filings.store.reveal(filing.id), withActors: true });
}

/** The ticket a filing is linked to, if it is today's. */
const ticketOf = (ctx: OperationContext, filing: Filing) => (filing.ticketId ? ctx.hall.state.tickets.get(filing.ticketId) : undefined);

/**
 * The filing as this caller may see it: in full for the window handling its
 * ticket now (with a clerk signed in) and for managers, each time recorded;
 * masked for everyone else (api/access.ts).
 */
function viewFor(ctx: OperationContext, filing: Filing): P.Filing {
  if (seesFilingInFull(ctx.hall.state, ctx.principal, ticketOf(ctx, filing))) {
    return fullView(ctx, filing, ctx.principal.role === 'manager' ? 'manager review' : 'the applicant is at this window');
  }
  return filingView(ctx.hall.config, filing, { withActors: withActors(ctx) });
}

/** A counter acts on a person's records only when that person is the visitor at its window: the number must be theirs. */
export function visitorWithNumber(ctx: OperationContext, idNumber: string) {
  const ticket = visitorHere(ctx);
  const theirs = ticket.identity ? ctx.hall.store.revealIdentity(ticket.identity.ref)?.number : undefined;
  if (!theirs || theirs.toUpperCase() !== idNumber.trim().toUpperCase()) {
    throw forbidden('NOT_YOUR_VISITOR', 'a window acts only for the visitor it handles now');
  }
  return ticket;
}

/** The visitor this counter's window handles now, with a clerk signed in there; refused otherwise. */
function visitorHere(ctx: OperationContext) {
  const { principal, hall } = ctx;
  const current = principal.windowNo !== undefined ? hall.state.windows.get(principal.windowNo)?.currentTicketId : undefined;
  const ticket = current ? hall.state.tickets.get(current) : undefined;
  if (!ticket || !seesPersonalData(hall.state, principal, ticket)) {
    throw forbidden('NOT_YOUR_VISITOR', 'a window sees personal data only of the visitor it handles now, with a clerk signed in');
  }
  return ticket;
}

function actorOfChange(ctx: OperationContext): FilingActor {
  const { principal } = ctx;
  const windowNo = principal.role === 'counter' ? principal.windowNo : undefined;
  const staffNo = windowNo !== undefined ? ctx.hall.state.windows.get(windowNo)?.clerk?.staffNo : undefined;
  return { role: principal.role, name: principal.name, ...(windowNo !== undefined ? { windowNo } : {}), ...(staffNo ? { staffNo } : {}) };
}

const filingResponses = { 200: { description: 'The filing after the change', schema: P.Filing } };

export const filingOperations: Operation[] = [
  {
    operationId: 'getServiceGuide',
    method: 'GET',
    path: '/services/{serviceCode}/guide',
    summary: '办事指南 of one item: conditions, materials, legal basis, fees, place, time limits, and its filing form',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    params: P.ServiceParams,
    responses: { 200: { description: 'The guide', schema: P.ServiceGuide } },
    handle: async (ctx) => {
      const item = ctx.hall.config.services.find((s) => s.code === ctx.params.serviceCode);
      if (!item) throw notFound('SERVICE_NOT_FOUND', `no service item with code ${ctx.params.serviceCode}`);
      return ok(serviceGuideView(item, ctx.filings.isOpen(item)));
    },
  },
  {
    operationId: 'listFilingServices',
    method: 'GET',
    path: '/filing-services',
    summary: 'Items that can be filed at a filing machine, and whether each takes filings now',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    responses: { 200: { description: 'Items offered for filing', schema: P.FilingServiceList } },
    handle: async (ctx) => {
      const now = ctx.hall.clock();
      const services = ctx.hall.config.services
        .filter((s) => s.filing?.enabled)
        .map((s) => ({ serviceCode: s.code, name: s.name, category: s.category, applicant: s.filing!.applicant, open: ctx.filings.isOpen(s, now) }));
      return ok({ services });
    },
  },
  {
    operationId: 'uploadFilingFile',
    method: 'PUT',
    path: '/filing-files/{sha256}',
    summary: 'Upload one scanned page (raw bytes; the path is their SHA-256). Stored encrypted; the same bytes twice are one file',
    roles: ['kiosk', 'integration'],
    params: P.FileParams,
    rawBody: {
      contentTypes: FILE_CONTENT_TYPES,
      typeError: 'FILE_TYPE_NOT_ALLOWED',
      sizeError: 'FILE_TOO_LARGE',
      maxBytes: ({ hall }) => hall.config.filingLimits.maxFileBytes,
    },
    responses: {
      201: { description: 'Stored', schema: P.UploadedFile },
      200: { description: 'The hall already had these bytes', schema: P.UploadedFile },
      413: { description: 'FILE_TOO_LARGE: over filingLimits.maxFileBytes' },
      415: { description: 'FILE_TYPE_NOT_ALLOWED: not JPEG, PNG or PDF, or the bytes are not what the type says' },
    },
    handle: async (ctx) => {
      const { contentType, body } = ctx.raw!;
      const { created, size } = await ctx.filings.upload(ctx.params.sha256, contentType as FileContentType, body);
      return ok({ sha256: ctx.params.sha256, size, contentType }, created ? 201 : 200);
    },
  },
  {
    operationId: 'submitFiling',
    method: 'POST',
    path: '/filings',
    summary: 'Submit a filing (自助申报): applicant, form, materials (uploaded pages or 我的材料). Checked whole before anything is stored',
    roles: ['kiosk', 'integration'],
    body: P.SubmitFilingRequest,
    responses: {
      201: { description: 'The filing, with its tracking code (a retry with the same Idempotency-Key gets the same filing)', schema: P.Filing },
      200: { description: 'A kiosk resent an offline filing the hall already has (same tracking code and applicant)', schema: P.Filing },
      413: { description: 'FILING_TOO_LARGE: pages over filingLimits.maxFilingBytes' },
    },
    handle: async (ctx) => {
      const body = ctx.body as z.infer<typeof P.SubmitFilingRequest>;
      const { filing, replayed } = await ctx.filings.submit(body, { tokenId: ctx.principal.tokenId, requestKey: ctx.idempotencyKey });
      const view = filingView(ctx.hall.config, filing, { withActors: false });
      if (!replayed) return ok(view, 201);
      // The same key: the first answer again. The same offline filing resent without one: 200, nothing new.
      return ctx.idempotencyKey && body.trackingCode === undefined ? { status: 201, body: view, headers: { 'idempotent-replay': 'true' } } : ok(view, 200);
    },
  },
  {
    operationId: 'getFiling',
    method: 'GET',
    path: '/filings/{trackingCode}',
    summary: '一码查询: a filing by its tracking code. Counters get the full case (form, applicant, pages); others the masked view',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    params: P.TrackingCodeParams,
    responses: { 200: { description: 'The filing', schema: P.Filing } },
    handle: async (ctx) => {
      return ok(viewFor(ctx, ctx.filings.byCode(ctx.params.trackingCode)));
    },
  },
  {
    operationId: 'findFilings',
    method: 'POST',
    path: '/filings/lookup',
    summary: "A person's or company's filings, newest first (the number goes in the body, never in a URL)",
    roles: ['kiosk', 'counter'],
    body: P.IdNumberLookupRequest,
    responses: { 200: { description: 'Their filings, masked', schema: P.FilingList } },
    handle: async (ctx) => {
      if (ctx.principal.role === 'counter') {
        const ticket = visitorWithNumber(ctx, ctx.body.idNumber);
        recordReveal(ctx, 'lookupFilings', `ticket:${ticket.id}`, 'the applicant is at this window');
      }
      return ok({ filings: ctx.filings.findByIdentity(ctx.body.idNumber).map((f) => filingSummaryView(ctx.hall.config, f)) });
    },
  },
  {
    operationId: 'updateFilingStatus',
    method: 'POST',
    path: '/filings/{trackingCode}/status',
    summary: 'Accept, review, finish or return (补正/退回, with a reason) a filing',
    roles: ['counter', 'manager'],
    params: P.TrackingCodeParams,
    body: P.UpdateFilingStatusRequest,
    responses: filingResponses,
    handle: async (ctx) => {
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
  },
  {
    operationId: 'linkFilingTicket',
    method: 'POST',
    path: '/filings/{trackingCode}/ticket',
    summary: "Link a filing to today's ticket, so the window that calls it has the case at hand (预登记)",
    roles: ['kiosk', 'counter'],
    params: P.TrackingCodeParams,
    body: P.LinkFilingTicketRequest,
    responses: { 200: { description: 'Linked (again with the same ticket: unchanged)', schema: P.Filing } },
    handle: async (ctx) => {
      const { filing } = ctx.filings.link(ctx.params.trackingCode, ctx.body.ticketId);
      return ok(viewFor(ctx, filing));
    },
  },
  {
    operationId: 'getTicketFiling',
    method: 'GET',
    path: '/tickets/{ticketId}/filing',
    summary: 'The filing linked to the ticket this window is handling, in full (前台一口受理)',
    roles: ['counter'],
    params: P.TicketParams,
    responses: { 200: { description: 'The filing', schema: P.Filing } },
    handle: async (ctx) => {
      const t = ctx.hall.state.tickets.get(ctx.params.ticketId);
      if (!t) throw notFound('TICKET_NOT_FOUND', 'no such ticket today');
      if (!seesPersonalData(ctx.hall.state, ctx.principal, t)) throw forbidden('WRONG_WINDOW', 'only the window handling this ticket, with a clerk signed in, sees its filing');
      const filing = ctx.filings.filingOfTicket(t.id);
      if (!filing) throw notFound('NO_FILING', `ticket ${t.number} has no filing`);
      return ok(fullView(ctx, filing, 'the applicant is at this window'));
    },
  },
  {
    operationId: 'getFilingFile',
    method: 'GET',
    path: '/filing-files/{sha256}',
    summary: 'One page of a filing, decrypted, with its content type',
    roles: ['counter', 'manager'],
    params: P.FileParams,
    responses: { 200: { description: 'The page', raw: FILE_CONTENT_TYPES } },
    handle: async (ctx) => {
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
  },
  {
    operationId: 'findMyMaterials',
    method: 'POST',
    path: '/materials/lookup',
    summary: '我的材料 of a person or company: what they let the hall keep for reuse, unexpired (no images)',
    roles: ['kiosk'],
    body: P.IdNumberLookupRequest,
    responses: { 200: { description: 'Kept materials', schema: P.MyMaterialList } },
    handle: async (ctx) => ok({ materials: ctx.filings.myMaterials(ctx.body.idNumber).map(myMaterialView) }),
  },
];
