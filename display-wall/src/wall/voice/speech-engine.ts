/**
 * Speaks announcements with the browser's speech synthesis, where it has a
 * Mandarin voice (Windows, Android TV, most Chromium builds with an online
 * voice). Each line is queued as its own utterance; the announcement ends
 * when the last one does.
 */
import type { Announcement, SpeakResult, VoiceEngine } from './engine.ts';

type Synth = Pick<SpeechSynthesis, 'speak' | 'getVoices' | 'cancel'>;

export function mandarinVoice(synth: Synth): SpeechSynthesisVoice | undefined {
  const voices = synth.getVoices();
  return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => /^zh[-_](CN|Hans)/i.test(v.lang)) ?? voices.find((v) => v.lang.startsWith('zh'));
}

export function createSpeechEngine(synth: Synth, Utterance: typeof SpeechSynthesisUtterance): VoiceEngine | undefined {
  const zh = mandarinVoice(synth);
  if (!zh) return undefined;
  const en = synth.getVoices().find((v) => v.lang.startsWith('en'));
  let blocked = false;
  const listeners: ((audible: boolean) => void)[] = [];
  const setBlocked = (b: boolean) => {
    if (b !== blocked) listeners.forEach((l) => l(!b));
    blocked = b;
  };
  const say = (text: string, lang: 'zh-CN' | 'en') =>
    new Promise<SpeakResult>((resolve) => {
      const u = new Utterance(text);
      u.lang = lang;
      u.voice = lang === 'en' ? (en ?? null) : zh;
      u.rate = 0.9;
      u.onend = () => resolve('spoken');
      u.onerror = (e) => {
        if (e.error === 'not-allowed') setBlocked(true);
        resolve('muted');
      };
      synth.speak(u);
    });
  return {
    name: 'speech',
    audible: () => !blocked,
    onAudibleChange: (l) => void listeners.push(l),
    async unlock() {
      // Inside a user gesture an empty utterance is allowed and lifts the block.
      await Promise.race([say(' ', 'zh-CN'), new Promise((r) => setTimeout(r, 500))]);
      setBlocked(false);
      return true;
    },
    async speak(announcement: Announcement) {
      let result: SpeakResult = 'spoken';
      for (const line of announcement.lines) if ((await say(line.text, line.lang)) === 'muted') result = 'muted';
      return result;
    },
  };
}
