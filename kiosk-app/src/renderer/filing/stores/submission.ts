import { parseTrackingCode } from '@hall/server/forms';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FieldError, FilingProgress, FilingResult, SubmitFilingRequest } from '../../../shared/kiosk-api.ts';
import { kioskApi } from '../../kiosk.ts';
import { refusalOf, type Refusal } from '../../refusal.ts';
import { useHallStore } from '../../stores/hall.ts';

/** Refusals about pages and materials: the visitor fixes them on the materials screen. */
const MATERIAL_CODES = new Set([
  'MATERIAL_MISSING',
  'UNKNOWN_MATERIAL',
  'TOO_MANY_PAGES',
  'FILE_NOT_UPLOADED',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'FILING_TOO_LARGE',
  'PAGE_NOT_FOUND',
  'REUSE_NOT_ALLOWED',
  'REUSE_CONSENT_REQUIRED',
]);

export type SubmitOutcome =
  | { kind: 'filed' }
  | { kind: 'form'; errors: FieldError[] }
  | { kind: 'materials'; refusal: Refusal }
  | { kind: 'refused'; refusal: Refusal };

/** The receipt's QR, as the device host prints it: `${trackBaseUrl}/filing/${code}`. */
export function filingTrackUrl(trackBaseUrl: string, code: string): string {
  return `${trackBaseUrl.replace(/\/+$/, '')}/filing/${code}`;
}

function fieldErrorsOf(refusal: Refusal, err: unknown): FieldError[] {
  const details = (err as { details?: { fields?: unknown } } | null)?.details;
  const fields = details?.fields;
  return refusal.code === 'FORM_INVALID' && Array.isArray(fields) ? (fields as FieldError[]) : [];
}

/** The submit in flight (its progress from `filing:progress`) and, once filed, what the receipt shows. */
export const useFilingSubmissionStore = defineStore('filing-submission', () => {
  /** The visitor asked for a queue ticket linked to the filing (预登记: the clerk sees it when calling). */
  const takeTicket = ref(false);
  const inFlight = ref(false);
  const progress = ref<FilingProgress | null>(null);
  const result = ref<FilingResult | null>(null);

  const filing = computed(() => result.value?.filing ?? null);
  /** XXXX-XXXX-XXXX whatever way the host wrote it. */
  const code = computed(() => (filing.value ? (parseTrackingCode(filing.value.trackingCode) ?? filing.value.trackingCode) : null));
  const trackUrl = computed(() => {
    const base = useHallStore().info?.trackBaseUrl;
    return code.value && base ? filingTrackUrl(base, code.value) : null;
  });

  async function submit(request: SubmitFilingRequest): Promise<SubmitOutcome> {
    inFlight.value = true;
    progress.value = null;
    try {
      result.value = await kioskApi().submitFiling({ ...request, takeTicket: takeTicket.value });
      return { kind: 'filed' };
    } catch (err) {
      const refusal = refusalOf(err);
      const fields = fieldErrorsOf(refusal, err);
      if (fields.length) return { kind: 'form', errors: fields };
      if (MATERIAL_CODES.has(refusal.code)) return { kind: 'materials', refusal };
      return { kind: 'refused', refusal };
    } finally {
      inFlight.value = false;
    }
  }

  function onProgress(next: FilingProgress) {
    if (inFlight.value) progress.value = next;
  }

  function reset() {
    takeTicket.value = false;
    inFlight.value = false;
    progress.value = null;
    result.value = null;
  }

  return { takeTicket, inFlight, progress, result, filing, code, trackUrl, submit, onProgress, reset };
});
