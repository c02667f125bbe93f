import { computed, ref } from 'vue';

export type IdleClockOptions = {
  /** Milliseconds left before the screen gives up, or null while nothing counts down (from the flow's own rule). */
  remainingMs(lastActivityAt: number, now: number): number | null;
  /** How long before the end the overlay starts counting. */
  countdownMs(): number;
  /** The screen counting down to its own return (the ticket, the receipt) shows the seconds all along. */
  alwaysCounting(): boolean;
  /** The time is up: the visitor is gone. */
  expired(): void;
};

/**
 * The idle clock a visitor's screen keeps, for the ticket kiosk's session
 * and the filing machine's visit alike. `now` moves only when ticked (the
 * shell ticks it each second; tests tick it by hand), and every new step
 * starts the idle time over, as a touch does.
 */
export function useIdleClock(options: IdleClockOptions) {
  const lastActivityAt = ref(0);
  const now = ref(0);
  const remaining = computed(() => options.remainingMs(lastActivityAt.value, now.value));
  /** Whole seconds left, while the screen should say so. */
  const countdown = computed(() => {
    const ms = remaining.value;
    if (ms === null) return null;
    if (!options.alwaysCounting() && ms > options.countdownMs()) return null;
    return Math.ceil(ms / 1000);
  });

  function touch(at: number = Date.now()) {
    now.value = at;
    lastActivityAt.value = at;
  }
  function tick(at: number = Date.now()) {
    now.value = at;
    if (remaining.value === 0) options.expired();
  }
  function stepped() {
    lastActivityAt.value = now.value;
  }

  return { lastActivityAt, now, remaining, countdown, touch, tick, stepped };
}
