/**
 * Retention, run at start and then daily: personal fields of tickets and
 * appointments after the hall's `retentionDays`, and whole filings (with
 * their pages) after `filingRetentionDays`. Every purge that deletes
 * something is written to the audit log, with counts only.
 *
 * Two guards keep a wrong clock from deleting what it should not:
 * - no purge while the clock guard holds a jump of the wall clock;
 * - a cut-off never reaches past the retention window measured back from
 *   the newest record the hall holds, so a clock years ahead at start
 *   deletes no more than a clock that is right.
 */
import type { Logger } from 'pino';
import type { ClockGuard } from './clock-guard.ts';
import type { Filings } from './filings.ts';
import type { Hall } from './hall.ts';
import type { AuditLog } from './store/audit.ts';
import type { HallStore } from './store/hall-store.ts';

const DAY_MS = 86_400_000;

/** Three years: filings are records of the hall's work, kept far longer than queue data. */
export const DEFAULT_FILING_RETENTION_DAYS = 1095;

export type RetentionDeps = {
  hall: Hall;
  store: HallStore;
  filings: Filings;
  audit: AuditLog;
  logger: Logger;
  filingRetentionDays: number;
  guard?: ClockGuard;
};

export type RetentionOutcome =
  | { ran: false; reason: 'clock-held' }
  | { ran: true; personal: ReturnType<HallStore['purgePersonalData']>; filings: { filings: number; myMaterials: number; pages: number } };

/** The cut-off for records older than `days`, measured from the earlier of now and the newest record. */
export function retentionCutoff(now: number, newestRecordAt: number | undefined, days: number): number {
  const reference = newestRecordAt === undefined ? now : Math.min(now, newestRecordAt);
  return reference - days * DAY_MS;
}

export class Retention {
  readonly #d: RetentionDeps;

  constructor(deps: RetentionDeps) {
    if (!Number.isInteger(deps.filingRetentionDays) || deps.filingRetentionDays < 1)
      throw new TypeError('filingRetentionDays must be a whole number of days, at least 1');
    this.#d = deps;
  }

  async run(): Promise<RetentionOutcome> {
    const { hall, store, filings, logger } = this.#d;
    if (this.#d.guard?.holding) {
      logger.warn('the wall clock disagrees with the elapsed time; retention purges wait until it is settled or confirmed');
      return { ran: false, reason: 'clock-held' };
    }
    const now = hall.clock();
    // A day start is written at whatever the clock said when the hall opened: it is no witness of the time.
    const newestEvent = store.db.prepare("SELECT at FROM events WHERE command <> 'startDay' ORDER BY seq DESC LIMIT 1").pluck().get() as number | undefined;
    const personal = store.purgePersonalData(retentionCutoff(now, newestEvent, hall.config.rules.retentionDays));
    const newestFiling = filings.store.newestChangeAt();
    const filingCutoff = retentionCutoff(now, newestFiling, this.#d.filingRetentionDays);
    const purgedFilings = await filings.purgeFilingsBefore(filingCutoff);
    if (personal.identities || personal.tickets || personal.appointments) {
      logger.info(personal, 'purged personal data past retention');
      this.#record('purgePersonalData', 'tickets and appointments', { ...personal, retentionDays: hall.config.rules.retentionDays }, now);
    }
    if (purgedFilings.filings) {
      logger.info(purgedFilings, 'purged filings past retention');
      this.#record('purgeFilings', 'filings', { ...purgedFilings, retentionDays: this.#d.filingRetentionDays }, now);
    }
    return { ran: true, personal, filings: purgedFilings };
  }

  #record(operation: string, target: string, after: Record<string, unknown>, at: number): void {
    this.#d.audit.record({ day: this.#d.hall.state.counters.day, at, actor: { role: 'system', name: 'retention' }, operation, target, after });
  }
}
