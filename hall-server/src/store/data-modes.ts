/**
 * Who may read the hall's data on disk: the data directory is 0700 and the
 * database (with its -wal and -shm) and the key file are 0600, created that
 * way and checked at every start.
 *
 * A database file or directory found open to the group or the world is put
 * right and reported: the hall then goes on serving, and the report tells
 * the operator that something (a restore, a copy, a umask) loosened it. A
 * key file found open is refused instead: whoever could read it may already
 * have it, so only a person can decide whether to rotate it.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** A data file that the hall will not serve with; the message says what to run. */
export class DataModeError extends Error {
  readonly dataMode = true;
}

/** Something the hall put right at start; for the log (paths only, never contents). */
export type ModeFix = { path: string; was: string; now: string };

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');
const loose = (mode: number) => (mode & 0o077) !== 0;

/** Makes `dir` (0700) if missing; tightens it if found open. */
export function secureDirectory(dir: string, fixes: ModeFix[]): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const mode = statSync(dir).mode;
  if (loose(mode)) {
    chmodSync(dir, DIR_MODE);
    fixes.push({ path: dir, was: octal(mode), now: octal(DIR_MODE) });
  }
}

/**
 * Creates an empty database file 0600 if there is none, so that SQLite,
 * which gives its -wal and -shm the mode of the database, makes them 0600
 * too; tightens whichever of the three already exist.
 */
export function secureDatabaseFiles(dbPath: string, fixes: ModeFix[]): void {
  try {
    closeSync(openSync(dbPath, 'wx', FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || !loose(stat.mode)) continue;
    chmodSync(path, FILE_MODE);
    fixes.push({ path, was: octal(stat.mode), now: octal(FILE_MODE) });
  }
}

/** Refuses a key file that the group or others may read or write. */
export function checkKeyFileMode(path: string): void {
  const stat = statSync(path);
  if (loose(stat.mode)) {
    throw new DataModeError(
      `the key file ${path} is readable or writable by others (mode ${octal(stat.mode)}); ` +
        `run \`chmod 600 ${path}\` (and consider whether the key must be rotated) before starting the hall`,
    );
  }
}
