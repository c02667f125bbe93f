/**
 * Picks the voice engine for a wall: the recorded pack by default (it works
 * offline and sounds the same on every TV), speech synthesis when asked for
 * or when the pack cannot load.
 */
import type { VoiceEngine } from './engine.ts';
import { loadVoicePack } from './pack-engine.ts';
import { createSpeechEngine } from './speech-engine.ts';

export type VoiceChoice = 'auto' | 'pack' | 'speech' | 'off';

export async function chooseVoiceEngine(choice: VoiceChoice, packUrl: string): Promise<VoiceEngine | undefined> {
  if (choice === 'off') return undefined;
  const speech = () => ('speechSynthesis' in window ? createSpeechEngine(window.speechSynthesis, window.SpeechSynthesisUtterance) : undefined);
  const pack = async () => {
    if (typeof AudioContext === 'undefined') return undefined;
    const context = new AudioContext({ latencyHint: 'playback' });
    try {
      return await loadVoicePack(packUrl, context);
    } catch {
      await context.close().catch(() => undefined);
      return undefined;
    }
  };
  if (choice === 'speech') return speech() ?? (await pack());
  return (await pack()) ?? speech();
}
