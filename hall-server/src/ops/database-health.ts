/**
 * Is the hall's SQLite file sound? Two depths: the header alone (instant,
 * catches a file cut short or overwritten at its start), and SQLite's
 * `quick_check` (reads every page: about 2.3 s for 1,000,000 tickets of
 * history, 1.25 GB, on the reference machine; see docs/operations.md).
 */
import type Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What is wrong with the file's 100-byte header; undefined when it is sound. */
export function headerProblem(path: string): string | undefined {
  const size = statSync(path).size;
  if (size === 0) return undefined; // a database not yet written: SQLite makes it
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return 'the file is shorter than a database header';
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) return 'the file does not start with an SQLite header';
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'the header gives an impossible page size';
  // The page count in the header is trusted by SQLite only when written by a version that keeps it (offset 92 = offset 24).
  const pages = header.readUInt32BE(28);
  if (header.readUInt32BE(92) === header.readUInt32BE(24) && pages > 0 && pages * pageSize > size)
    return `the header counts ${pages} pages, the file holds only ${Math.floor(size / pageSize)}: it was cut short`;
  return undefined;
}

/**
 * SQLite's quick_check, of the whole file or of one table and its indexes:
 * the problems it reports, [] when sound. A file too damaged to be read at
 * all reports the error it raised.
 */
export function quickCheck(db: Database.Database, table?: string): string[] {
  try {
    const rows = db.pragma(table ? `quick_check(${JSON.stringify(table)})` : 'quick_check', { simple: false }) as { quick_check: string }[];
    const lines = rows.map((r) => r.quick_check);
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (err) {
    return [(err as Error).message];
  }
}
