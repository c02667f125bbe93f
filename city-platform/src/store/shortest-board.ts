/**
 * "Which hall is shortest for this service now", kept in memory and answered
 * without a query: the public question every phone asks, over and over,
 * while the database is busy taking in thousands of reports a second.
 *
 * The board holds each reporting hall's newest service figures, its name and
 * its presence. It loads them once, then follows the store's change feed:
 * every committed batch names the halls it changed, and the board reads
 * those halls' rows again (one query per batch of changes, one at a time, so
 * an older read never lands after a newer one). A change feed can miss a
 * notification (its connection dropped and came back), so the board also
 * reads everything again every `resyncMs`. An answer is therefore as fresh
 * as the last committed batch plus one read, and never staler than
 * `resyncMs` — and the same rules as the SQL read model apply to it (online,
 * reported within `staleAfterS`, by estimated wait, then waiting, then hall id).
 */
import type { Logger } from '@hall/common/log';
import { silentLogger } from '@hall/common/log';
import type { Sql } from '../db/sql.ts';
import type { CityChanges, CityReadModel, ShortestRow } from '../ports.ts';
import { isOnlineSince, type ViewRules, viewRules } from './overview.ts';
import { compare, type ServicesByCode } from './projections.ts';

export type ShortestBoardOptions = Partial<Pick<ViewRules, 'staleAfterS'>> & {
  now: () => number;
  /** How many halls an answer holds (default 100), as the read model's `shortestLimit`. */
  limit?: number;
  /** Everything is read again this often, whatever the change feed said (default 30 s). */
  resyncMs?: number;
  /** Wait before reading again after a failed read (default 1 s). */
  retryMs?: number;
  log?: Logger;
};

type HallEntry = { hallId: string; name: string; atMs: number; online: boolean; services: ServicesByCode };

const ENTRIES = `
  SELECT l.hall_id, h.name, l.at, l.services, coalesce(p.online, false) AS online
  FROM hall_load l
  JOIN halls h ON h.hall_id = l.hall_id
  LEFT JOIN presence p ON p.hall_id = l.hall_id`;

type EntryRow = { hall_id: string; name: string; at: string; services: ServicesByCode; online: boolean };

export class ShortestBoard {
  readonly #sql: Sql;
  readonly #rules: ViewRules;
  readonly #now: () => number;
  readonly #limit: number;
  readonly #retryMs: number;
  readonly #log: Logger;
  readonly #halls = new Map<string, HallEntry>();
  /** Halls named by the change feed and not read since; `all` when everything is to be read. */
  #dirty = new Set<string>();
  #all = false;
  #reading: Promise<void> | undefined;
  /** After a failed read, until the retry: changes only gather meanwhile. */
  #paused = false;
  #closed = false;
  #unsubscribe: () => void = () => {};
  #resync: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;

  /** Subscribes first, then loads: a change committed during the load is read again after it. Rejects if the load fails. */
  static async open(sql: Sql, changes: CityChanges, options: ShortestBoardOptions): Promise<ShortestBoard> {
    const board = new ShortestBoard(sql, options);
    board.#unsubscribe = changes.subscribe((hallIds) => board.#changed(hallIds));
    const load = board.#read(true, []);
    board.#reading = load.then(
      () => board.#afterRead(),
      () => board.#afterRead(),
    );
    try {
      await load;
    } catch (error) {
      board.close();
      throw error;
    }
    board.#resync = setInterval(() => {
      board.#all = true;
      board.#kick();
    }, options.resyncMs ?? 30_000);
    board.#resync.unref();
    return board;
  }

  private constructor(sql: Sql, options: ShortestBoardOptions) {
    this.#sql = sql;
    this.#now = options.now;
    this.#rules = viewRules({ staleAfterS: options.staleAfterS });
    this.#limit = options.limit ?? 100;
    if (!Number.isInteger(this.#limit) || this.#limit < 1) throw new TypeError('limit must be a positive integer');
    this.#retryMs = options.retryMs ?? 1_000;
    this.#log = options.log ?? silentLogger;
  }

  /** The halls offering `serviceCode`, online and reporting, shortest estimated wait first. */
  shortest(serviceCode: string): ShortestRow[] {
    const now = this.#now();
    const rows: ShortestRow[] = [];
    for (const hall of this.#halls.values()) {
      const figures = hall.services[serviceCode];
      if (!figures || !isOnlineSince(hall.online, hall.atMs, now, this.#rules)) continue;
      const [waiting, estimatedWaitMinutes, windowsOpen] = figures;
      rows.push({ hallId: hall.hallId, name: hall.name, waiting, estimatedWaitMinutes, windowsOpen });
    }
    rows.sort((a, b) => a.estimatedWaitMinutes - b.estimatedWaitMinutes || a.waiting - b.waiting || compare(a.hallId, b.hallId));
    return rows.length > this.#limit ? rows.slice(0, this.#limit) : rows;
  }

  /** The newest report time among the halls held (ms since the epoch): how far behind the reports the board is. */
  asOf(): number | undefined {
    let newest: number | undefined;
    for (const hall of this.#halls.values()) {
      if (newest === undefined || hall.atMs > newest) newest = hall.atMs;
    }
    return newest;
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    clearInterval(this.#resync);
    clearTimeout(this.#retry);
  }

  #changed(hallIds: string[]): void {
    for (const id of hallIds) this.#dirty.add(id);
    this.#kick();
  }

  #kick(): void {
    if (this.#reading || this.#closed || this.#paused || (!this.#all && this.#dirty.size === 0)) return;
    const all = this.#all;
    const ids = [...this.#dirty];
    this.#all = false;
    this.#dirty = new Set();
    this.#reading = this.#read(all, ids).then(
      () => this.#afterRead(),
      (error: unknown) => {
        // Asked again after a pause; until then the board answers from what it has.
        this.#log.warn('the shortest-queue board could not read the halls; it tries again', { error });
        if (all) this.#all = true;
        for (const id of ids) this.#dirty.add(id);
        this.#paused = true;
        this.#retry = setTimeout(() => {
          this.#paused = false;
          this.#kick();
        }, this.#retryMs);
        this.#retry.unref();
        this.#afterRead();
      },
    );
  }

  #afterRead(): void {
    this.#reading = undefined;
    this.#kick();
  }

  async #read(all: boolean, ids: string[]): Promise<void> {
    const rows = all ? await this.#sql.query<EntryRow>(ENTRIES) : await this.#sql.query<EntryRow>(`${ENTRIES} WHERE l.hall_id = ANY($1::text[])`, [ids]);
    if (all) this.#halls.clear();
    // A hall asked for and not found has no load row any more: it leaves the board.
    else for (const id of ids) this.#halls.delete(id);
    for (const row of rows)
      this.#halls.set(row.hall_id, { hallId: row.hall_id, name: row.name, atMs: Date.parse(row.at), online: row.online, services: row.services });
  }
}

/** The read model with its `shortest` answered by the board. */
export function withShortestBoard(read: CityReadModel, board: ShortestBoard): CityReadModel {
  return {
    halls: () => read.halls(),
    hall: (hallId) => read.hall(hallId),
    badRatings: (options) => read.badRatings(options),
    services: () => read.services(),
    shortest: async (serviceCode) => board.shortest(serviceCode),
  };
}
