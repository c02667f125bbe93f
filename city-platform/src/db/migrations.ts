/**
 * Schema versions, applied in order, each in its own transaction, by both
 * engines (valid on PostgreSQL 15, which production runs, and on PGlite).
 * A version once shipped never changes: a change is a new version. Each is a
 * list of statements because PGlite's parameterised path takes one at a time.
 * docs/city-platform/store.md says what every table is for.
 */
import type { Sql } from './sql.ts';

export type Migration = { version: number; name: string; statements: string[] };

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'accounts, reports and their projections, ratings forwarding',
    statements: [
      `CREATE TABLE halls (
        hall_id text PRIMARY KEY,
        name text NOT NULL,
        -- The HMAC key reports are signed with: it must be readable to check them, so it is stored as is.
        secret text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      // Halls and consumers share one namespace of MQTT usernames, so the primary key keeps them apart.
      `CREATE TABLE mqtt_logins (
        username text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('hall', 'consumer')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      `CREATE TABLE operators (
        id text PRIMARY KEY,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`,
      `CREATE TABLE reports (
        hall_id text NOT NULL,
        idempotency_key text NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (hall_id, idempotency_key)
      )`,
      'CREATE INDEX reports_by_received_at ON reports (received_at)',
      `CREATE TABLE hall_load (
        hall_id text PRIMARY KEY,
        at timestamptz NOT NULL,
        day text NOT NULL,
        waiting integer NOT NULL,
        longest_wait_s integer NOT NULL,
        windows_open integer NOT NULL,
        issued_today integer NOT NULL,
        served_today integer NOT NULL
      ) WITH (fillfactor = 70)`,
      `CREATE TABLE hall_services (
        hall_id text NOT NULL,
        service_code text NOT NULL,
        name text,
        waiting integer NOT NULL,
        longest_wait_s integer NOT NULL,
        avg_wait_s integer NOT NULL,
        estimated_wait_minutes integer NOT NULL,
        issued integer NOT NULL,
        served integer NOT NULL,
        windows_open integer NOT NULL,
        -- The idempotency key of the hall's report that last listed the service: a row any other key left is a service dropped.
        reported_in text NOT NULL,
        -- The hall's report time again, so "fresh halls offering this service" needs no join to hall_load.
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (hall_id, service_code)
      ) WITH (fillfactor = 70)`,
      // "Which hall is shortest for this service" reads one range of this index (a few thousand rows at most, sorted in
      // memory), never the report bodies. The figures stay out of the index, and pages keep room (fillfactor), so the
      // update every report brings is a heap-only tuple update that touches no index at all.
      'CREATE INDEX hall_services_by_code ON hall_services (service_code)',
      `CREATE TABLE hall_hours (
        hall_id text NOT NULL,
        day text NOT NULL,
        hour timestamptz NOT NULL,
        issued_total integer NOT NULL,
        served_total integer NOT NULL,
        peak_waiting integer NOT NULL,
        PRIMARY KEY (hall_id, day, hour)
      ) WITH (fillfactor = 80)`,
      `CREATE TABLE ratings (
        hall_id text NOT NULL,
        ticket_id text NOT NULL,
        idempotency_key text NOT NULL,
        at timestamptz NOT NULL,
        day text NOT NULL,
        service_code text NOT NULL,
        window_no integer,
        staff_no text,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        reason text,
        received_at timestamptz NOT NULL,
        batch_id text,
        PRIMARY KEY (hall_id, ticket_id)
      )`,
      'CREATE INDEX ratings_bad ON ratings (at DESC) WHERE level <= 2',
      'CREATE INDEX ratings_bad_by_hall ON ratings (hall_id, at DESC) WHERE level <= 2',
      'CREATE INDEX ratings_unbatched ON ratings (received_at) WHERE batch_id IS NULL',
      'CREATE INDEX ratings_by_batch ON ratings (batch_id) WHERE batch_id IS NOT NULL',
      `CREATE TABLE rating_days (
        hall_id text NOT NULL,
        day text NOT NULL,
        total integer NOT NULL,
        good integer NOT NULL,
        PRIMARY KEY (hall_id, day)
      )`,
      `CREATE TABLE device_health (
        hall_id text PRIMARY KEY,
        at timestamptz NOT NULL,
        alarms jsonb NOT NULL,
        alarm_count integer NOT NULL
      ) WITH (fillfactor = 80)`,
      `CREATE TABLE presence (
        hall_id text PRIMARY KEY,
        online boolean NOT NULL,
        at timestamptz NOT NULL
      ) WITH (fillfactor = 80)`,
      `CREATE TABLE refusals (
        reason text NOT NULL,
        hall_id text NOT NULL,
        count bigint NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (reason, hall_id)
      )`,
      `CREATE TABLE rating_batches (
        batch_id text PRIMARY KEY,
        created_at timestamptz NOT NULL,
        size integer NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        sent_at timestamptz,
        last_error text
      )`,
      'CREATE INDEX rating_batches_due ON rating_batches (next_attempt_at) WHERE sent_at IS NULL',
    ],
  },
  {
    version: 2,
    name: "a hall's services kept with its load, one row per hall; reports found by age through a block range index",
    statements: [
      // One row a report instead of one per service: the service rows were the larger part of every batch's writes.
      // json, not jsonb: stored as the text it came as, with no binary form built at every report; it is read
      // only when a hall's row is read whole (the shortest-queue board, a hall's page).
      `ALTER TABLE hall_load ADD COLUMN services json NOT NULL DEFAULT '{}'::json`,
      `UPDATE hall_load l SET services = s.by_code
       FROM (SELECT hall_id, json_object_agg(service_code, json_build_array(
               waiting, estimated_wait_minutes, windows_open, longest_wait_s, issued, served, name)) AS by_code
             FROM hall_services GROUP BY hall_id) s
       WHERE s.hall_id = l.hall_id`,
      'DROP TABLE hall_services',
      // Rows arrive in received_at order, so a block range index finds a week's old reports as well as a B-tree,
      // at almost no cost per insert.
      'DROP INDEX reports_by_received_at',
      'CREATE INDEX reports_by_received_at ON reports USING brin (received_at)',
    ],
  },
];

/** Any constant: every process that migrates takes the same advisory lock, so two starting at once do not race. */
const MIGRATION_LOCK = 7_306_144;

/** Applies the migrations this database has not seen; returns the versions applied. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await sql.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (seen.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
