/**
 * The CLI's trust commands and checks: TLS files for `serve`, the plain-HTTP
 * guard, token expiry flags, and `token list | revoke | rotate`.
 *
 * Token commands write the hall's SQLite file while the hall may be serving
 * it; the running hall notices revocations on its own (TokenStore.watch).
 * Nothing here prints a token except the one `rotate` creates, and errors
 * name ids, never a token's name (it may be a person's).
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parseArgs } from 'node:util';
import { hallDay } from './domain/hall-time.ts';
import { AuditLog, tokenAudit, verifyChain } from './store/audit.ts';
import { DATABASE_FILE, HallStore } from './store/hall-store.ts';
import { TokenStore, type TokenInfo } from './store/tokens.ts';

/** A mistake in how the command was called: exit 2 with the usage. */
export class UsageError extends Error {}

/** A flag's value, or a usage error naming the flag. */
export function need<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing ${flag}`);
  return value;
}

const DAY_MS = 86_400_000;

function readFlagFile(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The certificate and key for `serve`, checked to be PEM and to match before the hall opens anything. */
export function readTls(certFile: string | undefined, keyFile: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (!certFile) throw new UsageError('--tls-key needs --tls-cert FILE too');
  if (!keyFile) throw new UsageError('--tls-cert needs --tls-key FILE too');
  const cert = readFlagFile(certFile, '--tls-cert');
  const key = readFlagFile(keyFile, '--tls-key');
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new UsageError(`--tls-cert ${certFile} / --tls-key ${keyFile}: not a PEM certificate with its matching key (${(err as Error).message})`);
  }
  return { cert, key };
}

/**
 * `--expires-days N` counts from now; `--expires YYYY-MM-DD` keeps the token
 * working through that day (the server's local time) and no longer.
 */
export function expiryOf(days: string | undefined, date: string | undefined, now = Date.now()): number | undefined {
  if (days !== undefined && date !== undefined) throw new UsageError('give --expires-days or --expires, not both');
  if (days !== undefined) {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--expires-days must be a whole number of days, 1 or more');
    return now + n * DAY_MS;
  }
  if (date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const day = m && new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (!m || !day || day.getMonth() !== Number(m[2]) - 1 || day.getDate() !== Number(m[3])) throw new UsageError('--expires must be a date YYYY-MM-DD');
    const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
    if (end <= now) throw new UsageError(`--expires ${date} has passed`);
    return end;
  }
  return undefined;
}

/** The hall's tokens as the CLI changes them: each change goes to the security log in its own transaction. */
export function operatorTokens(store: HallStore): TokenStore {
  const config = store.loadConfig();
  const dayOf = (at: number) => (config ? hallDay(at, config.timeZone, config.rules.dailyResetAt) : new Date(at).toISOString().slice(0, 10));
  return new TokenStore(store.db, { audit: tokenAudit(new AuditLog(store.db), dayOf, { role: 'operator', name: 'hall-server CLI' }) });
}

function withTokens<T>(dataDir: string | undefined, use: (tokens: TokenStore) => T): T {
  if (!dataDir) throw new UsageError('missing --data');
  const store = HallStore.open(resolve(dataDir));
  try {
    return use(operatorTokens(store));
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

const when = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z');

export const LIST_COLUMNS = ['id', 'role', 'name', 'window', 'created', 'last-used', 'expires', 'revoked'] as const;

/** One tab-separated line per token; the header goes to stderr so scripts read only tokens. */
export function formatToken(t: TokenInfo): string {
  return [t.id, t.role, t.name, t.windowNo ?? '-', when(t.createdAt), when(t.lastUsedAt), when(t.expiresAt), when(t.revokedAt)].join('\t');
}

export function tokenList(args: string[]): void {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  const list = withTokens(values.data, (tokens) => tokens.list());
  process.stderr.write(LIST_COLUMNS.join('\t') + '\n');
  for (const t of list) process.stdout.write(formatToken(t) + '\n');
}

/** The one token in force that `--id` or `--name` designates. */
function designated(tokens: TokenStore, id: string | undefined, name: string | undefined): TokenInfo {
  if ((id === undefined) === (name === undefined)) throw new UsageError('give --id ID or --name NAME');
  if (id !== undefined) {
    const t = tokens.get(id);
    if (!t) throw new UsageError(`no token has id ${id}`);
    if (t.revokedAt !== undefined) throw new UsageError(`token ${id} was already revoked at ${when(t.revokedAt)}`);
    return t;
  }
  const matches = tokens.activeByName(name!);
  if (matches.length === 0) throw new UsageError('no token in force has that name; see token list');
  if (matches.length > 1)
    throw new UsageError(`${matches.length} tokens in force have that name: ${matches.map((t) => t.id).join(', ')}; choose one with --id`);
  return matches[0]!;
}

const designation = { data: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' } } as const;

export function tokenRevoke(args: string[]): void {
  const { values } = parseArgs({ args, options: designation });
  const id = withTokens(values.data, (tokens) => {
    const t = designated(tokens, values.id, values.name);
    tokens.revoke(t.id);
    return t.id;
  });
  process.stderr.write(`revoked token ${id}; a running hall refuses it within seconds\n`);
}

export function tokenRotate(args: string[]): void {
  const { values } = parseArgs({ args, options: designation });
  const { id, token } = withTokens(values.data, (tokens) => {
    const t = designated(tokens, values.id, values.name);
    return { id: t.id, token: tokens.rotate(t.id) };
  });
  process.stdout.write(token + '\n');
  process.stderr.write(`revoked token ${id}; the token above replaces it\n`);
}

/**
 * `audit verify`: walks the security log and recomputes its hash chain. It
 * only reads, so it may run beside a serving hall. Exit 0 when intact, 1 at
 * the first row that does not match (changed, or a row before it removed).
 */
export function auditVerify(args: string[]): void {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } } });
  if (!values.data) throw new UsageError('missing --data');
  const file = join(resolve(values.data), DATABASE_FILE);
  if (!existsSync(file)) throw new UsageError(`--data ${values.data}: no hall database there`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = verifyChain(db);
    if (check.ok) {
      process.stdout.write(`ok: ${check.entries} entries, the chain is intact\n`);
      return;
    }
    process.stdout.write(`broken at entry ${check.brokenAt} (of ${check.entries} read): ${check.reason}\n`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}
