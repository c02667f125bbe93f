/**
 * Voice prompts for elderly mode through the platform's speech synthesis.
 * Only a voice of the visitor's language is used; a kiosk without one stays
 * silent rather than reading Chinese with an English voice.
 */
import type { Locale } from './i18n/index.ts';

type VoiceLike = { lang: string };
export type SynthLike = {
  getVoices(): VoiceLike[];
  speak(utterance: unknown): void;
  cancel(): void;
};
export type UtteranceFactory = (text: string, voice: VoiceLike, rate: number) => unknown;

const ACCEPTED: Record<Locale, string[]> = {
  'zh-CN': ['zh-cn', 'cmn-hans-cn', 'zh-hans-cn'],
  'zh-TW': ['zh-tw', 'zh-hk', 'cmn-hant-tw', 'zh-cn'],
  en: ['en-'],
};

export function pickVoice<V extends VoiceLike>(voices: V[], locale: Locale): V | null {
  const norm = (lang: string) => lang.replace('_', '-').toLowerCase();
  for (const want of ACCEPTED[locale]) {
    const found = voices.find((v) => (want.endsWith('-') ? norm(v.lang).startsWith(want) : norm(v.lang) === want));
    if (found) return found;
  }
  return null;
}

const browserUtterance: UtteranceFactory = (text, voice, rate) => {
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice as SpeechSynthesisVoice;
  u.lang = voice.lang;
  u.rate = rate;
  return u;
};

/** Says `text`, cutting off whatever was being said; returns whether anything was spoken. */
export function speak(
  text: string,
  locale: Locale,
  synth: SynthLike | undefined = (globalThis as { speechSynthesis?: SynthLike }).speechSynthesis,
  makeUtterance: UtteranceFactory = browserUtterance,
): boolean {
  if (!synth || !text) return false;
  try {
    const voice = pickVoice(synth.getVoices(), locale);
    if (!voice) return false;
    synth.cancel();
    synth.speak(makeUtterance(text, voice, 0.9));
    return true;
  } catch {
    return false;
  }
}
