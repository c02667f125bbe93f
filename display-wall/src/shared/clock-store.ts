/** The time shown on the wall, in the hall's own zone, ticking once a second. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useClockStore = defineStore('clock', () => {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;

  function start(clock: () => number = Date.now): void {
    stop();
    now.value = clock();
    timer = setInterval(() => (now.value = clock()), 1000);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return { now, start, stop };
});

export function formatClock(ms: number, timeZone: string | undefined, locale: string): { time: string; date: string } {
  const zone = timeZone ?? 'Asia/Shanghai';
  return {
    time: new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms),
    date: new Intl.DateTimeFormat(locale, { timeZone: zone, month: 'long', day: 'numeric', weekday: 'long' }).format(ms),
  };
}
