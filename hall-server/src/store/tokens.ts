/**
 * Bearer tokens for devices and people. Only a SHA-256 of each token is
 * stored; the token itself is shown once, when it is created.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export const ROLES = ['kiosk', 'counter', 'display', 'manager', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export type Principal = { tokenId: string; role: Role; name: string; windowNo?: number };

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokenStore {
  readonly #db: Database.Database;
  /** Known tokens only: caching refusals would let random guesses fill memory. */
  readonly #cache = new Map<string, Principal>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  create(role: Role, name: string, windowNo?: number): string {
    if (!ROLES.includes(role)) throw new TypeError(`unknown role ${role}; expected one of ${ROLES.join(', ')}`);
    if (role === 'counter' && windowNo === undefined) throw new TypeError('a counter token is bound to a window: give --window');
    if (!name.trim()) throw new TypeError('a token needs a name');
    const token = `hall_${randomBytes(24).toString('base64url')}`;
    this.#db
      .prepare('INSERT INTO tokens (id, hash, role, name, window_no, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(randomUUID(), digest(token), role, name.trim(), role === 'counter' ? windowNo : null, Date.now());
    return token;
  }

  verify(token: string): Principal | undefined {
    const hash = digest(token);
    const cached = this.#cache.get(hash);
    if (cached) return cached;
    const row = this.#db.prepare('SELECT id, role, name, window_no FROM tokens WHERE hash = ? AND revoked_at IS NULL').get(hash) as
      | { id: string; role: Role; name: string; window_no: number | null }
      | undefined;
    if (!row) return undefined;
    const principal: Principal = { tokenId: row.id, role: row.role, name: row.name, windowNo: row.window_no ?? undefined };
    this.#cache.set(hash, principal);
    return principal;
  }

  revoke(tokenId: string): boolean {
    this.#cache.clear();
    return this.#db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), tokenId).changes > 0;
  }
}
