import { useI18n } from 'vue-i18n';
import { UNREACHABLE, type CallFailure } from '../failure.ts';

/** Words for a failed call: the page's own for the hall's code, or a generic line (shown beside the code) for a code it has none for. */
export function useFailureWords(): (failure: Pick<CallFailure, 'code'>) => string {
  const { t, te } = useI18n();
  return ({ code }) => {
    if (code === UNREACHABLE) return t('failure.unreachable');
    const key = `failure.refusal.${code}`;
    return te(key) ? t(key) : t('failure.other');
  };
}
