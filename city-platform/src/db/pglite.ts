/**
 * The embedded engine: PGlite (PostgreSQL compiled to wasm) with its files
 * under `<dataDir>/pgdata`. It is one connection in this process: queries
 * and transactions take turns, and NOTIFY reaches the LISTENers of this same
 * process only, which is all an embedded platform has.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { OID, parseInt8, parseTimestamptz, type Queryable, type Row, type Sql } from './sql.ts';

export async function openPglite(dataDir: string): Promise<Sql> {
  // PGlite creates pgdata itself but not its parents.
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(join(dataDir, 'pgdata'), { parsers: { [OID.timestamptz]: parseTimestamptz, [OID.int8]: parseInt8 } });
  await db.waitReady;
  await db.exec(`SET TimeZone = 'UTC'`);
  return {
    engine: 'pglite',
    query: async <T extends Row>(text: string, params?: readonly unknown[]) => (await db.query<T>(text, params as unknown[] | undefined)).rows,
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      db.transaction((tx) =>
        work({ query: async <R extends Row>(text: string, params?: readonly unknown[]) => (await tx.query<R>(text, params as unknown[] | undefined)).rows }),
      ),
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return () => stop();
    },
    close: () => db.close(),
  };
}
