import { computed, reactive } from 'vue';
import { useI18n } from 'vue-i18n';
import { localized } from '../i18n/index.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { useFilingFormStore } from './stores/form.ts';
import { useFilingMaterialsStore } from './stores/materials.ts';
import { useFilingSubmissionStore } from './stores/submission.ts';
import { useFilingVisitStore } from './stores/visit.ts';

/**
 * The review screen: what the visitor is about to file, in the language on
 * screen (the item, who files it, every answer filled in with its label, a
 * choice by its option's words, and every material with what it will carry:
 * pages taken, a material reused, or nothing), whether a queue ticket goes
 * with it, and filing it.
 */
export function useFilingReview() {
  const { t } = useI18n();
  const form = useFilingFormStore();
  const materials = useFilingMaterialsStore();
  const submission = useFilingSubmissionStore();
  const visit = useFilingVisitStore();
  const settings = useSettingsStore();

  const carries = (id: string) => {
    const s = materials.state(id);
    if (s.reuse !== null) return t('filing.review.reused');
    return s.pages.length ? t('filing.review.pages', { n: s.pages.length }) : t('filing.review.none');
  };

  return reactive({
    ready: computed(() => !!form.guide),
    item: computed(() => localized(form.guide?.name, settings.locale)),
    applicant: computed(() => `${visit.visitor?.nameMasked ?? ''} ${visit.visitor?.masked ?? ''}`),
    answers: computed(() =>
      form.fields
        .map((f) => {
          const raw = (form.values[f.key] ?? '').trim();
          const option = f.type === 'select' ? f.options?.find((o) => o.value === raw) : undefined;
          return { key: f.key, label: localized(f.label, settings.locale), value: option ? localized(option.label, settings.locale) : raw };
        })
        .filter((a) => a.value !== ''),
    ),
    materials: computed(() => materials.list.map((m) => ({ id: m.id, name: m.name, carries: carries(m.id) }))),
    keepForReuse: computed(() => materials.keepForReuse),
    takeTicket: computed({ get: () => submission.takeTicket, set: (take: boolean) => (submission.takeTicket = take) }),
    submit: () => visit.submit(),
  });
}
