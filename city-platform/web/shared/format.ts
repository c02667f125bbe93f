/** Figures as the pages show them: times in the city's zone (China Standard Time), shares as percentages, waits in minutes. */

export const CITY_TIME_ZONE = 'Asia/Shanghai';

/** `14:05`, in the city's zone. */
export function clockTime(iso: string | number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: CITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** `14:05` today, `3月11日 14:05` on another day (the day is the city's). */
export function whenTime(iso: string, nowMs: number, locale: string): string {
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE }).format(ms);
  const at = Date.parse(iso);
  if (day(at) === day(nowMs)) return clockTime(at, locale);
  const date = new Intl.DateTimeFormat(locale, { timeZone: CITY_TIME_ZONE, month: 'short', day: 'numeric' }).format(at);
  return `${date} ${clockTime(at, locale)}`;
}

/** 0.936 → `94%`; null (no rating today) → `—`. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Seconds → whole minutes, rounded up: a wait of 10 s is shown as 1 minute, not 0. */
export function minutesOf(seconds: number): number {
  return Math.ceil(seconds / 60);
}
