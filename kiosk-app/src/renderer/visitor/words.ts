/**
 * The words of the visitor screens. What both apps say alike is said once,
 * at the top of the kiosk's messages (`refused.title`, `idle.countdown` …);
 * what an app says its own way is under its own prefix
 * (`filing.attract.title`) and is found there first. The ticket kiosk's own
 * words are the top-level ones, so its prefix is empty. Refusals are worded
 * alike in every app, by refusal.ts.
 */
import { inject } from 'vue';
import { useI18n } from 'vue-i18n';
import { VISITOR_APP } from './app.ts';

/** The app's words where it has its own, else the shared ones; `prefix` defaults to the running app's. */
export function useWords(prefix: string = inject(VISITOR_APP, null)?.words ?? '') {
  const { t, te } = useI18n();
  const keyOf = (key: string) => (prefix && te(prefix + key) ? prefix + key : key);
  return {
    word: (key: string, params: Record<string, unknown> = {}) => t(keyOf(key), params),
    has: (key: string) => te(keyOf(key)),
  };
}
