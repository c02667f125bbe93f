/**
 * The check `serve` makes before it opens the hall's database: a damaged
 * file is refused with a message, rather than served until a commit or a
 * read lands on the damage.
 *
 * A full quick_check reads every page: 2.2–2.3 s for 1,000,000 tickets of
 * history (1.25 GB), more than the whole start-up of such a hall. So the
 * whole file is checked up to FULL_CHECK_MAX_BYTES (about 0.25 s there);
 * above it, the header and every table but the two histories (`events`,
 * `tickets`), whose old rows the start does not read. `hall-server doctor`
 * and every backup (which checks its copy) read the whole file.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { headerProblem, quickCheck } from './database-health.ts';

export const FULL_CHECK_MAX_BYTES = 128 * 1024 * 1024;
/** Tables that grow with the hall's history; checked at start only while the file is small. */
const HISTORY_TABLES = new Set(['events', 'tickets']);

/** A database the hall refuses to serve; `message` says what to do. */
export class DamagedDatabaseError extends Error {}

export function checkDatabaseAtStart(dbPath: string, fullCheckMaxBytes = FULL_CHECK_MAX_BYTES): void {
  if (!existsSync(dbPath)) return;
  const refuse = (problem: string) =>
    new DamagedDatabaseError(
      `the database ${dbPath} is damaged (${problem}); the hall will not serve from it. ` +
        'Keep the file aside for inspection and restore the latest backup (hall-server restore; see docs/operations.md)',
    );
  const header = headerProblem(dbPath);
  if (header) throw refuse(header);
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw refuse((err as Error).message);
  }
  try {
    let problems: string[];
    if (statSync(dbPath).size <= fullCheckMaxBytes) problems = quickCheck(db);
    else {
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
      problems = tables.filter((t) => !HISTORY_TABLES.has(t)).flatMap((t) => quickCheck(db, t));
    }
    if (problems.length) throw refuse(problems[0]!);
  } catch (err) {
    if (err instanceof DamagedDatabaseError) throw err;
    throw refuse((err as Error).message);
  } finally {
    db.close();
  }
}
