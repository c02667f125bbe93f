/**
 * The alarm tone: two short beeps from WebAudio, no sound file. Browsers
 * refuse sound before someone touches the page; then `beep()` answers
 * `blocked`, the page says so, and the first tap unlocks it.
 */
export type Beeper = {
  beep(): Promise<'played' | 'blocked'>;
  /** Call from a user gesture. */
  unlock(): Promise<boolean>;
};

type AudioCtor = new () => AudioContext;

export function createBeeper(scope: { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor } = globalThis as never): Beeper {
  let ctx: AudioContext | undefined;
  const context = (): AudioContext | undefined => {
    const Ctor = scope.AudioContext ?? scope.webkitAudioContext;
    if (!ctx && Ctor) ctx = new Ctor();
    return ctx;
  };
  const running = async (c: AudioContext): Promise<boolean> => {
    if (c.state === 'running') return true;
    // resume() never settles in some browsers while autoplay is refused: give it a moment.
    await Promise.race([c.resume().catch(() => undefined), new Promise((r) => setTimeout(r, 300))]);
    return (c.state as string) === 'running';
  };
  return {
    async beep() {
      const c = context();
      if (!c || !(await running(c))) return 'blocked';
      const t0 = c.currentTime;
      for (const start of [0, 0.3]) {
        const osc = c.createOscillator();
        const gain = c.createGain();
        osc.type = 'square';
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, t0 + start);
        gain.gain.exponentialRampToValueAtTime(0.2, t0 + start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + 0.2);
        osc.connect(gain).connect(c.destination);
        osc.start(t0 + start);
        osc.stop(t0 + start + 0.22);
      }
      return 'played';
    },
    async unlock() {
      const c = context();
      return c ? running(c) : false;
    },
  };
}
