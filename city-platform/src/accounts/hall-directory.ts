/**
 * The halls the platform accepts, and every MQTT login on its broker. A hall
 * gets a signing secret and a broker password when it is added; the secret is
 * kept readable (reports are checked with it), the password only as a
 * Mosquitto `$7$` hash.
 */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql.ts';
import type { HallAccount, HallDirectory } from '../ports.ts';
import { DuplicateAccountError } from './errors.ts';
import { assertAccountId } from './hall-id.ts';
import { mosquittoHash, verifyMosquittoHash } from './mosquitto-hash.ts';

export type NewHall = { hallId: string; secret: string; username: string; password: string };

export type DirectoryOptions = { now: () => number };

/** Checked when the username is unknown, so a wrong name costs as long as a wrong password. */
const DECOY_HASH = mosquittoHash('decoy', Buffer.alloc(12));

const newPassword = (): string => randomBytes(24).toString('base64url');

export class SqlHallDirectory implements HallDirectory {
  readonly #sql: Sql;
  readonly #now: () => number;
  /**
   * Accounts already found. Every batch of reports asks for each hall in it, and a hall's
   * secret never changes once added: the first question loads every hall in one query (a
   * consumer starting under a city's backlog would otherwise ask thousands of times in its
   * first second), and a hall not found is asked again, so one added meanwhile is accepted at once.
   */
  readonly #found = new Map<string, HallAccount>();
  #loadedAll: Promise<void> | undefined;

  constructor(sql: Sql, options: DirectoryOptions) {
    this.#sql = sql;
    this.#now = options.now;
  }

  /** Registers a hall: its secret for signing reports, and its MQTT login (username = hallId). */
  async addHall(hall: { hallId: string; name?: string }): Promise<NewHall> {
    assertAccountId(hall.hallId);
    const name = hall.name?.trim() || hall.hallId;
    const secret = randomBytes(32).toString('hex');
    const password = newPassword();
    const at = new Date(this.#now()).toISOString();
    await this.#sql.transaction(async (tx) => {
      const login = await tx.query(
        `INSERT INTO mqtt_logins (username, kind, password_hash, created_at) VALUES ($1, 'hall', $2, $3)
         ON CONFLICT (username) DO NOTHING RETURNING username`,
        [hall.hallId, mosquittoHash(password), at],
      );
      if (login.length === 0) throw new DuplicateAccountError('a hall or consumer named', hall.hallId);
      await tx.query('INSERT INTO halls (hall_id, name, secret, created_at) VALUES ($1, $2, $3, $4)', [hall.hallId, name, secret, at]);
    });
    return { hallId: hall.hallId, secret, username: hall.hallId, password };
  }

  /** An MQTT login for a consumer process (the platform's own subscribers). */
  async addConsumer(name: string): Promise<{ username: string; password: string }> {
    assertAccountId(name, 'consumer name');
    const password = newPassword();
    const inserted = await this.#sql.query(
      `INSERT INTO mqtt_logins (username, kind, password_hash, created_at) VALUES ($1, 'consumer', $2, $3)
       ON CONFLICT (username) DO NOTHING RETURNING username`,
      [name, mosquittoHash(password), new Date(this.#now()).toISOString()],
    );
    if (inserted.length === 0) throw new DuplicateAccountError('a hall or consumer named', name);
    return { username: name, password };
  }

  async hall(hallId: string): Promise<HallAccount | undefined> {
    this.#loadedAll ??= this.#loadAll().catch((error: unknown) => {
      this.#loadedAll = undefined;
      throw error;
    });
    await this.#loadedAll;
    const known = this.#found.get(hallId);
    if (known) return known;
    const [row] = await this.#sql.query<HallAccount>('SELECT hall_id AS "hallId", name, secret FROM halls WHERE hall_id = $1', [hallId]);
    if (row) this.#found.set(hallId, row);
    return row;
  }

  async #loadAll(): Promise<void> {
    const rows = await this.#sql.query<HallAccount>('SELECT hall_id AS "hallId", name, secret FROM halls');
    for (const row of rows) this.#found.set(row.hallId, row);
  }

  /** Every registered hall, without secrets: for listings. */
  async halls(): Promise<{ hallId: string; name: string; createdAt: string }[]> {
    return this.#sql.query('SELECT hall_id AS "hallId", name, created_at AS "createdAt" FROM halls ORDER BY hall_id');
  }

  async login(username: string, password: string): Promise<{ kind: 'hall'; hallId: string } | { kind: 'consumer' } | undefined> {
    const [row] = await this.#sql.query<{ kind: 'hall' | 'consumer'; password_hash: string }>(
      'SELECT kind, password_hash FROM mqtt_logins WHERE username = $1',
      [username],
    );
    const ok = verifyMosquittoHash(password, row?.password_hash ?? DECOY_HASH);
    if (!row || !ok) return undefined;
    return row.kind === 'hall' ? { kind: 'hall', hallId: username } : { kind: 'consumer' };
  }

  async logins(): Promise<{ username: string; passwordHash: string; kind: 'hall' | 'consumer' }[]> {
    return this.#sql.query('SELECT username, password_hash AS "passwordHash", kind FROM mqtt_logins ORDER BY username');
  }
}
