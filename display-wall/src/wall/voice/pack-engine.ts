/**
 * Speaks announcements from a voice pack of recorded segments, scheduled
 * back to back on one Web Audio clock, so there are no gaps between words
 * beyond the ones the manifest asks for.
 */
import type { Announcement, SpeakResult, VoiceEngine } from './engine.ts';
import { PAUSE, type VoiceManifest } from './segments.ts';

export type PackEngine = VoiceEngine & { readonly manifest: VoiceManifest; missing(segments: string[]): string[] };

const UNLOCK_WAIT_MS = 300;

export async function loadVoicePack(baseUrl: string, context: AudioContext, fetcher: typeof fetch = (...a) => fetch(...a)): Promise<PackEngine> {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const res = await fetcher(base + 'manifest.json');
  if (!res.ok) throw new Error(`voice pack manifest: HTTP ${res.status}`);
  const manifest = (await res.json()) as VoiceManifest;
  const buffers = new Map<string, AudioBuffer>();
  await Promise.all(
    Object.entries(manifest.segments).map(async ([id, file]) => {
      try {
        const r = await fetcher(base + file);
        if (r.ok) buffers.set(id, await context.decodeAudioData(await r.arrayBuffer()));
      } catch {
        // A missing or damaged file leaves that one segment silent, not the whole pack.
      }
    }),
  );
  const listeners: ((audible: boolean) => void)[] = [];
  context.addEventListener('statechange', () => listeners.forEach((l) => l(context.state === 'running')));

  return {
    name: 'pack',
    manifest,
    missing: (segments) => segments.filter((s) => s !== PAUSE && !buffers.has(s)),
    audible: () => context.state === 'running',
    onAudibleChange: (l) => void listeners.push(l),
    async unlock() {
      if (context.state === 'running') return true;
      // resume() stays pending, not rejected, while autoplay is blocked.
      await Promise.race([context.resume().catch(() => undefined), new Promise((r) => setTimeout(r, UNLOCK_WAIT_MS))]);
      return (context.state as AudioContextState) === 'running';
    },
    speak(announcement: Announcement): Promise<SpeakResult> {
      if (context.state !== 'running') return Promise.resolve('muted');
      let at = context.currentTime + 0.05;
      const start = at;
      for (const id of announcement.segments) {
        if (id === PAUSE) {
          at += manifest.repeatGapMs / 1000;
          continue;
        }
        const buffer = buffers.get(id);
        if (!buffer) continue;
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(context.destination);
        source.start(at);
        at += buffer.duration + manifest.gapMs / 1000;
      }
      const ms = (at - start) * 1000 + 50;
      return new Promise((resolve) => setTimeout(() => resolve('spoken'), ms));
    },
  };
}
