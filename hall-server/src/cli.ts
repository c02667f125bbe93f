/**
 * hall-server serve | token create | config import | config check (and, from cli-trust.ts and
 * cli-ops.ts, token list | revoke | rotate, audit verify, backup | restore | doctor)
 *
 * `token create` prints the token alone on stdout so scripts can capture it;
 * everything else a command says goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { repositoryPageMounts } from './api/pages.ts';
import { createApplication } from './app.ts';
import { upstreamConfigFromEnv } from './upstream/index.ts';
import { ConfigError, parseHallConfig } from './domain/config.ts';
import { Hall } from './hall.ts';
import { createLogger } from './log.ts';
import { ROLES, type Role } from './protocol.ts';
import { loadSeed } from './seed/index.ts';
import { lockDataDir, servingPid } from './store/data-lock.ts';
import { isLoopbackHost } from '@hall/common';
import { DATABASE_FILE, HallStore } from './store/hall-store.ts';
import { StaffStore } from './store/staff.ts';
import { auditVerify, expiryOf, need, operatorTokens, readTls, tokenList, tokenRevoke, tokenRotate, UsageError } from './cli-trust.ts';
import { backupCommand, doctorCommand, restoreCommand } from './cli-ops.ts';
import { checkDatabaseAtStart } from './ops/start-check.ts';

const USAGE = `usage:
  hall-server serve --port N --data DIR [--host H] [--seed demo] [--hall-id ID] [--upstream-url URL --upstream-secret S] [--upstream-interval-s N]
                   [--upstream-ca FILE] [--upstream-cert FILE --upstream-key FILE]
                   [--tls-cert FILE --tls-key FILE | --plain-http] [--allowed-origin URL]...
                   [--key-file FILE] [--filing-retention-days N]
  hall-server token create --data DIR --role ${ROLES.join('|')} --name NAME [--window NO] [--expires-days N | --expires YYYY-MM-DD]
  hall-server token list --data DIR
  hall-server token revoke --data DIR (--id ID | --name NAME)
  hall-server token rotate --data DIR (--id ID | --name NAME)
  hall-server audit verify --data DIR
  hall-server staff add --data DIR --staff-no NO --name NAME [--photo URL]   (PIN read from stdin)
  hall-server config import FILE --data DIR
  hall-server config check FILE
  hall-server backup --data DIR --to FILE (--passphrase-file F | --backup-key-file F) [--key-file FILE]
  hall-server restore --from FILE --data DIR (--passphrase-file F | --backup-key-file F) [--key-file FILE] [--force]
  hall-server doctor --data DIR [--key-file FILE] [--tls-cert FILE] [--upstream-url URL]`;

/** Flags that each take one value, as parseArgs declares them. */
function valueFlags<const N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as { [K in N]: { type: 'string' } };
}

function readConfigFile(file: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
  try {
    return parseHallConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n'));
    throw err;
  }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...valueFlags('port', 'data', 'host', 'seed', 'key-file', 'filing-retention-days'),
      ...valueFlags('hall-id', 'upstream-url', 'upstream-secret', 'upstream-interval-s', 'upstream-ca', 'upstream-cert', 'upstream-key'),
      ...valueFlags('tls-cert', 'tls-key'),
      'plain-http': { type: 'boolean' },
      'allowed-origin': { type: 'string', multiple: true },
    },
  });
  const keyFile = values['key-file'] !== undefined ? resolve(need(values['key-file'], '--key-file')) : undefined;
  const filingRetentionDays = values['filing-retention-days'] !== undefined ? Number(values['filing-retention-days']) : undefined;
  if (filingRetentionDays !== undefined && !(Number.isInteger(filingRetentionDays) && filingRetentionDays >= 1))
    throw new UsageError('--filing-retention-days must be a whole number of days, at least 1');
  const host = values.host ?? '127.0.0.1';
  const tls = readTls(values['tls-cert'], values['tls-key']);
  if (!tls && !isLoopbackHost(host) && !values['plain-http']) {
    throw new UsageError(
      `refusing plain HTTP on ${host}: tokens would cross the network readable. Give --tls-cert FILE --tls-key FILE, or --plain-http behind a TLS-terminating reverse proxy`,
    );
  }
  const allowedOrigins = (values['allowed-origin'] ?? []).map((o) => {
    try {
      return new URL(o).origin;
    } catch {
      throw new UsageError(`--allowed-origin ${o}: not a URL such as https://hall.example.gov.cn`);
    }
  });
  let upstream;
  try {
    upstream = upstreamConfigFromEnv(process.env, values);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const port = Number(need(values.port, '--port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const dataDir = resolve(need(values.data, '--data'));
  const logger = createLogger();
  const seed = values.seed ? loadSeed(values.seed) : undefined;
  checkDatabaseAtStart(join(dataDir, DATABASE_FILE));
  HallStore.open(dataDir, { keyFile }).close(); // creates the directory before the lock file goes in
  const unlock = lockDataDir(dataDir, (message) => new UsageError(message));
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const app = await createApplication({
    dataDir,
    seed,
    logger,
    upstream,
    pages: repositoryPageMounts(repoRoot),
    tls,
    allowedOrigins,
    keyFile,
    filingRetentionDays,
  });
  const url = await app.listen(port, host);
  if (!tls && !isLoopbackHost(host))
    logger.warn({ host }, 'serving plain HTTP off loopback (--plain-http): tokens cross the network unencrypted unless a proxy terminates TLS in front');
  logger.info({ url, dataDir, hall: app.hall.config.hallId, seq: app.hall.seq }, 'hall server listening');
  process.stderr.write(
    `hall server ${app.hall.config.name['zh-CN']} listening on ${url}\n  API      ${url}/api/v1\n  OpenAPI  ${url}/api/openapi.json (for people: ${url}/api/docs)\n  Metrics  ${url}/metrics\n`,
  );
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    unlock();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function tokenCreate(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: valueFlags('data', 'role', 'name', 'window', 'expires-days', 'expires'),
  });
  const expiresAt = expiryOf(values['expires-days'], values.expires);
  const role = need(values.role, '--role') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const windowNo = values.window !== undefined ? Number(values.window) : undefined;
  if (windowNo !== undefined && !Number.isInteger(windowNo)) throw new UsageError('--window must be a window number');
  const store = HallStore.open(resolve(need(values.data, '--data')));
  try {
    const token = operatorTokens(store).create(role, need(values.name, '--name'), windowNo, { expiresAt });
    process.stdout.write(token + '\n');
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

async function staffAdd(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: valueFlags('data', 'staff-no', 'name', 'photo'),
  });
  // The PIN comes on stdin so it never shows in the process list or shell history.
  let pin = '';
  for await (const chunk of process.stdin) pin += chunk;
  pin = pin.trim();
  const store = HallStore.open(resolve(need(values.data, '--data')));
  try {
    new StaffStore(store.db).upsert({ staffNo: need(values['staff-no'], '--staff-no'), name: need(values.name, '--name'), photoUrl: values.photo }, pin);
    process.stderr.write(`clerk ${values['staff-no']} saved\n`);
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

function configImport(args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' } } });
  const file = need(positionals[0], 'FILE');
  const config = readConfigFile(file);
  const dataDir = resolve(need(values.data, '--data'));
  // The import writes the hall's event log, which only one process may do: a running hall would
  // not see the change and would number its next events over the import's.
  const refuse = (message: string) => new UsageError(`${message}: stop it first (systemctl stop hall-server), import, then start it again`);
  const running = servingPid(dataDir);
  if (running !== undefined) throw refuse(`a hall server (pid ${running}) is serving ${dataDir}`);
  const store = HallStore.open(dataDir);
  const unlock = lockDataDir(dataDir, refuse);
  try {
    const existing = store.loadConfig();
    if (!existing) {
      Hall.open(store, { seed: config });
    } else {
      Hall.open(store).applyConfig(config, { role: 'system', name: 'config import' });
    }
    process.stderr.write(`imported ${file}: ${config.services.length} services, ${config.windows.length} windows\n`);
  } finally {
    store.close();
    unlock();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') return serve(argv.slice(1));
  if (command === 'token' && sub === 'create') return tokenCreate(rest);
  if (command === 'token' && sub === 'list') return tokenList(rest);
  if (command === 'token' && sub === 'revoke') return tokenRevoke(rest);
  if (command === 'token' && sub === 'rotate') return tokenRotate(rest);
  if (command === 'audit' && sub === 'verify') return auditVerify(rest);
  if (command === 'config' && sub === 'import') return configImport(rest);
  if (command === 'staff' && sub === 'add') return staffAdd(rest);
  if (command === 'backup') return backupCommand(argv.slice(1));
  if (command === 'restore') return restoreCommand(argv.slice(1));
  if (command === 'doctor') return doctorCommand(argv.slice(1));
  if (command === 'config' && sub === 'check') {
    const config = readConfigFile(need(rest[0], 'FILE'));
    process.stderr.write(`ok: ${config.services.length} services, ${config.windows.length} windows\n`);
    return;
  }
  throw new UsageError(command ? `unknown command: ${[command, sub].filter(Boolean).join(' ')}` : 'no command');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    process.stderr.write(`hall-server: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`hall-server: ${(err as Error)?.message ?? err}\n`);
  process.exit(1);
});
