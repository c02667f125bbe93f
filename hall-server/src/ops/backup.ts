/**
 * `hall-server backup`: a consistent copy of a hall — its database, its key
 * and its filing pages — taken while it keeps serving, sealed into one
 * encrypted archive.
 *
 * Consistency: the database is copied first, with SQLite's backup API,
 * inside one read transaction of this process (WAL mode lets the hall go on
 * committing meanwhile; the copy is the database as of that transaction's
 * start). Then exactly the pages the copy's `filing_files` names are added.
 * A page the copy names may be gone by then: purged by retention after the
 * copy was taken (the restored hall purges the same rows again at its
 * start), or an upload still being written when the copy was taken. Those
 * are counted and reported, never fatal. Pages uploaded after the copy are
 * left out: the copied database does not know them.
 *
 * The archive is written under a temporary name beside FILE, synced, and
 * renamed over FILE only when whole: FILE is either the previous archive or
 * the new one, never half of one.
 */
import Database from 'better-sqlite3';
import { closeSync, createWriteStream, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILES_DIR, STORED_NAME } from '../store/file-store.ts';
import { DATABASE_FILE, SEALED_TABLES } from '../store/hall-store.ts';
import { KEY_FILE } from '../store/vault.ts';
import { ArchiveSealer, type ArchiveSecret, type ScryptCost } from './archive-cipher.ts';
import { endRecord, entryHead } from './archive-entries.ts';
import { quickCheck } from './database-health.ts';
import { formatBytes, silentProgress, type Progress } from './progress.ts';

/** Names inside an archive. */
export const ENTRY_MANIFEST = 'manifest.json';
export const ENTRY_DATABASE = DATABASE_FILE;
export const ENTRY_KEY = KEY_FILE;
export const pageEntry = (storedName: string) => `${FILES_DIR}/${storedName}`;

export type Manifest = {
  format: 1;
  takenAt: string;
  hallId: string | null;
  /** The last command in the copied event log. */
  seq: number;
  tickets: number;
  pages: number;
  /** Where the hall kept its key: restore puts it back in the data directory unless told otherwise. */
  keyWasOutside: boolean;
  /** False for a hall that had sealed nothing yet, and so had no key. */
  hasKey: boolean;
};

export type EndSummary = { entries: number; pagesMissing: number };

/** A backup that could not be taken; `message` is one line for an operator. */
export class BackupError extends Error {}

export type BackupOptions = {
  dataDir: string;
  /** The hall's key when it is kept outside the data directory (`serve --key-file`). */
  keyFile?: string;
  to: string;
  secret: ArchiveSecret;
  scrypt?: ScryptCost;
  progress?: Progress;
  now?: () => number;
};

export type BackupOutcome = { file: string; bytes: number; seq: number; tickets: number; pages: number; pagesMissing: number };

/** Pages per step of SQLite's backup: 10 MiB at the hall's 4 KiB pages, then a progress line. */
const PAGES_PER_STEP = 2560;

type Snapshot = { seq: number; tickets: number; hallId: string | null; pages: string[]; sealedData: boolean };

/** Copies the database to `dest` as of one moment, while others write it; returns what the copy holds. */
async function copyDatabase(source: string, dest: string, progress: Progress): Promise<Snapshot> {
  // Read-only: the backup never writes the hall's file, whoever runs it.
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The backup's steps share this read transaction, so they all see one snapshot; without it,
    // a commit of the hall between two steps would restart the copy, possibly forever.
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    closeSync(openSync(dest, 'wx', 0o600));
    await db.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        progress(`database: ${totalPages - remainingPages}/${totalPages} pages copied`);
        return PAGES_PER_STEP;
      },
    });
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  const copy = new Database(dest, { fileMustExist: true });
  try {
    // Pages are copied as they are: a damaged database yields a damaged copy, refused here rather than archived.
    const problems = quickCheck(copy);
    if (problems.length) throw new BackupError(`the hall's database is damaged (${problems[0]}): run hall-server doctor; no archive was written`);
    const config = copy.prepare('SELECT data FROM config WHERE id = 1').pluck().get() as string | undefined;
    const snapshot = {
      seq: (copy.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0,
      tickets: copy.prepare('SELECT count(*) FROM tickets').pluck().get() as number,
      hallId: config ? ((JSON.parse(config) as { hallId?: string }).hallId ?? null) : null,
      pages: copy.prepare('SELECT stored_name FROM filing_files ORDER BY stored_name').pluck().all() as string[],
      sealedData: SEALED_TABLES.some((table) => copy.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined),
    };
    copy.pragma('journal_mode = DELETE');
    return snapshot;
  } finally {
    copy.close();
  }
}

/** The hall's key; undefined when there is none yet (a hall that never sealed anything makes it at its first start). */
function readHallKey(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BackupError(`cannot read the hall's key ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** One whole file as an entry; a file of another size than announced fails the backup. */
async function* fileEntry(name: string, path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  yield entryHead(name, size);
  let read = 0;
  for await (const chunk of handle.createReadStream()) {
    read += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
  if (read !== size) throw new BackupError(`${path} changed size while it was copied`);
}

export async function takeBackup(options: BackupOptions): Promise<BackupOutcome> {
  const dataDir = resolve(options.dataDir);
  const progress = options.progress ?? silentProgress;
  const dbPath = join(dataDir, DATABASE_FILE);
  if (!existsSync(dbPath)) throw new BackupError(`${dataDir}: no hall database there`);
  const keyPath = options.keyFile ? resolve(options.keyFile) : join(dataDir, KEY_FILE);
  const hallKey = readHallKey(keyPath);
  const target = resolve(options.to);
  if (!existsSync(dirname(target))) throw new BackupError(`${dirname(target)}: no such directory`);
  // Private (0700) and beside the archive, on its file system: the rename at the end is atomic.
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
  try {
    const copyPath = join(work, DATABASE_FILE);
    const snapshot = await copyDatabase(dbPath, copyPath, progress);
    if (!hallKey && snapshot.sealedData)
      throw new BackupError(`the hall's key ${keyPath} is missing, and the database holds data sealed with it: give --key-file if the hall keeps it elsewhere`);
    progress(`database: copied at seq ${snapshot.seq}, ${snapshot.tickets} tickets, ${snapshot.pages.length} filing pages to add`, true);
    const manifest: Manifest = {
      format: 1,
      takenAt: new Date((options.now ?? Date.now)()).toISOString(),
      hallId: snapshot.hallId,
      seq: snapshot.seq,
      tickets: snapshot.tickets,
      pages: snapshot.pages.length,
      keyWasOutside: options.keyFile !== undefined,
      hasKey: hallKey !== undefined,
    };
    let pagesMissing = 0;
    let entries = 0;
    async function* contents(): AsyncGenerator<Buffer> {
      const manifestBytes = Buffer.from(JSON.stringify(manifest));
      yield entryHead(ENTRY_MANIFEST, manifestBytes.length);
      yield manifestBytes;
      if (hallKey) {
        yield entryHead(ENTRY_KEY, hallKey.length);
        yield hallKey;
      }
      yield* fileEntry(ENTRY_DATABASE, copyPath);
      entries = hallKey ? 3 : 2;
      let bytes = 0;
      for (const [i, name] of snapshot.pages.entries()) {
        if (!STORED_NAME.test(name)) throw new BackupError(`the database names a page ${JSON.stringify(name)} that is not a stored name`);
        try {
          for await (const chunk of fileEntry(pageEntry(name), join(dataDir, FILES_DIR, name))) {
            bytes += chunk.length;
            yield chunk;
          }
          entries++;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          pagesMissing++;
        }
        progress(`pages: ${i + 1}/${snapshot.pages.length} (${formatBytes(bytes)})`, i + 1 === snapshot.pages.length);
      }
      yield endRecord({ entries, pagesMissing } satisfies EndSummary);
    }
    const partial = join(work, 'archive');
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true });
    await pipeline(Readable.from(contents()), new ArchiveSealer(options.secret, { scrypt: options.scrypt }), out);
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return { file: target, bytes: statSync(target).size, ...snapshot, pages: snapshot.pages.length - pagesMissing, pagesMissing };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
