/** Small formatting helpers shared by the manager wall's components. */
export const minutesOf = (s: number | undefined) => (s === undefined ? undefined : Math.floor(s / 60));

/** 125 → "2:05", 3725 → "1:02:05". */
export function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—';
  const total = Math.max(0, Math.round(s));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function timeOf(iso: string | undefined, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
}

/** The hall day of an instant in the hall's zone, YYYY-MM-DD. */
export function dayOf(ms: number, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
