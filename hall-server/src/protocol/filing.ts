/** The filing shapes (自助申报 · 预登记 · 一码查询): guides, forms, pages, filings and 我的材料. */
import { z } from 'zod';
import { FIELD_ERROR_CODES } from '../forms.ts';
import { FILE_CONTENT_TYPES, FormFieldSchema } from '../domain/config.ts';
import { IsoTime, LocalizedName } from './common.ts';

export const FormField = FormFieldSchema;
export type FormField = z.infer<typeof FormField>;

export const FieldError = z.object({
  key: z.string(),
  code: z.enum(FIELD_ERROR_CODES),
  message: LocalizedName,
});
export type FieldError = z.infer<typeof FieldError>;

export const FileContentType = z.enum(FILE_CONTENT_TYPES);
export type FileContentType = z.infer<typeof FileContentType>;
export const ApplicantKind = z.enum(['citizen', 'company']);
export type ApplicantKind = z.infer<typeof ApplicantKind>;
export const FilingApplicantRule = z.enum(['citizen', 'company', 'either']);
export type FilingApplicantRule = z.infer<typeof FilingApplicantRule>;
export const FilingStatus = z.enum(['submitted', 'accepted', 'in-review', 'done', 'returned']);
export type FilingStatus = z.infer<typeof FilingStatus>;

export const Sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex (64 characters)')
  .transform((s) => s.toLowerCase());
export const LocalDate = z.string().describe('YYYY-MM-DD');

export const GuideMaterial = z.object({
  id: z.string(),
  name: z.string(),
  form: z.string(),
  copies: z.number(),
  note: z.string().optional(),
  required: z.boolean(),
  reusable: z.boolean().describe('May be taken from 我的材料'),
  accept: z.array(FileContentType),
  maxPages: z.number(),
});
export type GuideMaterial = z.infer<typeof GuideMaterial>;

export const ServiceGuide = z.object({
  serviceCode: z.string(),
  name: LocalizedName,
  category: z.string(),
  conditions: z.array(z.string()),
  materials: z.array(GuideMaterial),
  legalBasis: z.array(z.string()),
  legalTimeLimitDays: z.number().describe('法定办结时限, working days; 0 = on the spot'),
  promisedTimeLimitDays: z.number().optional().describe('承诺办结时限, working days'),
  fees: z.object({ free: z.boolean(), note: z.string().optional() }),
  location: z.string(),
  notes: z.array(z.string()),
  filing: z.object({
    enabled: z.boolean(),
    applicant: FilingApplicantRule,
    open: z.boolean().describe('Filing enabled and the item within its issuing hours now'),
    form: z.object({ fields: z.array(FormField) }),
  }),
});
export type ServiceGuide = z.infer<typeof ServiceGuide>;

export const FilingService = z.object({
  serviceCode: z.string(),
  name: LocalizedName,
  category: z.string(),
  applicant: FilingApplicantRule,
  open: z.boolean(),
});
export type FilingService = z.infer<typeof FilingService>;
export const FilingServiceList = z.object({ services: z.array(FilingService) });
export type FilingServiceList = z.infer<typeof FilingServiceList>;

export const FileParams = z.object({ sha256: Sha256 }).strict();
export const UploadedFile = z.object({ sha256: z.string(), size: z.number(), contentType: FileContentType });
export type UploadedFile = z.infer<typeof UploadedFile>;

export const FilingPageRef = z.object({ sha256: Sha256, contentType: FileContentType }).strict();
export const SubmitFilingRequest = z
  .object({
    serviceCode: z.string().min(1).max(40),
    applicant: z
      .object({
        idNumber: z.string().min(1).max(32).describe('Citizen ID number or unified social credit code, in full'),
        name: z.string().trim().min(1).max(100).optional().describe('Person or company name; stored sealed'),
      })
      .strict(),
    form: z
      .record(z.string().max(64), z.string().max(5000))
      .refine((f) => Object.keys(f).length <= 100, 'at most 100 fields')
      .default({}),
    materials: z
      .array(
        z.union([
          z.object({ materialId: z.string().min(1).max(32), pages: z.array(FilingPageRef).min(1).max(50) }).strict(),
          z.object({ materialId: z.string().min(1).max(32), reuse: z.string().min(1).max(64).describe('Id of one of 我的材料') }).strict(),
        ]),
      )
      .max(50)
      .default([]),
    keepForReuse: z.boolean().optional().describe('The applicant agreed on screen that the hall keeps the reusable materials for next time'),
    reuseConsent: z.boolean().optional().describe('Must be true when any material is reused'),
    trackingCode: z.string().max(64).optional().describe('Chosen by a kiosk that filed while offline; must be unused'),
    submittedAt: z.iso.datetime({ offset: true }).optional().describe('When the kiosk filed it offline'),
    ticketId: z.string().min(1).max(64).optional().describe('Link to this ticket at once'),
    terminal: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SubmitFilingRequest = z.input<typeof SubmitFilingRequest>;

export const FilingHistoryEntry = z.object({
  status: FilingStatus,
  at: IsoTime,
  by: z
    .object({ role: z.string(), name: z.string().optional(), windowNo: z.number().optional(), staffNo: z.string().optional() })
    .optional()
    .describe('Who changed it (not shown to kiosks)'),
  reason: z.string().optional(),
});
export type FilingHistoryEntry = z.infer<typeof FilingHistoryEntry>;

export const FilingPage = z.object({ sha256: z.string(), contentType: FileContentType, size: z.number() });
export type FilingPage = z.infer<typeof FilingPage>;

export const Filing = z.object({
  id: z.string(),
  trackingCode: z.string().describe('XXXX-XXXX-XXXX'),
  serviceCode: z.string(),
  serviceName: LocalizedName,
  status: FilingStatus,
  submittedAt: IsoTime,
  dueDate: LocalDate.optional().describe('From the promised (else legal) time limit in working days Mon–Fri after submission; absent for on-the-spot items'),
  applicant: z.object({
    kind: ApplicantKind,
    masked: z.string(),
    nameMasked: z.string().optional(),
    number: z.string().optional().describe('Counter view only'),
    name: z.string().optional().describe('Counter view only'),
  }),
  form: z.record(z.string(), z.string()).optional().describe('Counter view only'),
  fields: z.array(FormField).optional().describe('Counter view only: the form fields, to label the values'),
  materials: z.array(
    z.object({
      materialId: z.string(),
      name: z.string(),
      reused: z.boolean(),
      pageCount: z.number(),
      pages: z.array(FilingPage).describe('Counter view only; empty in the masked view'),
    }),
  ),
  history: z.array(FilingHistoryEntry),
  returnReason: z.string().optional(),
  ticketId: z.string().optional(),
  ticketNumber: z.string().optional(),
  offline: z.boolean().describe('Filed at a kiosk while the hall was unreachable'),
});
export type Filing = z.infer<typeof Filing>;

export const FilingSummary = z.object({
  trackingCode: z.string(),
  serviceCode: z.string(),
  serviceName: LocalizedName,
  status: FilingStatus,
  submittedAt: IsoTime,
  dueDate: LocalDate.optional(),
  returnReason: z.string().optional(),
});
export type FilingSummary = z.infer<typeof FilingSummary>;
export const FilingList = z.object({ filings: z.array(FilingSummary) });
export type FilingList = z.infer<typeof FilingList>;

export const TrackingCodeParams = z
  .object({ trackingCode: z.string().min(1).max(64).describe('XXXX-XXXX-XXXX; case, spaces and hyphens are ignored') })
  .strict();
export const IdNumberLookupRequest = z.object({ idNumber: z.string().min(1).max(32) }).strict();
export type IdNumberLookupRequest = z.infer<typeof IdNumberLookupRequest>;

export const UpdateFilingStatusRequest = z
  .object({
    status: z.enum(['accepted', 'in-review', 'done', 'returned']),
    reason: z.string().trim().min(1).max(500).optional().describe('补正/退回原因; required for returned'),
  })
  .strict();
export type UpdateFilingStatusRequest = z.infer<typeof UpdateFilingStatusRequest>;

export const LinkFilingTicketRequest = z.object({ ticketId: z.string().min(1).max(64) }).strict();
export type LinkFilingTicketRequest = z.infer<typeof LinkFilingTicketRequest>;

export const MyMaterial = z.object({
  id: z.string(),
  materialId: z.string(),
  name: z.string(),
  pages: z.number().describe('Number of pages kept'),
  submittedAt: IsoTime,
  expiresAt: IsoTime,
});
export type MyMaterial = z.infer<typeof MyMaterial>;
export const MyMaterialList = z.object({ materials: z.array(MyMaterial) });
export type MyMaterialList = z.infer<typeof MyMaterialList>;
