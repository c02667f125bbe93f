import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Announcement, SpeakResult, VoiceEngine } from '../voice/engine.ts';
import { useAnnouncerStore } from './announcer.ts';

/** A player that records what it was asked to say and finishes only when told to. */
function fakePlayer(audible = true) {
  const started: string[][] = [];
  const finishers: ((r: SpeakResult) => void)[] = [];
  let sound = audible;
  const engine: VoiceEngine = {
    name: 'fake',
    audible: () => sound,
    unlock: async () => (sound = true),
    speak: (a: Announcement) =>
      new Promise<SpeakResult>((resolve) => {
        started.push(a.segments);
        finishers.push(resolve);
      }),
  };
  return {
    engine,
    started,
    finishOne: async () => {
      finishers.shift()?.('spoken');
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const call = (number: string, windowNo: number, recall = false) => ({ number, windowNo, recall });

describe('voice calling', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('a call to window 3 for A012 is spoken as chime 请 A 零 一 二 号 到 三 号 窗口, twice by default', () => {
    const announcer = useAnnouncerStore();
    const player = fakePlayer();
    announcer.useEngine(player.engine);
    announcer.announce(call('A012', 3));
    const line = ['请', 'A', '零', '一', '二', '号', '到', '三', '号', '窗口'];
    expect(player.started).toEqual([['chime', ...line, 'pause', ...line]]);
  });

  it('repeats as many times as configured', () => {
    const announcer = useAnnouncerStore();
    announcer.configure({ repeat: 3 });
    const player = fakePlayer();
    announcer.useEngine(player.engine);
    announcer.announce(call('B007', 12));
    expect(player.started[0]!.filter((s) => s === '请')).toHaveLength(3);
    expect(announcer.log[0]!.lines).toHaveLength(3);
  });

  it('a second call waits for the first to finish instead of cutting it off', async () => {
    const announcer = useAnnouncerStore();
    const player = fakePlayer();
    announcer.useEngine(player.engine);
    announcer.announce(call('A012', 3));
    announcer.announce(call('B001', 5));
    announcer.announce(call('A012', 3, true));
    expect(player.started).toHaveLength(1);
    expect(announcer.pending.map((a) => a.number)).toEqual(['B001', 'A012']);
    await player.finishOne();
    expect(player.started).toHaveLength(2);
    expect(player.started[1]).toContain('五');
    await player.finishOne();
    await player.finishOne();
    expect(announcer.log.map((a) => [a.number, a.recall, a.state])).toEqual([
      ['A012', false, 'spoken'],
      ['B001', false, 'spoken'],
      ['A012', true, 'spoken'],
    ]);
    expect(announcer.speaking).toBe(false);
  });

  it('calls made before the voice is ready are spoken once it is', () => {
    const announcer = useAnnouncerStore();
    announcer.announce(call('A012', 3));
    const player = fakePlayer();
    announcer.useEngine(player.engine);
    expect(player.started).toHaveLength(1);
  });

  it('shows that sound is blocked and clears it once unlocked', async () => {
    const announcer = useAnnouncerStore();
    const player = fakePlayer(false);
    announcer.useEngine(player.engine);
    expect(announcer.blocked).toBe(true);
    expect(await announcer.unlock()).toBe(true);
    expect(announcer.blocked).toBe(false);
  });

  it('a failing engine does not stop the queue', async () => {
    const announcer = useAnnouncerStore();
    let n = 0;
    announcer.useEngine({
      name: 'flaky',
      audible: () => true,
      unlock: async () => true,
      speak: async () => {
        if (n++ === 0) throw new Error('decode');
        return 'spoken';
      },
    });
    announcer.announce(call('A001', 1));
    announcer.announce(call('A002', 2));
    await new Promise((r) => setTimeout(r, 0));
    expect(announcer.log.map((a) => a.state)).toEqual(['failed', 'spoken']);
  });
});
