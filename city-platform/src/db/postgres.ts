/**
 * The PostgreSQL engine: a `pg` pool for queries and transactions, and one
 * dedicated connection for LISTEN, opened on the first `listen` and opened
 * again (with backoff) when it drops, because a pooled connection would be
 * handed to someone else between notifications.
 */
import { Backoff } from '@hall/common';
import pg from 'pg';
import { OID, parseInt8, parseTimestamptz, type Queryable, type Row, type Sql } from './sql.ts';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.timestamptz) return parseTimestamptz;
    if (oid === OID.int8) return parseInt8;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

export type PostgresOptions = {
  /** `postgres://user:pass@host:port/db`, or `postgres://user@/db?host=/socket/dir`. */
  url: string;
  /** Connections in the pool (default 10). */
  max?: number;
};

export function openPostgres(options: PostgresOptions): Sql {
  const config: pg.PoolConfig = { connectionString: options.url, max: options.max ?? 10, types, options: '-c TimeZone=UTC' };
  const pool = new pg.Pool(config);
  // An idle pooled connection that the server drops must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listener: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  const backoff = new Backoff(200, 10_000);

  const run = async <T extends Row>(on: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]): Promise<T[]> =>
    (await on.query<T>(text, params as unknown[] | undefined)).rows;

  const connectListener = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const client = new pg.Client(config);
      client.on('notification', (message) => {
        for (const callback of listeners.get(message.channel) ?? []) callback(message.payload ?? '');
      });
      client.on('error', () => {
        client.end().catch(() => {});
        if (listener === client) listener = undefined;
        connecting = undefined;
        if (!closed && listeners.size > 0) setTimeout(() => void relisten(), backoff.next());
      });
      await client.connect();
      for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      listener = client;
      backoff.reset();
      return client;
    })();
    return connecting;
  };

  const relisten = async (): Promise<void> => {
    if (closed) return;
    try {
      await connectListener();
    } catch {
      connecting = undefined;
      if (!closed) setTimeout(() => void relisten(), backoff.next());
    }
  };

  return {
    engine: 'postgres',
    query: <T extends Row>(text: string, params?: readonly unknown[]) => run<T>(pool, text, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: <R extends Row>(text: string, params?: readonly unknown[]) => run<R>(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      let set = listeners.get(channel);
      const first = !set;
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(onPayload);
      const client = await connectListener();
      if (first) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        set.delete(onPayload);
        if (set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        await listener?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      const client = listener ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      await client?.end().catch(() => {});
      await pool.end();
    },
  };
}

/** Channel names are ours, but LISTEN takes no parameters: quote rather than trust. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
