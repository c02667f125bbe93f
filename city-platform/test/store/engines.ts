/**
 * The two engines the store runs on, as test fixtures: one database per test
 * file (PGlite takes seconds to start), emptied between tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/open.ts';
import type { Engine, Sql } from '../../src/db/sql.ts';
import { startPostgres } from '../postgres-server.ts';

export type EngineFixture = {
  engine: Engine;
  sql: Sql;
  /**
   * Another connection to the same database, as another process would have.
   * PGlite is one process's database: there it is the same one.
   */
  second(): Promise<Sql>;
  /** Empties every table but the migrations' record. */
  reset(): Promise<void>;
  close(): Promise<void>;
};

async function truncateAll(sql: Sql): Promise<void> {
  const tables = await sql.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  await sql.query(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')}`);
}

export async function pgliteFixture(): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'city-pglite-'));
  const sql = await openDatabase({ dataDir: dir });
  if (!existsSync(join(dir, 'pgdata', 'PG_VERSION'))) throw new Error('PGlite did not keep its files under <dataDir>/pgdata');
  return {
    engine: 'pglite',
    sql,
    second: async () => sql,
    reset: () => truncateAll(sql),
    async close() {
      await sql.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresFixture(): Promise<EngineFixture> {
  const server = await startPostgres();
  const sql = await openDatabase({ url: server.url });
  const others: Sql[] = [];
  return {
    engine: 'postgres',
    sql,
    async second() {
      const other = await openDatabase({ url: server.url });
      others.push(other);
      return other;
    },
    reset: () => truncateAll(sql),
    async close() {
      for (const other of others) await other.close();
      await sql.close();
      await server.stop();
    },
  };
}
