/**
 * The rules the city view applies to a hall's stored figures: when a hall
 * counts as online, its service level, its good-rating share, its hourly
 * curve. Pure: the time is an argument.
 */
import type { HallOverview, HourlyPoint, SlaState } from '../ports.ts';

export type ViewRules = {
  /** A hall whose last queue-load is older than this is shown offline, whatever its broker presence says (default 120). */
  staleAfterS: number;
  /** Longest current wait at which the hall turns amber (default 15). */
  slaWarnMinutes: number;
  /** …and red (default 30). */
  slaBreachMinutes: number;
};

export const DEFAULT_RULES: ViewRules = { staleAfterS: 120, slaWarnMinutes: 15, slaBreachMinutes: 30 };

export function viewRules(options: Partial<ViewRules>): ViewRules {
  const rules = { ...DEFAULT_RULES, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!(rules.staleAfterS > 0)) throw new TypeError('staleAfterS must be positive');
  if (!(rules.slaWarnMinutes > 0) || !(rules.slaBreachMinutes >= rules.slaWarnMinutes)) {
    throw new TypeError('the SLA needs 0 < slaWarnMinutes <= slaBreachMinutes');
  }
  return rules;
}

export function slaState(longestWaitS: number, rules: ViewRules): SlaState {
  if (longestWaitS >= rules.slaBreachMinutes * 60) return 'breach';
  if (longestWaitS >= rules.slaWarnMinutes * 60) return 'warn';
  return 'ok';
}

/** Connected to the broker, and reporting: a hall whose reporter is stuck is as good as gone for someone choosing where to go. */
export function isOnline(presenceOnline: boolean | null, reportedAt: string | null, now: number, rules: ViewRules): boolean {
  return reportedAt !== null && isOnlineSince(presenceOnline, Date.parse(reportedAt), now, rules);
}

/** `isOnline` with the report time already in milliseconds. */
export function isOnlineSince(presenceOnline: boolean | null, reportedAtMs: number, now: number, rules: ViewRules): boolean {
  return presenceOnline === true && now - reportedAtMs <= rules.staleAfterS * 1000;
}

/** One hall's row as the overview query returns it. */
export type OverviewRow = {
  hall_id: string;
  name: string;
  reported_at: string | null;
  waiting: number | null;
  longest_wait_s: number | null;
  windows_open: number | null;
  issued_today: number | null;
  served_today: number | null;
  online: boolean | null;
  alarm_count: number | null;
  ratings_today: number | null;
  good_today: number | null;
};

export function overview(row: OverviewRow, now: number, rules: ViewRules): HallOverview {
  const longestWaitS = row.longest_wait_s ?? 0;
  return {
    hallId: row.hall_id,
    name: row.name,
    online: isOnline(row.online, row.reported_at, now, rules),
    waiting: row.waiting ?? 0,
    longestWaitS,
    windowsOpen: row.windows_open ?? 0,
    issuedToday: row.issued_today ?? 0,
    servedToday: row.served_today ?? 0,
    goodRatingRate: row.ratings_today ? (row.good_today ?? 0) / row.ratings_today : null,
    reportedAt: row.reported_at,
    slaState: slaState(longestWaitS, rules),
    deviceAlarms: row.alarm_count ?? 0,
  };
}

export type HourRow = { hour: string; issued_total: number; served_total: number; peak_waiting: number };

/**
 * Per-hour figures from the day counters as they stood at the end of each
 * hour, oldest first: an hour's issued is its counter less the previous
 * hour's (the day starts at zero). A hall that started reporting mid-day
 * shows the morning in its first hour.
 */
export function hourlyPoints(rows: readonly HourRow[]): HourlyPoint[] {
  const sorted = [...rows].sort((a, b) => Date.parse(a.hour) - Date.parse(b.hour));
  let issuedBefore = 0;
  let servedBefore = 0;
  return sorted.map((row) => {
    const point = {
      hour: row.hour,
      issued: Math.max(0, row.issued_total - issuedBefore),
      served: Math.max(0, row.served_total - servedBefore),
      peakWaiting: row.peak_waiting,
    };
    issuedBefore = Math.max(issuedBefore, row.issued_total);
    servedBefore = Math.max(servedBefore, row.served_total);
    return point;
  });
}
