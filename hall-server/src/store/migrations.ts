/**
 * Schema versions, applied in order inside one transaction each. A version
 * once shipped never changes: a change is a new version.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'event log and current state',
    sql: `
      -- Rows are never deleted, so the rowid never goes back: no AUTOINCREMENT (and its extra page per commit).
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        command TEXT NOT NULL,
        actor TEXT NOT NULL,
        events TEXT NOT NULL
      );
      CREATE TABLE config (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL, applied_at INTEGER NOT NULL);
      CREATE TABLE day_counters (day TEXT PRIMARY KEY, data TEXT NOT NULL);
      -- Keyed by day first and stored in key order: a day's tickets load with one range scan,
      -- and an issue writes one b-tree page instead of a table and three indexes.
      CREATE TABLE tickets (
        day TEXT NOT NULL,
        id TEXT NOT NULL,
        number TEXT NOT NULL,
        service_code TEXT NOT NULL,
        status TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (day, id)
      ) WITHOUT ROWID;
      CREATE TABLE windows (no INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE timing (service_code TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE ratings (
        ticket_id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        service_code TEXT NOT NULL,
        window_no INTEGER,
        staff_no TEXT,
        level INTEGER NOT NULL,
        reason TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX ratings_by_day ON ratings (day);
      CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        service_code TEXT NOT NULL,
        slot_start INTEGER NOT NULL,
        slot_end INTEGER NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE identities (
        ref TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        sealed BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX identities_by_hash ON identities (key_hash);
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        window_no INTEGER,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: 'number leases for offline kiosks',
    sql: `
      CREATE TABLE number_leases (id TEXT PRIMARY KEY, day TEXT NOT NULL, service_code TEXT NOT NULL, data TEXT NOT NULL);
      CREATE INDEX number_leases_by_day ON number_leases (day);
    `,
  },
  {
    version: 3,
    name: 'clerks who sign in at windows',
    sql: `
      CREATE TABLE staff (staff_no TEXT PRIMARY KEY, name TEXT NOT NULL, photo_url TEXT, pin_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
    `,
  },
  {
    version: 4,
    name: 'upstream outbox',
    sql: `
      CREATE TABLE upstream_outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT
      );
      CREATE INDEX upstream_outbox_pending ON upstream_outbox (delivered_at, id);
    `,
  },
  {
    version: 5,
    name: 'audit log of manager controls',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        at INTEGER NOT NULL,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        token_id TEXT,
        operation TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT,
        confirmed INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX audit_log_by_day ON audit_log (day, id);
    `,
  },
  {
    version: 6,
    name: 'filings, their files and 我的材料',
    sql: `
      -- Applicant and form values are sealed with the vault; applicant_hash is the vault's keyed
      -- hash of the normalised ID number or credit code, the same one tickets carry.
      CREATE TABLE filings (
        id TEXT PRIMARY KEY,
        tracking_code TEXT NOT NULL UNIQUE,
        service_code TEXT NOT NULL,
        status TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        due_date TEXT,
        applicant_kind TEXT NOT NULL,
        applicant_hash TEXT NOT NULL,
        applicant_masked TEXT NOT NULL,
        applicant_name_masked TEXT,
        applicant_sealed BLOB NOT NULL,
        form_sealed BLOB NOT NULL,
        materials TEXT NOT NULL,
        return_reason TEXT,
        ticket_id TEXT,
        ticket_number TEXT,
        offline INTEGER NOT NULL DEFAULT 0,
        terminal TEXT,
        request_key TEXT UNIQUE,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX filings_by_applicant ON filings (applicant_hash, submitted_at);
      CREATE UNIQUE INDEX filings_by_ticket ON filings (ticket_id) WHERE ticket_id IS NOT NULL;
      CREATE TABLE filing_history (
        id INTEGER PRIMARY KEY,
        filing_id TEXT NOT NULL REFERENCES filings (id),
        status TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT,
        reason TEXT
      );
      CREATE INDEX filing_history_by_filing ON filing_history (filing_id, id);
      -- One row per stored file (content-addressed: the same page uploaded twice is one row).
      CREATE TABLE filing_files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        stored_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        referenced INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX filing_files_unreferenced ON filing_files (referenced, created_at);
      CREATE INDEX filing_files_by_stored_name ON filing_files (stored_name);
      CREATE TABLE my_materials (
        id TEXT PRIMARY KEY,
        owner_hash TEXT NOT NULL,
        material_id TEXT NOT NULL,
        name TEXT NOT NULL,
        filing_id TEXT NOT NULL REFERENCES filings (id),
        pages TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX my_materials_by_owner ON my_materials (owner_hash, material_id);
      CREATE INDEX my_materials_by_expiry ON my_materials (expires_at);
    `,
  },
  {
    version: 7,
    name: 'token last use and expiry',
    sql: `
      ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
      ALTER TABLE tokens ADD COLUMN expires_at INTEGER;
    `,
  },
  {
    version: 8,
    name: 'the security log: clerk attribution and a hash chain',
    sql: `
      -- hash = SHA-256 of the previous row's hash and this row's content (store/audit.ts); rows from
      -- before this migration are chained when the hall next starts.
      ALTER TABLE audit_log ADD COLUMN staff_no TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
    `,
  },
  {
    version: 9,
    name: 'retention reads only what it purges',
    sql: `
      -- The retention purge ran json_extract over every ticket of the history at each start
      -- (1.6 s at a year's million tickets). Tickets that still carry a masked identity are
      -- marked and indexed by age, and identities by theirs; the purge touches only those.
      ALTER TABLE tickets ADD COLUMN has_identity INTEGER NOT NULL DEFAULT 0;
      UPDATE tickets SET has_identity = 1 WHERE json_extract(data, '$.identity') IS NOT NULL;
      CREATE INDEX tickets_with_identity_by_age ON tickets (issued_at) WHERE has_identity = 1;
      CREATE INDEX identities_by_age ON identities (created_at);
    `,
  },
];

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
  }
  return Math.max(0, ...MIGRATIONS.map((m) => m.version));
}
