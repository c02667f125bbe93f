/**
 * What clients see of filings. Kiosks, managers and integrations get the
 * masked view (no form values, no number or name in the clear, no page
 * list); a counter gets the full one, to accept the case at its window
 * (前台一口受理). Kiosks and integrations are not told which clerk did what.
 */
import type { HallConfig, ServiceItem } from '../domain/config.ts';
import type { Filing, MyMaterial } from '../filing/model.ts';
import type { RevealedFiling } from '../store/filing-store.ts';
import type * as P from '../protocol.ts';

const iso = (ms: number) => new Date(ms).toISOString();

function nameOf(config: HallConfig, code: string): { 'zh-CN': string; en: string } {
  return config.services.find((s) => s.code === code)?.name ?? { 'zh-CN': code, en: code };
}

export function serviceGuideView(item: ServiceItem, open: boolean): P.ServiceGuide {
  return {
    serviceCode: item.code,
    name: item.name,
    category: item.category,
    conditions: item.conditions,
    materials: item.materials.map((m) => ({
      id: m.id,
      name: m.name,
      form: m.form,
      copies: m.copies,
      note: m.note,
      required: m.required,
      reusable: m.reusable,
      accept: m.accept,
      maxPages: m.maxPages,
    })),
    legalBasis: item.guide?.legalBasis ?? [],
    legalTimeLimitDays: item.legalTimeLimitDays,
    promisedTimeLimitDays: item.promisedTimeLimitDays,
    fees: item.guide?.fees ?? { free: true },
    location: item.guide?.location ?? '',
    notes: item.guide?.notes ?? [],
    filing: {
      enabled: item.filing?.enabled ?? false,
      applicant: item.filing?.applicant ?? 'citizen',
      open,
      form: { fields: item.filing?.form.fields ?? [] },
    },
  };
}

export type FilingViewOptions = {
  /** The counter's view: form values, the applicant in the clear, pages. */
  revealed?: RevealedFiling;
  /** Who changed the status (staff roles only). */
  withActors?: boolean;
};

export function filingView(config: HallConfig, f: Filing, options: FilingViewOptions = {}): P.Filing {
  const { revealed } = options;
  const item = config.services.find((s) => s.code === f.serviceCode);
  return {
    id: f.id,
    ...filingSummaryView(config, f),
    applicant: {
      kind: f.applicant.kind,
      masked: f.applicant.masked,
      nameMasked: f.applicant.nameMasked,
      ...(revealed ? { number: revealed.applicant.number, name: revealed.applicant.name } : {}),
    },
    ...(revealed ? { form: revealed.form, fields: item?.filing?.form.fields ?? [] } : {}),
    materials: f.materials.map((m) => ({
      materialId: m.materialId,
      name: m.name,
      reused: m.reused,
      pageCount: m.pages.length,
      pages: revealed ? m.pages.map((p) => ({ sha256: p.sha256, contentType: p.contentType, size: p.size })) : [],
    })),
    history: f.history.map((h) => ({
      status: h.status,
      at: iso(h.at),
      ...(options.withActors && h.by ? { by: h.by } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    ticketId: f.ticketId,
    ticketNumber: f.ticketNumber,
    offline: f.offline,
  };
}

export function filingSummaryView(config: HallConfig, f: Filing): P.FilingSummary {
  return {
    trackingCode: f.trackingCode,
    serviceCode: f.serviceCode,
    serviceName: nameOf(config, f.serviceCode),
    status: f.status,
    submittedAt: iso(f.submittedAt),
    dueDate: f.dueDate,
    returnReason: f.returnReason,
  };
}

export function myMaterialView(m: MyMaterial): P.MyMaterial {
  return { id: m.id, materialId: m.materialId, name: m.name, pages: m.pages.length, submittedAt: iso(m.submittedAt), expiresAt: iso(m.expiresAt) };
}
