/**
 * The filing operations (自助申报 · 预登记 · 一码查询): guides, pages, filings,
 * their status and link to a ticket, 我的材料 and its consent.
 */
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../domain/config.ts';
import * as P from '../protocol.ts';
import { defineContract, routesOf, type OperationDetails } from './define.ts';
import { submitFilingExample } from './examples.ts';
import { ID_NUMBER_CHECK } from './queue.ts';

export const WithdrawMaterialsConsentAnswer = z.object({ deleted: z.number().int().min(0) });

const filing = routesOf('filing');

/** A tracking code that is malformed, or names no filing. */
const BY_TRACKING_CODE = ['BAD_TRACKING_CODE', 'FILING_NOT_FOUND'] as const;

/** An operation on a person's or company's records, by their ID number: it goes in the body, never in a URL. */
const byIdNumber = <const D extends Omit<OperationDetails, 'body'>>(path: string, details: D) =>
  filing.post(path, { ...details, body: P.IdNumberLookupRequest });

export const filingContract = defineContract({
  getServiceGuide: filing.get('/services/{serviceCode}/guide', {
    summary: '办事指南 of one item: conditions, materials, legal basis, fees, place, time limits, and its filing form',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    responses: { 200: { description: 'The guide', schema: P.ServiceGuide } },
    errors: ['SERVICE_NOT_FOUND'],
  }),
  listFilingServices: filing.get('/filing-services', {
    summary: 'Items that can be filed at a filing machine, and whether each takes filings now',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    responses: { 200: { description: 'Items offered for filing', schema: P.FilingServiceList } },
  }),
  uploadFilingFile: filing.put('/filing-files/{sha256}', {
    summary: 'Upload one scanned page (raw bytes; the path is their SHA-256). Stored encrypted; the same bytes twice are one file',
    roles: ['kiosk', 'integration'],
    rawBody: {
      contentTypes: FILE_CONTENT_TYPES,
      typeError: 'FILE_TYPE_NOT_ALLOWED',
      sizeError: 'FILE_TOO_LARGE',
    },
    responses: {
      201: { description: 'Stored', schema: P.UploadedFile },
      200: { description: 'The hall already had these bytes', schema: P.UploadedFile },
      413: { description: 'FILE_TOO_LARGE: over filingLimits.maxFileBytes' },
      415: { description: 'FILE_TYPE_NOT_ALLOWED: not JPEG, PNG or PDF, or the bytes are not what the type says' },
    },
    errors: ['FILE_TYPE_NOT_ALLOWED', 'FILE_TOO_LARGE', 'FILE_HASH_MISMATCH', 'UPLOAD_TIMEOUT', 'UPLOAD_QUOTA_EXCEEDED'],
  }),
  submitFiling: filing.post('/filings', {
    summary: 'Submit a filing (自助申报): applicant, form, materials (uploaded pages or 我的材料). Checked whole before anything is stored',
    roles: ['kiosk', 'integration'],
    body: P.SubmitFilingRequest,
    responses: {
      201: { description: 'The filing, with its tracking code (a retry with the same Idempotency-Key gets the same filing)', schema: P.Filing },
      200: { description: 'A kiosk resent an offline filing the hall already has (same tracking code and applicant)', schema: P.Filing },
      413: { description: 'FILING_TOO_LARGE: pages over filingLimits.maxFilingBytes' },
    },
    errors: [
      'SERVICE_NOT_FOUND',
      'FILING_NOT_OFFERED',
      'FILING_CLOSED',
      'APPLICANT_NOT_ALLOWED',
      'FORM_INVALID',
      'MATERIAL_MISSING',
      'UNKNOWN_MATERIAL',
      'DUPLICATE_MATERIAL',
      'TOO_MANY_PAGES',
      'FILE_NOT_UPLOADED',
      'FILE_TYPE_NOT_ALLOWED',
      'FILING_TOO_LARGE',
      'REUSE_CONSENT_REQUIRED',
      'REUSE_NOT_ALLOWED',
      ...ID_NUMBER_CHECK,
      'BAD_TRACKING_CODE',
      'TRACKING_CODE_TAKEN',
    ],
    example: submitFilingExample,
  }),
  getFiling: filing.get('/filings/{trackingCode}', {
    summary: '一码查询: a filing by its tracking code. Counters get the full case (form, applicant, pages); others the masked view',
    roles: ['kiosk', 'counter', 'manager', 'integration'],
    responses: { 200: { description: 'The filing', schema: P.Filing } },
    errors: BY_TRACKING_CODE,
  }),
  findFilings: byIdNumber('/filings/lookup', {
    summary: "A person's or company's filings, newest first (the number goes in the body, never in a URL)",
    roles: ['kiosk', 'counter'],
    responses: { 200: { description: 'Their filings, masked', schema: P.FilingList } },
    errors: [...ID_NUMBER_CHECK, 'NOT_YOUR_VISITOR'],
  }),
  updateFilingStatus: filing.post('/filings/{trackingCode}/status', {
    summary: 'Accept, review, finish or return (补正/退回, with a reason) a filing',
    roles: ['counter', 'manager'],
    body: P.UpdateFilingStatusRequest,
    responses: { 200: { description: 'The filing after the change', schema: P.Filing } },
    errors: [...BY_TRACKING_CODE, 'FILING_TRANSITION_NOT_ALLOWED', 'REASON_REQUIRED'],
  }),
  linkFilingTicket: filing.post('/filings/{trackingCode}/ticket', {
    summary: "Link a filing to today's ticket, so the window that calls it has the case at hand (预登记)",
    roles: ['kiosk', 'counter'],
    body: P.LinkFilingTicketRequest,
    responses: { 200: { description: 'Linked (again with the same ticket: unchanged)', schema: P.Filing } },
    errors: [...BY_TRACKING_CODE, 'TICKET_NOT_FOUND', 'FILING_ALREADY_LINKED', 'TICKET_HAS_FILING'],
  }),
  getTicketFiling: filing.get('/tickets/{ticketId}/filing', {
    summary: 'The filing linked to the ticket this window is handling, in full (前台一口受理)',
    roles: ['counter'],
    responses: { 200: { description: 'The filing', schema: P.Filing } },
    errors: ['TICKET_NOT_FOUND', 'NO_FILING'],
  }),
  getFilingFile: filing.get('/filing-files/{sha256}', {
    summary: 'One page of a filing, decrypted, with its content type',
    roles: ['counter', 'manager'],
    responses: { 200: { description: 'The page', raw: FILE_CONTENT_TYPES } },
    errors: ['FILE_NOT_FOUND', 'NOT_YOUR_VISITOR'],
  }),
  findMyMaterials: byIdNumber('/materials/lookup', {
    summary: '我的材料 of a person or company: what they let the hall keep for reuse, unexpired (no images)',
    roles: ['kiosk'],
    responses: { 200: { description: 'Kept materials', schema: P.MyMaterialList } },
    errors: ID_NUMBER_CHECK,
  }),
  withdrawMaterialsConsent: byIdNumber('/materials/withdraw-consent', {
    summary: '撤回授权: delete every 我的材料 kept for a person or company (the number goes in the body, never in a URL); answers how many',
    roles: ['kiosk', 'counter'],
    responses: { 200: { description: 'How many kept materials were deleted (0 when there were none)', schema: WithdrawMaterialsConsentAnswer } },
    errors: [...ID_NUMBER_CHECK, 'NOT_YOUR_VISITOR'],
  }),
});
