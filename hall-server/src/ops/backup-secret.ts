/**
 * The secret that seals a backup, read from a file the operator names:
 * never from the command line or the environment, where `ps` and
 * /proc/PID/environ would show it. A file others may read is refused, as
 * the hall's own key is.
 */
import { readFileSync, statSync } from 'node:fs';
import { BACKUP_KEY_BYTES, type ArchiveSecret } from './archive-cipher.ts';

/** A passphrase shorter than this is refused: the archive holds every ID the hall keeps. */
export const MIN_PASSPHRASE_CHARS = 12;

/** A secret file that cannot serve; `message` says what to do. */
export class BackupSecretError extends Error {}

function readPrivate(path: string, flag: string): Buffer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    throw new BackupSecretError(`${flag} ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if ((mode & 0o077) !== 0)
    throw new BackupSecretError(`${flag} ${path} is readable or writable by others (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`);
  return readFileSync(path);
}

/**
 * A backup key file holds 32 bytes: raw, or written as 64 hex digits or
 * base64 on one line (`openssl rand -hex 32 > FILE`).
 */
export function parseBackupKey(bytes: Buffer): Buffer | undefined {
  if (bytes.length === BACKUP_KEY_BYTES) return Buffer.from(bytes);
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  return undefined;
}

/** `--passphrase-file F` or `--backup-key-file F`, exactly one of them. */
export function readBackupSecret(flags: { passphraseFile?: string; backupKeyFile?: string }): ArchiveSecret {
  const { passphraseFile, backupKeyFile } = flags;
  if (passphraseFile !== undefined && backupKeyFile !== undefined) throw new BackupSecretError('give --passphrase-file or --backup-key-file, not both');
  if (backupKeyFile !== undefined) {
    const key = parseBackupKey(readPrivate(backupKeyFile, '--backup-key-file'));
    if (!key)
      throw new BackupSecretError(
        `--backup-key-file ${backupKeyFile} does not hold a ${BACKUP_KEY_BYTES}-byte key (raw, 64 hex digits or base64): make one with openssl rand -hex 32`,
      );
    return { kind: 'key', key };
  }
  if (passphraseFile !== undefined) {
    // The file's last line break is not part of the passphrase: editors add one.
    const passphrase = readPrivate(passphraseFile, '--passphrase-file')
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if ([...passphrase].length < MIN_PASSPHRASE_CHARS)
      throw new BackupSecretError(`--passphrase-file ${passphraseFile}: the passphrase must be at least ${MIN_PASSPHRASE_CHARS} characters`);
    return { kind: 'passphrase', passphrase: Buffer.from(passphrase, 'utf8') };
  }
  throw new BackupSecretError('a backup is always encrypted: give --passphrase-file FILE or --backup-key-file FILE');
}
