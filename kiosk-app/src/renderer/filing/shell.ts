/**
 * The filing machine's ambient behaviour, as shell.ts is the ticket kiosk's:
 * the idle clock, every touch counting as activity, spoken prompts in
 * elderly mode, and the shared screen furniture pointed at the filing visit.
 */
import { computed, provide, reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useActivityClock } from '../activity.ts';
import { VISITOR_SESSION } from '../components/visitor-session.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { speak } from '../voice.ts';
import { useFilingVisitStore } from './stores/visit.ts';

export function useFilingShell(options: { tickMs?: number } = {}) {
  const visit = useFilingVisitStore();
  const settings = useSettingsStore();
  const { t, te } = useI18n();

  provide(
    VISITOR_SESSION,
    reactive({
      // The receipt shows its own countdown to the return.
      idleCountdown: computed(() => (visit.step === 'receipt' ? null : visit.countdown)),
      touch: () => visit.touch(),
      back: () => visit.back(),
      openStaff: () => visit.openStaff(),
      staffSignedIn: () => visit.staffSignedIn(),
    }),
  );

  useActivityClock(visit, options.tickMs);

  watch(
    () => [visit.step, settings.elderly, settings.locale] as const,
    () => {
      const key = `filing.voice.${visit.step}`;
      if (settings.voice && te(key)) speak(t(key), settings.locale);
    },
  );
}
