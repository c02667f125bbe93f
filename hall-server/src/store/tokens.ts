/**
 * Bearer tokens for devices and people. Only a SHA-256 of each token is
 * stored; the token itself is shown once, when it is created.
 *
 * A token may carry an expiry, after which it is refused as if unknown. The
 * CLI revokes tokens by writing the same SQLite file from another process,
 * so a running hall watches the table (`watch`) and tells its listeners,
 * which close the token's sockets.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export const ROLES = ['kiosk', 'counter', 'display', 'manager', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export type Principal = { tokenId: string; role: Role; name: string; windowNo?: number };

/** What an operator may see of a token: never the token, never its hash. */
export type TokenInfo = {
  id: string;
  role: Role;
  name: string;
  windowNo?: number;
  createdAt: number;
  lastUsedAt?: number;
  expiresAt?: number;
  revokedAt?: number;
};

export type TokenStoreOptions = {
  now?: () => number;
  /** Writes a security-log row for a token created, revoked or rotated, in the same transaction as the change. */
  audit?: (operation: 'createToken' | 'revokeToken' | 'rotateToken', tokenId: string, details: { role: Role; windowNo?: number }) => void;
};

/** Last use is bookkeeping for operators; writing it on every request would cost a sync per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

type Row = {
  id: string;
  role: Role;
  name: string;
  window_no: number | null;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
};
type Known = { principal: Principal; expiresAt?: number; lastUsedAt: number };

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function info(row: Row): TokenInfo {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    windowNo: row.window_no ?? undefined,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at ?? undefined,
    expiresAt: row.expires_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}

export class TokenStore {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #audit: TokenStoreOptions['audit'];
  /** Known tokens only, by hash: caching refusals would let random guesses fill memory. */
  readonly #cache = new Map<string, Known>();
  readonly #revokedListeners = new Set<(tokenId: string) => void>();
  #watch: NodeJS.Timeout | undefined;
  /** The newest revocation seen, and the ids revoked at that very millisecond (already told). */
  #seenUntil = 0;
  #seenAtEdge = new Set<string>();

  constructor(db: Database.Database, options: TokenStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#audit = options.audit;
  }

  create(role: Role, name: string, windowNo?: number, options: { expiresAt?: number } = {}): string {
    if (!ROLES.includes(role)) throw new TypeError(`unknown role ${role}; expected one of ${ROLES.join(', ')}`);
    if (role === 'counter' && windowNo === undefined) throw new TypeError('a counter token is bound to a window: give --window');
    if (!name.trim()) throw new TypeError('a token needs a name');
    const now = this.#now();
    if (options.expiresAt !== undefined && !(options.expiresAt > now)) throw new TypeError('the expiry must lie in the future');
    const token = `hall_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    const boundWindow = role === 'counter' || role === 'display' ? windowNo : undefined;
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO tokens (id, hash, role, name, window_no, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, digest(token), role, name.trim(), boundWindow ?? null, now, options.expiresAt ?? null);
      this.#audit?.('createToken', id, { role, ...(boundWindow !== undefined ? { windowNo: boundWindow } : {}) });
    })();
    return token;
  }

  verify(token: string): Principal | undefined {
    const hash = digest(token);
    const now = this.#now();
    let known = this.#cache.get(hash);
    if (!known) {
      const row = this.#db.prepare('SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL').get(hash) as Row | undefined;
      if (!row) return undefined;
      known = {
        principal: { tokenId: row.id, role: row.role, name: row.name, windowNo: row.window_no ?? undefined },
        expiresAt: row.expires_at ?? undefined,
        lastUsedAt: row.last_used_at ?? 0,
      };
      this.#cache.set(hash, known);
    }
    if (known.expiresAt !== undefined && known.expiresAt <= now) return undefined;
    if (now - known.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      known.lastUsedAt = now;
      this.#db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now, known.principal.tokenId);
    }
    return known.principal;
  }

  /** Every token, oldest first, revoked ones included. */
  list(): TokenInfo[] {
    return (this.#db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as Row[]).map(info);
  }

  get(tokenId: string): TokenInfo | undefined {
    const row = this.#db.prepare('SELECT * FROM tokens WHERE id = ?').get(tokenId) as Row | undefined;
    return row && info(row);
  }

  /** The tokens still in force (not revoked) that carry this name. */
  activeByName(name: string): TokenInfo[] {
    return (this.#db.prepare('SELECT * FROM tokens WHERE name = ? AND revoked_at IS NULL ORDER BY created_at, id').all(name.trim()) as Row[]).map(info);
  }

  revoke(tokenId: string): boolean {
    const revoked = this.#db.transaction(() => {
      const changed = this.#db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#now(), tokenId).changes > 0;
      const role = changed ? this.get(tokenId)?.role : undefined;
      if (role) this.#audit?.('revokeToken', tokenId, { role });
      return changed;
    })();
    if (revoked) this.#forget(tokenId);
    return revoked;
  }

  /**
   * Revokes a token and creates its successor with the same role, name and
   * window, in one transaction: the old one never dies without a new one.
   * An expiring token's successor gets the same lifetime, counted from now.
   */
  rotate(tokenId: string): string {
    const old = this.get(tokenId);
    if (!old || old.revokedAt !== undefined) throw new TypeError(`no token in force has id ${tokenId}`);
    const token = this.#db.transaction(() => {
      this.#db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(this.#now(), tokenId);
      this.#audit?.('rotateToken', tokenId, { role: old.role });
      const lifetime = old.expiresAt !== undefined ? old.expiresAt - old.createdAt : undefined;
      return this.create(old.role, old.name, old.windowNo, { expiresAt: lifetime !== undefined ? this.#now() + lifetime : undefined });
    })();
    this.#forget(tokenId);
    return token;
  }

  /** Called with the id of every token revoked (here or by another process) or expired while cached. */
  onRevoked(listener: (tokenId: string) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  /**
   * Polls the table for revocations written by other processes (the CLI), so
   * a running hall refuses a revoked token within `intervalMs`, and notices
   * cached tokens that have expired.
   */
  watch(intervalMs = 1_000): void {
    if (this.#watch) return;
    this.#seenUntil = (this.#db.prepare('SELECT max(revoked_at) FROM tokens').pluck().get() as number | null) ?? 0;
    this.#seenAtEdge = new Set(this.#db.prepare('SELECT id FROM tokens WHERE revoked_at = ?').pluck().all(this.#seenUntil) as string[]);
    this.#watch = setInterval(() => this.poll(), intervalMs);
    this.#watch.unref();
  }

  unwatch(): void {
    if (this.#watch) clearInterval(this.#watch);
    this.#watch = undefined;
  }

  /** One round of `watch`; public so tests need not wait for the timer. */
  poll(): void {
    const rows = this.#db.prepare('SELECT id, revoked_at FROM tokens WHERE revoked_at >= ? ORDER BY revoked_at').all(this.#seenUntil) as {
      id: string;
      revoked_at: number;
    }[];
    for (const row of rows) {
      if (row.revoked_at === this.#seenUntil && this.#seenAtEdge.has(row.id)) continue;
      if (row.revoked_at > this.#seenUntil) {
        this.#seenUntil = row.revoked_at;
        this.#seenAtEdge = new Set();
      }
      this.#seenAtEdge.add(row.id);
      this.#forget(row.id);
    }
    const now = this.#now();
    for (const known of [...this.#cache.values()]) if (known.expiresAt !== undefined && known.expiresAt <= now) this.#forget(known.principal.tokenId);
  }

  #forget(tokenId: string): void {
    for (const [hash, known] of this.#cache) if (known.principal.tokenId === tokenId) this.#cache.delete(hash);
    // Announced even when nothing was cached: a socket outlives the cache entry it was let in by.
    for (const listener of this.#revokedListeners) listener(tokenId);
  }
}
