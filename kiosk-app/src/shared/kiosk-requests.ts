/**
 * What KioskApi's methods take, as zod schemas. The method map
 * (kiosk-methods.ts) builds each method's parameters from these, the types
 * the renderer calls with are inferred from them, and the device host holds
 * every call to them before a desk sees it.
 *
 * They say the shape only (types, which keys, the values a choice may take);
 * what the content means — a ticket number's form, a page's bytes, a form
 * against its guide — is the desks' to check, with their own refusals.
 *
 * `zod/mini`: the map reaches the renderer's first paint and the preload,
 * and the mini build is a fraction of the size.
 */
import * as z from 'zod/mini';

export const IssueRequest = z.object({
  serviceCode: z.string().check(z.minLength(1), z.maxLength(40)),
  /** Issue against the card the visitor swiped in this session. */
  withCard: z.optional(z.boolean()),
  /**
   * The disabled/military green channel, vouched for by a staff member for
   * this visitor beforehand (grantStaff); refused with GREEN_CHANNEL_NEEDS_STAFF
   * without that, and with GREEN_CHANNEL_OFFLINE while the hall is unreachable.
   */
  greenChannel: z.optional(z.enum(['disabled', 'military'])),
});
export type IssueRequest = z.infer<typeof IssueRequest>;

/** Transfer the ticket being handled (or `ticketId`, which must be it) to a service or a window, with a note. */
export const TransferRequest = z.object({
  ticketId: z.optional(z.string()),
  toServiceCode: z.optional(z.string()),
  toWindowNo: z.optional(z.number()),
  note: z.optional(z.string()),
});
export type TransferRequest = z.infer<typeof TransferRequest>;

/** Where a clerk may move the called ticket's filing. */
export const FilingMoveStatus = z.enum(['accepted', 'in-review', 'done', 'returned']);
export type FilingMoveStatus = z.infer<typeof FilingMoveStatus>;

export const StagePageRequest = z.object({
  materialId: z.string(),
  contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  dataBase64: z.string(),
});
export type StagePageRequest = z.infer<typeof StagePageRequest>;

/** A material as pages captured here, or as a document kept in 我的材料 (its id). */
export const FilingMaterialChoice = z.union([
  z.object({ materialId: z.string(), pageIds: z.array(z.string()) }),
  z.object({ materialId: z.string(), reuse: z.string().check(z.minLength(1), z.maxLength(64)) }),
]);
export type FilingMaterialChoice = z.infer<typeof FilingMaterialChoice>;

export const SubmitFilingRequest = z.object({
  serviceCode: z.string(),
  form: z.record(z.string(), z.string()),
  materials: z.array(FilingMaterialChoice),
  /** The visitor agreed on screen that the hall keeps these materials for reuse (我的材料). */
  keepForReuse: z.boolean(),
  /** The visitor agreed on screen to reuse materials from 我的材料 (required when any is reused). */
  reuseConsent: z.boolean(),
  /** Also take a queue ticket for the same item, linked to the filing (预登记). */
  takeTicket: z.optional(z.boolean()),
});
export type SubmitFilingRequest = z.infer<typeof SubmitFilingRequest>;
