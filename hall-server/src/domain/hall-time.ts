/**
 * Local time in the hall's zone. Every day boundary (sequence reset, quotas,
 * statistics) goes through here so that none of them follows the machine's
 * zone or UTC.
 */

export type LocalParts = { date: string; minutes: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const lastMinute = new Map<string, { minute: number; parts: LocalParts }>();

/**
 * The local calendar date, minutes since local midnight and ISO weekday of an
 * instant. Zone offsets are whole minutes, so one answer holds for a whole
 * UTC minute: the last one is remembered per zone (Intl is slow).
 */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  const minute = Math.floor(epochMs / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached?.minute === minute) return cached.parts;
  const parts = computeLocalParts(epochMs, timeZone);
  lastMinute.set(timeZone, { minute, parts });
  return parts;
}

function computeLocalParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday!]!,
  };
}

/** "08:30" → 510. "24:00" → 1440. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * The hall day an instant belongs to. With a reset at 04:00, 02:00 on the
 * 23rd still belongs to the 22nd: late counters finish yesterday's numbers.
 */
export function hallDay(epochMs: number, timeZone: string, resetAt: string): string {
  const local = localParts(epochMs, timeZone);
  return local.minutes < clockMinutes(resetAt) ? previousDate(local.date) : local.date;
}
