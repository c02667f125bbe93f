/**
 * A filing checked at the machine before anything is uploaded: everything
 * the hall would refuse is refused here first, with the hall's own codes.
 * The form by the same `validateForm` the hall runs (the locked values put
 * back from the card or company), each material against the guide (known,
 * chosen once, required ones present, page count, accepted types), reuse
 * only of reusable materials and with consent, and the total size.
 */
import type { IdCard } from '@hall/drivers';
import { validateForm } from '@hall/server/forms';
import type { ServiceGuide, SubmitFilingRequest } from '../../shared/kiosk-api.ts';
import { kioskError } from '../messages.ts';
import { withIdentity } from './filing-form.ts';
import type { FilingBody } from './filing-outbox.ts';
import { MAX_FILING_BYTES, type Applicant, type HeldPage } from './filing-session.ts';

/** The visitor filing: who they are, and the pages captured for them. */
export type Filer = {
  applicant: Applicant;
  card: IdCard | undefined;
  company: string | undefined;
  /** The held pages with these ids, in the order given; refuses an id that is gone. */
  take: (pageIds: readonly string[]) => HeldPage[];
};

export type CheckedFiling = {
  guide: ServiceGuide;
  applicant: Applicant;
  body: FilingBody;
  /** Every page that goes with the filing, each content once. */
  pages: HeldPage[];
  pageIds: string[];
  /** The materials as the receipt lists them. */
  materials: { name: string; pages: number; reused: boolean }[];
};

/** The filing as the hall will get it, or the first refusal the hall would give. */
export function checkFiling(request: SubmitFilingRequest, guide: ServiceGuide, filer: Filer, terminal: string): CheckedFiling {
  const { applicant } = filer;
  if (!guide.filing.enabled) throw kioskError('FILING_NOT_OFFERED');
  if (guide.filing.applicant !== 'either' && guide.filing.applicant !== applicant.kind) throw kioskError('APPLICANT_NOT_ALLOWED');
  const fields = guide.filing.form.fields;
  const form = validateForm(fields, withIdentity(fields, request.form, { card: filer.card, company: filer.company }));
  if (!form.ok) throw kioskError('FORM_INVALID', { fields: form.errors });

  const byId = new Map(guide.materials.map((m) => [m.id, m]));
  const chosen = new Set<string>();
  const materials: NonNullable<FilingBody['materials']> = [];
  const onReceipt: CheckedFiling['materials'] = [];
  const pages = new Map<string, HeldPage>();
  const pageIds: string[] = [];
  for (const choice of request.materials) {
    const material = byId.get(choice.materialId);
    if (!material) throw kioskError('UNKNOWN_MATERIAL', { materialId: choice.materialId });
    if (chosen.has(material.id)) throw kioskError('DUPLICATE_MATERIAL', { materialId: material.id });
    if ('reuse' in choice) {
      if (!material.reusable) throw kioskError('REUSE_NOT_ALLOWED', { materialId: material.id });
      if (!request.reuseConsent) throw kioskError('REUSE_CONSENT_REQUIRED', { materialId: material.id });
      materials.push({ materialId: material.id, reuse: choice.reuse });
      onReceipt.push({ name: material.name, pages: 1, reused: true });
    } else {
      // No pages for an optional material: it is simply not handed in.
      if (choice.pageIds.length === 0) continue;
      const held = filer.take(choice.pageIds);
      if (held.length > material.maxPages) throw kioskError('TOO_MANY_PAGES', { materialId: material.id });
      if (held.some((p) => !material.accept.includes(p.contentType))) throw kioskError('FILE_TYPE_NOT_ALLOWED', { materialId: material.id });
      for (const p of held) pages.set(p.sha256, p);
      pageIds.push(...choice.pageIds);
      materials.push({ materialId: material.id, pages: held.map((p) => ({ sha256: p.sha256, contentType: p.contentType })) });
      onReceipt.push({ name: material.name, pages: held.length, reused: false });
    }
    chosen.add(material.id);
  }
  const missing = guide.materials.filter((m) => m.required && !chosen.has(m.id)).map((m) => m.id);
  if (missing.length) throw kioskError('MATERIAL_MISSING', { materialIds: missing });
  const unique = [...pages.values()];
  if (unique.reduce((n, p) => n + p.size, 0) > MAX_FILING_BYTES) throw kioskError('FILING_TOO_LARGE');

  const body: FilingBody = {
    serviceCode: guide.serviceCode,
    applicant: applicant.kind === 'citizen' && applicant.name ? { idNumber: applicant.idNumber, name: applicant.name } : { idNumber: applicant.idNumber },
    form: form.values,
    materials,
    keepForReuse: request.keepForReuse === true,
    reuseConsent: request.reuseConsent === true,
    terminal,
  };
  return { guide, applicant, body, pages: unique, pageIds, materials: onReceipt };
}
