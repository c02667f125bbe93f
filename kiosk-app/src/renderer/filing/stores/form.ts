import { validateForm } from '@hall/server/forms';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FieldError, FilingGuideView, FormField, ServiceGuide } from '../../../shared/kiosk-api.ts';

/** Digits typed into a date field become YYYY-MM-DD as they come: a kiosk visitor should not have to find the hyphen. */
export function shapeDate(typed: string): string {
  const digits = typed.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 4) return digits;
  if (digits.length <= 6) return `${digits.slice(0, 4)}-${digits.slice(4)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
}

/**
 * The guide of the chosen item and its form as the visitor fills it in.
 *
 * Values are checked on every change with the hall's own `validateForm`, so
 * the kiosk and the hall never disagree. Locked values (name and ID number
 * from the card) are masked here and filled in by the device host at submit,
 * so they are shown, sent as given, and left out of the check. An error
 * shows under its field once the visitor has changed that field, or for
 * every field once they tried to go on.
 */
export const useFilingFormStore = defineStore('filing-form', () => {
  const guide = ref<ServiceGuide | null>(null);
  const values = ref<Record<string, string>>({});
  const locked = ref<Record<string, boolean>>({});
  const touched = ref<Record<string, boolean>>({});
  const showAll = ref(false);
  /** The field the on-screen keyboard is typing into. */
  const active = ref<string | null>(null);
  /** What the hall refused at submit (FORM_INVALID), until the visitor changes that field. */
  const hallErrors = ref<FieldError[]>([]);

  const fields = computed<FormField[]>(() => guide.value?.filing.form.fields ?? []);
  const checked = computed(() => fields.value.filter((f) => !locked.value[f.key]));
  const result = computed(() => {
    const own: Record<string, string> = {};
    for (const f of checked.value) if (values.value[f.key] !== undefined) own[f.key] = values.value[f.key]!;
    return validateForm(checked.value, own);
  });
  /** The first error of each field, the hall's where it has one. */
  const errors = computed<Record<string, FieldError>>(() => {
    const out: Record<string, FieldError> = {};
    if (!result.value.ok) for (const e of result.value.errors) out[e.key] ??= e;
    for (const e of hallErrors.value) out[e.key] = e;
    return out;
  });
  const shownErrors = computed<Record<string, FieldError>>(() => {
    const out: Record<string, FieldError> = {};
    for (const [key, e] of Object.entries(errors.value)) if (showAll.value || touched.value[key]) out[key] = e;
    return out;
  });
  const valid = computed(() => Object.keys(errors.value).length === 0);

  function load(view: FilingGuideView) {
    reset();
    guide.value = view.guide;
    const start: Record<string, string> = {};
    const lock: Record<string, boolean> = {};
    for (const f of view.guide.filing.form.fields) {
      const given = view.prefill[f.key];
      start[f.key] = given?.value ?? '';
      if (given?.locked) lock[f.key] = true;
    }
    values.value = start;
    locked.value = lock;
  }

  function fieldOf(key: string): FormField | undefined {
    return fields.value.find((f) => f.key === key);
  }

  function set(key: string, value: string) {
    const field = fieldOf(key);
    if (!field || locked.value[key]) return;
    values.value = { ...values.value, [key]: field.type === 'date' ? shapeDate(value) : value };
    touched.value = { ...touched.value, [key]: true };
    hallErrors.value = hallErrors.value.filter((e) => e.key !== key);
  }

  function focus(key: string | null) {
    active.value = key && fieldOf(key) && !locked.value[key] ? key : null;
  }

  /** The editable field after `key` that types (selects are tapped, not typed), or null at the end. */
  function nextTyped(key: string): string | null {
    const list = fields.value;
    const i = list.findIndex((f) => f.key === key);
    return list.slice(i + 1).find((f) => !locked.value[f.key] && f.type !== 'select')?.key ?? null;
  }

  /** May the visitor go on? If not, every error shows and the keyboard opens on the first wrong field. */
  function tryNext(): boolean {
    showAll.value = true;
    if (valid.value) {
      active.value = null;
      return true;
    }
    const first = fields.value.find((f) => errors.value[f.key]);
    active.value = first && first.type !== 'select' ? first.key : null;
    return false;
  }

  function applyHallErrors(list: FieldError[]) {
    hallErrors.value = list;
    showAll.value = true;
  }

  /** The form to submit: every field as shown (the host puts back the locked ones in full), optional empty ones left out. */
  function submission(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fields.value) {
      const v = (values.value[f.key] ?? '').trim();
      if (v !== '') out[f.key] = v;
    }
    return out;
  }

  function reset() {
    guide.value = null;
    values.value = {};
    locked.value = {};
    touched.value = {};
    showAll.value = false;
    active.value = null;
    hallErrors.value = [];
  }

  return {
    guide,
    values,
    locked,
    touched,
    showAll,
    active,
    hallErrors,
    fields,
    errors,
    shownErrors,
    valid,
    load,
    fieldOf,
    set,
    focus,
    nextTyped,
    tryNext,
    applyHallErrors,
    submission,
    reset,
  };
});
