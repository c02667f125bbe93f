import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { timeoutsFor } from '../flow.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/index.ts';

/** The visitor's language and elderly mode (适老化): larger type, high contrast, slower timeouts, voice. */
export const useSettingsStore = defineStore('settings', () => {
  const locale = ref<Locale>(DEFAULT_LOCALE);
  const elderly = ref(false);

  const timeouts = computed(() => timeoutsFor(elderly.value));
  /** Elderly mode speaks each screen's prompt. */
  const voice = computed(() => elderly.value);

  function setLocale(next: Locale) {
    if ((LOCALES as readonly string[]).includes(next)) locale.value = next;
  }
  function toggleElderly() {
    elderly.value = !elderly.value;
  }
  /** The next visitor starts in Mandarin with normal type. */
  function reset() {
    locale.value = DEFAULT_LOCALE;
    elderly.value = false;
  }

  return { locale, elderly, timeouts, voice, setLocale, toggleElderly, reset };
});
