import { describe, expect, it } from 'vitest';
import { pickVoice, speak, type SynthLike } from './voice.ts';

function synth(langs: string[]) {
  const spoken: unknown[] = [];
  const s: SynthLike = { getVoices: () => langs.map((lang) => ({ lang })), speak: (u) => spoken.push(u), cancel: () => {} };
  return { s, spoken };
}

describe('voice prompts', () => {
  it('use a Mandarin (zh-CN) voice for Simplified Chinese', () => {
    const { s, spoken } = synth(['en-US', 'zh_CN']);
    expect(speak('请刷身份证', 'zh-CN', s, (text, voice) => ({ text, lang: voice.lang }))).toBe(true);
    expect(spoken).toEqual([{ text: '请刷身份证', lang: 'zh_CN' }]);
  });

  it('stay silent when the kiosk has no voice for the language', () => {
    const { s, spoken } = synth(['en-US', 'de-DE']);
    expect(speak('请刷身份证', 'zh-CN', s, () => ({}))).toBe(false);
    expect(spoken).toEqual([]);
  });

  it('stay silent where there is no speech synthesis at all', () => {
    expect(speak('请刷身份证', 'zh-CN', undefined)).toBe(false);
  });

  it('read Traditional Chinese with a Taiwan or Hong Kong voice before a mainland one', () => {
    expect(pickVoice([{ lang: 'zh-CN' }, { lang: 'zh-HK' }], 'zh-TW')).toEqual({ lang: 'zh-HK' });
    expect(pickVoice([{ lang: 'en-GB' }], 'en')).toEqual({ lang: 'en-GB' });
  });
});
