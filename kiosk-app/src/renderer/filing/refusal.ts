import { useI18n } from 'vue-i18n';
import { localized } from '../i18n/index.ts';
import type { Refusal } from '../stores/session.ts';
import { useSettingsStore } from '../stores/settings.ts';

/** A refusal in the visitor's language: the host's own words, else the filing screens' (`filing.errors.*`), else the kiosk's. */
export function useRefusalText() {
  const { t, te } = useI18n();
  const settings = useSettingsStore();
  return (r: Refusal | null | undefined): string => {
    if (!r) return '';
    if (r.messages) return localized(r.messages, settings.locale);
    if (te(`filing.errors.${r.code}`)) return t(`filing.errors.${r.code}`);
    if (te(`errors.${r.code}`)) return t(`errors.${r.code}`);
    return t('errors.generic');
  };
}
