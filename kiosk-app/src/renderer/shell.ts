/**
 * The kiosk's ambient behaviour, mounted once by App: the idle clock, every
 * touch counting as activity, and spoken prompts in elderly mode.
 */
import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useActivityClock } from './activity.ts';
import { useSessionStore } from './stores/session.ts';
import { useSettingsStore } from './stores/settings.ts';
import { speak } from './voice.ts';

export function useKioskShell(options: { tickMs?: number } = {}) {
  const session = useSessionStore();
  const settings = useSettingsStore();
  const { t } = useI18n();

  useActivityClock(session, options.tickMs);

  const prompt = () => {
    const step = session.step;
    if (step === 'ticket') return t('voice.ticket', { number: session.ticket?.number ?? '' });
    if (step === 'lookup-result') return t('voice.lookup-result', { n: session.lookupResult?.waitingAhead ?? 0 });
    if (step === 'refused') return t('voice.refused');
    const key = `voice.${step}`;
    const text = t(key);
    return text === key ? '' : text;
  };

  watch(
    () => [session.step, settings.elderly, settings.locale] as const,
    () => {
      if (settings.voice) speak(prompt(), settings.locale);
    },
  );
}
