/**
 * What a batch of newly stored reports changes in the tables the city view
 * reads, worked out without I/O: the database applies the rows this returns
 * with one multi-row statement per table. Late and out-of-order reports are
 * normal after an outage (a hall drains its outbox oldest first, possibly
 * through several consumers), so every row here is safe to apply in any
 * order: "latest" rows carry their `at` and only replace an older one,
 * hourly rows keep maxima, ratings are keyed by ticket.
 */
import type { DeviceHealthReport, QueueLoadReport, RatingReport } from '@hall/server/upstream-format';
import type { DeviceAlarm, HallServiceLoad, VerifiedReport } from '../ports.ts';

/**
 * A service's figures in a hall's newest queue-load, positional: every report
 * rewrites every hall's row, and named fields would double the bytes written.
 * The first three are what "shortest queue" reads.
 */
export type ServiceFigures = [
  waiting: number,
  estimatedWaitMinutes: number,
  windowsOpen: number,
  longestWaitS: number,
  issued: number,
  served: number,
  name: string | null,
];

/** A hall's services in its newest queue-load, by service code. */
export type ServicesByCode = Record<string, ServiceFigures>;

export function serviceLoad(code: string, figures: ServiceFigures): HallServiceLoad {
  const [waiting, estimatedWaitMinutes, windowsOpen, longestWaitS, issued, served, name] = figures;
  return { code, name: name ?? code, waiting, longestWaitS, estimatedWaitMinutes, issued, served, windowsOpen };
}

export type LoadRow = {
  hall_id: string;
  at: string;
  day: string;
  waiting: number;
  longest_wait_s: number;
  windows_open: number;
  issued_today: number;
  served_today: number;
  services: ServicesByCode;
};

/** The day counters as they stood at the last report within an hour, and the most people waiting in it. */
export type HourRow = { hall_id: string; day: string; hour: string; issued_total: number; served_total: number; peak_waiting: number };

export type RatingInsert = {
  hall_id: string;
  ticket_id: string;
  idempotency_key: string;
  at: string;
  day: string;
  service_code: string;
  window_no: number | null;
  staff_no: string | null;
  level: number;
  reason: string | null;
};

export type HealthRow = { hall_id: string; at: string; alarms: DeviceAlarm[]; alarm_count: number };

export type Projection = {
  /** Each hall's newest queue-load in the batch, its services with it. */
  loads: LoadRow[];
  hours: HourRow[];
  ratings: RatingInsert[];
  /** Each hall's newest device-health report in the batch. */
  health: HealthRow[];
};

const HOUR_MS = 3_600_000;

/** The calendar day of an instant in a time zone, `YYYY-MM-DD`. */
export function dayIn(timeZone: string): (at: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => format.format(new Date(at));
}

export function project(reports: readonly VerifiedReport[], dayOf: (at: string) => string): Projection {
  const newestLoad = new Map<string, { ms: number; report: QueueLoadReport }>();
  const newestHealth = new Map<string, { ms: number; report: DeviceHealthReport }>();
  const hours = new Map<string, HourRow>();
  const ratings: RatingInsert[] = [];
  for (const report of reports) {
    const ms = Date.parse(report.at);
    if (report.type === 'queue-load') {
      const body = report.body as unknown as QueueLoadReport;
      const seen = newestLoad.get(report.hallId);
      if (!seen || ms >= seen.ms) newestLoad.set(report.hallId, { ms, report: body });
      addHour(hours, report.hallId, ms, body);
    } else if (report.type === 'device-health') {
      const seen = newestHealth.get(report.hallId);
      if (!seen || ms >= seen.ms) newestHealth.set(report.hallId, { ms, report: report.body as unknown as DeviceHealthReport });
    } else {
      const body = report.body as unknown as RatingReport;
      ratings.push({
        hall_id: report.hallId,
        ticket_id: body.ticketId,
        idempotency_key: report.idempotencyKey,
        at: new Date(ms).toISOString(),
        day: dayOf(report.at),
        service_code: body.serviceCode,
        window_no: body.windowNo ?? null,
        staff_no: body.staffNo ?? null,
        level: body.level,
        reason: body.reason ?? null,
      });
    }
  }
  // Each table's rows in one order (by their key), so two batches written at once lock shared rows in the same
  // order and wait for each other rather than deadlock.
  return {
    loads: [...newestLoad].sort(byFirst).map(([hallId, { ms, report }]) => loadRow(hallId, ms, report)),
    hours: [...hours].sort(byFirst).map(([, row]) => row),
    ratings: ratings.sort((a, b) => compare(a.hall_id, b.hall_id) || compare(a.ticket_id, b.ticket_id)),
    health: [...newestHealth].sort(byFirst).map(([hallId, { ms, report }]) => healthRow(hallId, ms, report)),
  };
}

/** Code-unit order: the same on every machine, whatever its locale. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byFirst = (a: [string, unknown], b: [string, unknown]): number => compare(a[0], b[0]);

function loadRow(hallId: string, ms: number, report: QueueLoadReport): LoadRow {
  return {
    hall_id: hallId,
    at: new Date(ms).toISOString(),
    day: report.day,
    waiting: report.services.reduce((sum, s) => sum + s.waiting, 0),
    longest_wait_s: report.services.reduce((longest, s) => Math.max(longest, s.longestWaitS), 0),
    windows_open: report.windows.filter((w) => w.state === 'open').length,
    issued_today: report.issuedToday,
    served_today: report.servedToday,
    services: servicesByCode(report),
  };
}

// A catalogue listing a code twice keeps its last entry.
function servicesByCode(report: QueueLoadReport): ServicesByCode {
  const byCode: ServicesByCode = {};
  for (const s of report.services) {
    byCode[s.code] = [s.waiting, s.estimatedWaitMinutes, s.windowsOpen, s.longestWaitS, s.issued, s.served, s.name ?? null];
  }
  return byCode;
}

function addHour(hours: Map<string, HourRow>, hallId: string, ms: number, report: QueueLoadReport): void {
  const hour = new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
  const waiting = report.services.reduce((sum, s) => sum + s.waiting, 0);
  const key = `${hallId}\n${report.day}\n${hour}`;
  const row = hours.get(key);
  if (!row) {
    hours.set(key, { hall_id: hallId, day: report.day, hour, issued_total: report.issuedToday, served_total: report.servedToday, peak_waiting: waiting });
    return;
  }
  // Day counters only grow, so the largest seen in the hour is the one taken last, whatever order the reports came in.
  row.issued_total = Math.max(row.issued_total, report.issuedToday);
  row.served_total = Math.max(row.served_total, report.servedToday);
  row.peak_waiting = Math.max(row.peak_waiting, waiting);
}

function healthRow(hallId: string, ms: number, report: DeviceHealthReport): HealthRow {
  const alarms: DeviceAlarm[] = [];
  for (const terminal of report.terminals) {
    for (const d of terminal.devices) {
      if (d.state === 'ok') continue;
      alarms.push({ terminal: terminal.name, device: d.device, state: d.state, ...(d.code ? { code: d.code } : {}), since: d.since });
    }
  }
  return { hall_id: hallId, at: new Date(ms).toISOString(), alarms, alarm_count: alarms.length };
}
