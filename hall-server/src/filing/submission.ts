/**
 * Everything a filing is checked for, before anything of it is stored: the
 * item offers filing and is open, the applicant is of a kind it takes and
 * their number passes its checksum, the form is valid (the kiosk's own
 * `validateForm`), every required material is there, every page was
 * uploaded and is of a type the material takes, the whole fits the limit,
 * and every reuse is the applicant's own, unexpired, with their consent.
 *
 * Pure: what the hall knows of uploads and kept materials comes in as
 * look-ups, the keyed hash as a function, the time as a number.
 */
import type { FileContentType, FilingLimits, Material, ServiceItem } from '../domain/config.ts';
import { conflict, invalid, notFound, tooLarge } from '../domain/errors.ts';
import { checkIdentity, maskIdNumber, maskName } from '../domain/identity.ts';
import { validateForm } from '../forms.ts';
import type { ApplicantRef, FilingMaterial, FilingPage, MyMaterial } from './model.ts';
import { checkReuse, materialsToKeep } from './reuse.ts';

export type MaterialEntry = { materialId: string; pages: { sha256: string; contentType: FileContentType }[] } | { materialId: string; reuse: string };

export type SubmissionRequest = {
  serviceCode: string;
  applicant: { idNumber: string; name?: string };
  form: Readonly<Record<string, string>>;
  materials: readonly MaterialEntry[];
  keepForReuse?: boolean;
  reuseConsent?: boolean;
};

export type SubmissionContext = {
  item: ServiceItem | undefined;
  /** Whether the item takes filings at this moment (its issuing hours); a filing made offline was open when made. */
  open: boolean;
  limits: FilingLimits;
  keyHash: (normalizedNumber: string) => string;
  uploaded: (sha256: string) => { size: number; contentType: FileContentType } | undefined;
  kept: (myMaterialId: string) => MyMaterial | undefined;
  now: number;
};

export type Submission = {
  item: ServiceItem;
  /** The clear number and name, to be sealed; `ref` is all the filing keeps in the clear. */
  applicant: { number: string; name?: string; ref: ApplicantRef };
  form: Record<string, string>;
  materials: FilingMaterial[];
  /** Every page's file: marked referenced with the filing, so the purge of stray uploads spares them. */
  files: string[];
  keep: { materialId: string; name: string; pages: FilingPage[]; expiresAt: number }[];
  totalBytes: number;
};

export function checkSubmission(request: SubmissionRequest, ctx: SubmissionContext): Submission {
  const { item } = ctx;
  if (!item) throw notFound('SERVICE_NOT_FOUND', `no service item with code ${request.serviceCode}`);
  if (!item.filing?.enabled) throw conflict('FILING_NOT_OFFERED', `${item.name['zh-CN']} cannot be filed at a filing machine`);
  if (!ctx.open) throw conflict('FILING_CLOSED', `${item.name['zh-CN']} takes filings only within its hours`);

  const identity = checkIdentity(request.applicant.idNumber);
  if (!identity.ok) throw invalid(identity.code, identity.message);
  const kind = identity.kind === 'uscc' ? 'company' : 'citizen';
  const allowed = item.filing.applicant;
  if (allowed !== 'either' && allowed !== kind) {
    throw invalid(
      'APPLICANT_NOT_ALLOWED',
      allowed === 'company'
        ? 'this item is filed by a company: give its unified social credit code'
        : 'this item is filed by a person: give a citizen ID number',
      { applicant: allowed },
    );
  }
  const ownerHash = ctx.keyHash(identity.normalized);

  const form = validateForm(item.filing.form.fields, request.form);
  if (!form.ok) throw invalid('FORM_INVALID', `the form has ${form.errors.length} problem(s)`, { fields: form.errors });

  const byId = new Map(item.materials.map((m) => [m.id, m]));
  const given = new Set<string>();
  for (const entry of request.materials) {
    if (!byId.has(entry.materialId)) throw invalid('UNKNOWN_MATERIAL', `this item has no material ${entry.materialId}`, { materialId: entry.materialId });
    if (given.has(entry.materialId)) throw invalid('DUPLICATE_MATERIAL', `material ${entry.materialId} is given twice`, { materialId: entry.materialId });
    given.add(entry.materialId);
  }
  const missing = item.materials.filter((m) => m.required && !given.has(m.id)).map((m) => m.id);
  if (missing.length) throw invalid('MATERIAL_MISSING', `required material missing: ${missing.join(', ')}`, { materialIds: missing });

  const reusing = request.materials.some((e) => 'reuse' in e);
  if (reusing && request.reuseConsent !== true) throw invalid('REUSE_CONSENT_REQUIRED', 'the applicant must agree on screen to reuse kept materials');

  const materials: FilingMaterial[] = [];
  const scanned: { material: Material; pages: FilingPage[] }[] = [];
  for (const entry of request.materials) {
    const material = byId.get(entry.materialId)!;
    if ('reuse' in entry) {
      const pages = checkReuse(ctx.kept(entry.reuse), material, ownerHash, ctx.now);
      materials.push({ materialId: material.id, name: material.name, reused: true, pages });
      continue;
    }
    if (entry.pages.length > material.maxPages) {
      throw invalid('TOO_MANY_PAGES', `material ${material.id} takes at most ${material.maxPages} pages`, {
        materialId: material.id,
        maxPages: material.maxPages,
      });
    }
    const pages = entry.pages.map((page): FilingPage => {
      if (!material.accept.includes(page.contentType)) {
        throw invalid('FILE_TYPE_NOT_ALLOWED', `material ${material.id} takes ${material.accept.join(', ')}, not ${page.contentType}`, {
          materialId: material.id,
          sha256: page.sha256,
        });
      }
      const file = ctx.uploaded(page.sha256);
      if (!file) throw invalid('FILE_NOT_UPLOADED', `page ${page.sha256} has not been uploaded`, { materialId: material.id, sha256: page.sha256 });
      if (file.contentType !== page.contentType) {
        throw invalid('FILE_TYPE_NOT_ALLOWED', `page ${page.sha256} was uploaded as ${file.contentType}, not ${page.contentType}`, {
          materialId: material.id,
          sha256: page.sha256,
        });
      }
      return { sha256: page.sha256, contentType: file.contentType, size: file.size };
    });
    materials.push({ materialId: material.id, name: material.name, reused: false, pages });
    scanned.push({ material, pages });
  }

  const files = [...new Set(materials.flatMap((m) => m.pages.map((p) => p.sha256)))];
  const totalBytes = materials.reduce((sum, m) => sum + m.pages.reduce((s, p) => s + p.size, 0), 0);
  if (totalBytes > ctx.limits.maxFilingBytes) {
    throw tooLarge('FILING_TOO_LARGE', `the pages come to ${totalBytes} bytes, more than ${ctx.limits.maxFilingBytes}`, {
      maxFilingBytes: ctx.limits.maxFilingBytes,
    });
  }

  const name = request.applicant.name?.trim() || undefined;
  return {
    item,
    applicant: {
      number: identity.normalized,
      name,
      ref: { kind, hash: ownerHash, masked: maskIdNumber(identity.normalized), nameMasked: name ? maskName(name) : undefined },
    },
    form: form.values,
    materials,
    files,
    keep: materialsToKeep(request.keepForReuse, scanned, ctx.now, ctx.limits.keepForReuseDays),
    totalBytes,
  };
}
