/**
 * The CLI's operations commands: `backup`, `restore` and `doctor`.
 *
 * Secrets come from files only (`--passphrase-file`, `--backup-key-file`),
 * never from flags' values or the environment. Progress goes to stderr;
 * `doctor` writes its findings to stdout, one line each.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { need, UsageError } from './cli-trust.ts';
import { takeBackup } from './ops/backup.ts';
import { readBackupSecret } from './ops/backup-secret.ts';
import { failed, formatFinding } from './ops/doctor-checks.ts';
import { examineHall } from './ops/doctor-facts.ts';
import { formatBytes, throttledProgress } from './ops/progress.ts';
import { restoreBackup } from './ops/restore.ts';

const secretFlags = {
  'passphrase-file': { type: 'string' },
  'backup-key-file': { type: 'string' },
} as const;

function secretOf(values: { 'passphrase-file'?: string; 'backup-key-file'?: string }) {
  if (values['passphrase-file'] === undefined && values['backup-key-file'] === undefined)
    throw new UsageError('a backup is always encrypted: give --passphrase-file FILE or --backup-key-file FILE');
  return readBackupSecret({ passphraseFile: values['passphrase-file'], backupKeyFile: values['backup-key-file'] });
}

const progressOn = (command: string) => throttledProgress((line) => process.stderr.write(`${command}: ${line}`));

export async function backupCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, to: { type: 'string' }, 'key-file': { type: 'string' }, ...secretFlags },
  });
  const dataDir = need(values.data, '--data');
  const to = need(values.to, '--to');
  const outcome = await takeBackup({ dataDir, to, keyFile: values['key-file'], secret: secretOf(values), progress: progressOn('backup') });
  process.stderr.write(
    `backup: wrote ${outcome.file} (${formatBytes(outcome.bytes)}): the hall as of seq ${outcome.seq}, ${outcome.tickets} tickets, ${outcome.pages} filing pages\n`,
  );
  if (outcome.pagesMissing)
    process.stderr.write(
      `backup: ${outcome.pagesMissing} filing page(s) the database named were gone when copied (purged by retention meanwhile, or still being uploaded); ` +
        'the restored hall purges their rows as the running one did\n',
    );
}

export async function restoreCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, data: { type: 'string' }, 'key-file': { type: 'string' }, force: { type: 'boolean' }, ...secretFlags },
  });
  const from = need(values.from, '--from');
  const dataDir = need(values.data, '--data');
  const secret = secretOf(values);
  let outcome: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    outcome = await restoreBackup({ from, dataDir, secret, force: values.force, keyFile: values['key-file'], progress: progressOn('restore') });
  } catch (err) {
    if ((err as { archive?: boolean }).archive) throw new Error(`${from}: ${(err as Error).message}; ${resolve(dataDir)} was left as it was`);
    throw err;
  }
  const { manifest } = outcome;
  process.stderr.write(
    `restore: ${outcome.dataDir} now holds hall ${manifest.hallId ?? '(not configured)'} as backed up at ${manifest.takenAt}: seq ${manifest.seq}, ` +
      `${manifest.tickets} tickets, ${outcome.pages} filing pages; ${outcome.keyFile ? `key in ${outcome.keyFile}` : 'no key yet (the hall makes one at its first start)'}\n`,
  );
  if (outcome.movedAside) process.stderr.write(`restore: what was in ${outcome.dataDir} is now in ${outcome.movedAside}; delete it once the hall runs well\n`);
  if (manifest.keyWasOutside && outcome.keyFile && !values['key-file'])
    process.stderr.write(`restore: the hall kept its key outside its data directory; move ${outcome.keyFile} to where serve's --key-file points\n`);
  process.stderr.write('restore: check it with hall-server doctor, then start the hall\n');
}

export async function doctorCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, 'key-file': { type: 'string' }, 'tls-cert': { type: 'string' }, 'upstream-url': { type: 'string' } },
  });
  const findings = await examineHall({
    dataDir: need(values.data, '--data'),
    keyFile: values['key-file'],
    tlsCert: values['tls-cert'],
    upstreamUrl: values['upstream-url'] ?? process.env.HALL_UPSTREAM_URL,
  });
  for (const finding of findings) process.stdout.write(formatFinding(finding) + '\n');
  if (failed(findings)) process.exitCode = 1;
}
