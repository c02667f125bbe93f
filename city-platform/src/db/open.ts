/**
 * Opens the platform's database: PostgreSQL when a URL is given (production),
 * else PGlite under `<dataDir>/pgdata` (embedded, for a single machine and
 * for demos). Either way the schema is brought up to date before it is used.
 */
import { migrate } from './migrations.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Sql } from './sql.ts';

export type DatabaseOptions = {
  /** `postgres://…`: use that PostgreSQL server. */
  url?: string;
  /** Without a URL: keep the data embedded under this directory. */
  dataDir?: string;
};

export async function openDatabase(options: DatabaseOptions): Promise<Sql> {
  let sql: Sql;
  if (options.url) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) throw new TypeError('a database URL starts with postgres:// or postgresql://');
    sql = openPostgres({ url: options.url });
  } else if (options.dataDir) {
    sql = await openPglite(options.dataDir);
  } else {
    throw new TypeError('openDatabase needs a PostgreSQL url or a data directory');
  }
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
  return sql;
}
