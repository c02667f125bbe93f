/**
 * The store, assembled on one database: what `serve` wires to the transport
 * (sink, directory) and to the HTTP side (read model, changes, operators).
 */
import { SqlHallDirectory } from '../accounts/hall-directory.ts';
import { SqlOperatorTokens } from '../accounts/operator-tokens.ts';
import type { Sql } from '../db/sql.ts';
import type { ViewRules } from './overview.ts';
import { SqlCityReadModel } from './read-model.ts';
import { SqlReportSink } from './report-sink.ts';

export type StoreOptions = Partial<ViewRules> & {
  now: () => number;
  /** How many halls `shortest` answers with (default 100). */
  shortestLimit?: number;
  /** The halls' time zone, for the day a rating counts in (default Asia/Shanghai). */
  timeZone?: string;
};

export type Store = {
  sql: Sql;
  sink: SqlReportSink;
  readModel: SqlCityReadModel;
  directory: SqlHallDirectory;
  operators: SqlOperatorTokens;
};

export function createStore(sql: Sql, options: StoreOptions): Store {
  const { now, timeZone, shortestLimit, ...rules } = options;
  return {
    sql,
    sink: new SqlReportSink(sql, { now, timeZone }),
    readModel: new SqlCityReadModel(sql, { now, shortestLimit, ...rules }),
    directory: new SqlHallDirectory(sql, { now }),
    operators: new SqlOperatorTokens(sql, { now }),
  };
}

export { listenCityChanges } from './changes.ts';
export { purgeExpired } from './retention.ts';
