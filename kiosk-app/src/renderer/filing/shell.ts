/**
 * The filing machine's ambient behaviour, as shell.ts is the ticket kiosk's:
 * the idle clock, every touch counting as activity, spoken prompts in
 * elderly mode, and the shared screen furniture pointed at the filing visit.
 */
import { computed, onBeforeUnmount, onMounted, provide, reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { VISITOR_SESSION } from '../components/visitor-session.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { speak } from '../voice.ts';
import { useFilingVisitStore } from './stores/visit.ts';

export function useFilingShell(options: { tickMs?: number } = {}) {
  const visit = useFilingVisitStore();
  const settings = useSettingsStore();
  const { t, te } = useI18n();
  let timer: ReturnType<typeof setInterval> | null = null;
  const onActivity = () => visit.touch();

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

  onMounted(() => {
    visit.touch();
    timer = setInterval(() => visit.tick(), options.tickMs ?? 250);
    window.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    window.addEventListener('keydown', onActivity, { capture: true, passive: true });
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    window.removeEventListener('pointerdown', onActivity, { capture: true });
    window.removeEventListener('keydown', onActivity, { capture: true });
  });

  watch(
    () => [visit.step, settings.elderly, settings.locale] as const,
    () => {
      const key = `filing.voice.${visit.step}`;
      if (settings.voice && te(key)) speak(t(key), settings.locale);
    },
  );
}
