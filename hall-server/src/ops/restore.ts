/**
 * `hall-server restore`: a backup archive back into a data directory.
 *
 * Everything is written into a private directory beside the target first;
 * only once the whole archive has opened (every chunk, its end record) and
 * the restored database passes quick_check is it renamed into place. A
 * wrong passphrase, a damaged or truncated archive leaves the target as it
 * was. A target another hall server is serving is refused whatever the
 * flags; a target that holds anything is refused unless `force`, and then
 * moved aside (DIR.before-restore-…), never deleted: the operator decides
 * when it goes.
 */
import Database from 'better-sqlite3';
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { servingPid } from '../store/data-lock.ts';
import { FILES_DIR, STORED_NAME } from '../store/file-store.ts';
import { KEY_FILE } from '../store/vault.ts';
import { ArchiveOpener, type ArchiveSecret } from './archive-cipher.ts';
import { ArchiveLayoutError, EntryReader, type EntrySink } from './archive-entries.ts';
import { ENTRY_DATABASE, ENTRY_KEY, ENTRY_MANIFEST, syncDirectory, type EndSummary, type Manifest } from './backup.ts';
import { quickCheck } from './database-health.ts';
import { formatBytes, silentProgress, type Progress } from './progress.ts';

/** A restore refused before anything was written; `message` says why and what to do. */
export class RestoreRefused extends Error {}

export type RestoreOptions = {
  from: string;
  dataDir: string;
  secret: ArchiveSecret;
  force?: boolean;
  /** Put the hall's key here instead of DATA/hall.key (a hall served with `--key-file`). */
  keyFile?: string;
  progress?: Progress;
  now?: () => number;
};

export type RestoreOutcome = { dataDir: string; manifest: Manifest; pages: number; pagesMissing: number; movedAside?: string; keyFile?: string };

const isEmptyDir = (dir: string) => readdirSync(dir).length === 0;

function refuseIfOccupied(target: string, keyFile: string | undefined, force: boolean): void {
  if (!existsSync(target)) return;
  const pid = servingPid(target);
  // Not even with --force: the serving hall would go on writing into a directory that is no longer its own.
  if (pid !== undefined) throw new RestoreRefused(`a hall server (pid ${pid}) is serving ${target}: stop it first (systemctl stop hall-server)`);
  if (!force && !isEmptyDir(target))
    throw new RestoreRefused(`${target} is not empty: restore into a new or empty directory, or give --force to move what is there aside`);
  if (!force && keyFile && existsSync(keyFile))
    throw new RestoreRefused(`${keyFile} exists: give another --key-file, or --force to replace it (the old key is moved aside)`);
}

/** Writes one entry to `path` (0600), synced before the restore is declared whole. */
function fileSink(path: string): EntrySink {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'wx', 0o600);
  return {
    write: (bytes) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    },
    end: () => {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

function memorySink(into: (bytes: Buffer) => void): EntrySink {
  const parts: Buffer[] = [];
  return { write: (bytes) => parts.push(Buffer.from(bytes)), end: () => into(Buffer.concat(parts)) };
}

/** Where an archive entry may go inside the data directory: only the names a backup writes. */
function placeOf(name: string): string | undefined {
  if (name === ENTRY_DATABASE) return ENTRY_DATABASE;
  const page = name.startsWith(`${FILES_DIR}/`) ? name.slice(FILES_DIR.length + 1) : undefined;
  return page !== undefined && STORED_NAME.test(page) ? name : undefined;
}

/** Replaces `path` with `bytes`, atomically, keeping any previous file as `aside`. */
function writeKey(path: string, bytes: Buffer, aside: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.restoring`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (existsSync(path)) renameSync(path, aside);
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const target = resolve(options.dataDir);
  const keyFile = options.keyFile ? resolve(options.keyFile) : undefined;
  const progress = options.progress ?? silentProgress;
  refuseIfOccupied(target, keyFile, options.force ?? false);
  if (!existsSync(options.from)) throw new RestoreRefused(`${options.from}: no such archive`);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.restoring-`));
  try {
    let manifest: Manifest | undefined;
    let key: Buffer | undefined;
    let end: EndSummary | undefined;
    let entries = 0;
    let pages = 0;
    let bytes = 0;
    const seen = new Set<string>();
    const reader = new EntryReader({
      entry(name, size) {
        if (seen.has(name)) throw new ArchiveLayoutError(`the archive holds ${name} twice`);
        seen.add(name);
        entries++;
        bytes += size;
        if (name === ENTRY_MANIFEST) return memorySink((b) => (manifest = JSON.parse(b.toString('utf8')) as Manifest));
        if (name === ENTRY_KEY) return memorySink((b) => (key = b));
        const place = placeOf(name);
        if (!place) throw new ArchiveLayoutError('the archive holds an entry outside a hall data directory');
        if (place !== ENTRY_DATABASE) pages++;
        progress(`restoring: ${entries} files, ${formatBytes(bytes)}`);
        return fileSink(join(staging, place));
      },
      end(summary) {
        end = summary as EndSummary;
      },
    });
    await pipeline(createReadStream(options.from), new ArchiveOpener(options.secret), reader);
    if (!manifest || (manifest.hasKey && !key) || !seen.has(ENTRY_DATABASE) || end?.entries !== entries)
      throw new ArchiveLayoutError('the archive lacks part of a hall (manifest, key or database): it was not made by hall-server backup');
    progress(`restoring: ${entries} files, ${formatBytes(bytes)}`, true);
    const db = new Database(join(staging, ENTRY_DATABASE), { fileMustExist: true });
    try {
      const problems = quickCheck(db);
      if (problems.length) throw new ArchiveLayoutError(`the archived database does not pass quick_check (${problems[0]})`);
    } finally {
      db.close();
    }
    return place({ staging, target, key, keyFile, manifest, pages, pagesMissing: end.pagesMissing, now: options.now ?? Date.now });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** The verified staging directory becomes the data directory; whatever was there is moved aside, not lost. */
function place(p: {
  staging: string;
  target: string;
  key: Buffer | undefined;
  keyFile: string | undefined;
  manifest: Manifest;
  pages: number;
  pagesMissing: number;
  now: () => number;
}): RestoreOutcome {
  const stamp = new Date(p.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const aside = `${p.target}.before-restore-${stamp}`;
  const keyFile = p.keyFile ?? join(p.target, KEY_FILE);
  if (p.key && !p.keyFile) writeKey(join(p.staging, KEY_FILE), p.key, `${aside}.key`);
  let movedAside: string | undefined;
  if (existsSync(p.target)) {
    if (isEmptyDir(p.target)) rmSync(p.target, { recursive: true });
    else {
      renameSync(p.target, aside);
      movedAside = aside;
    }
  }
  try {
    renameSync(p.staging, p.target);
  } catch (err) {
    if (movedAside) renameSync(movedAside, p.target);
    throw err;
  }
  syncDirectory(dirname(p.target));
  if (p.key && p.keyFile) writeKey(p.keyFile, p.key, `${p.keyFile}.before-restore-${stamp}`);
  return { dataDir: p.target, manifest: p.manifest, pages: p.pages, pagesMissing: p.pagesMissing, movedAside, keyFile: p.key ? keyFile : undefined };
}
