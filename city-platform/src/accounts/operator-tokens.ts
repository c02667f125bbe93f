/**
 * Bearer tokens for the operations centre's staff. A token is shown once,
 * when it is made; the database keeps only its SHA-256, which is enough to
 * recognise it (32 random bytes need no slow hash) and useless to a reader
 * of the database.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import type { OperatorTokens } from '../ports.ts';

const sha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export type OperatorRecord = { id: string; name: string; createdAt: string; revokedAt: string | null };

export class SqlOperatorTokens implements OperatorTokens {
  readonly #sql: Sql;
  readonly #now: () => number;

  constructor(sql: Sql, options: { now: () => number }) {
    this.#sql = sql;
    this.#now = options.now;
  }

  /** A new token for a person; `id` names it for revoking, the token itself is not kept. */
  async addOperator(name: string): Promise<{ id: string; token: string }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw new TypeError('an operator name is 1 to 100 characters');
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    await this.#sql.query('INSERT INTO operators (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
      id,
      trimmed,
      sha256(token),
      new Date(this.#now()).toISOString(),
    ]);
    return { id, token };
  }

  async verify(token: string): Promise<{ name: string } | undefined> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return undefined;
    const [row] = await this.#sql.query<{ name: string }>('SELECT name FROM operators WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token)]);
    return row ? { name: row.name } : undefined;
  }

  /** Revokes one token by its id; false when there is no such live token. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.#sql.query('UPDATE operators SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
      id,
      new Date(this.#now()).toISOString(),
    ]);
    return rows.length > 0;
  }

  async operators(): Promise<OperatorRecord[]> {
    return this.#sql.query('SELECT id, name, created_at AS "createdAt", revoked_at AS "revokedAt" FROM operators ORDER BY created_at, id');
  }
}
