/**
 * The outboxes' personal fields at rest. What a visitor left at the kiosk
 * while the hall was away (ID numbers, names, form values, scanned pages)
 * is sealed with AES-256-GCM under a key of the agent's own, kept in a 0600
 * file beside the outboxes, so a copy of an outbox's SQLite file alone
 * reveals nobody. Each sealed value is bound to its row (associated data):
 * a value moved to another row does not open.
 *
 * Both outboxes of a terminal share one key file. A lost key cannot be
 * replaced while sealed rows wait: a new key would leave them unreadable
 * and the visitors holding their receipts unserved, so that is an error for
 * a person to look into, not something to paper over.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The key's file name in the agent's data directory. */
export const OUTBOX_KEY_FILE = 'outbox.key';
const KEY_BYTES = 64; // 32 to seal, 32 to hash
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class OutboxKeyError extends Error {
  readonly outboxKey = true;
}

export class OutboxSealer {
  readonly #seal: KeyObject;
  readonly #hash: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new TypeError(`an outbox key is ${KEY_BYTES} bytes`);
    this.#seal = createSecretKey(key.subarray(0, 32));
    this.#hash = createSecretKey(key.subarray(32));
  }

  /**
   * The key in `keyFile` (default: `outbox.key` beside `dbFile`), made on
   * first use. `holdsSealed` says whether the outbox already has sealed
   * rows: then a missing key is an error, not a reason to make another.
   */
  static open(dbFile: string, options: { keyFile?: string; holdsSealed: () => boolean }): OutboxSealer {
    const keyFile = options.keyFile ?? join(dirname(dbFile), OUTBOX_KEY_FILE);
    if (!existsSync(keyFile)) {
      if (options.holdsSealed()) {
        throw new OutboxKeyError(`the outbox key ${keyFile} is missing, but ${dbFile} holds sealed entries: restore the key (a new one could not open them)`);
      }
      mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    // An unattended kiosk cannot wait for a person: a loosened key file is tightened and used.
    if ((statSync(keyFile).mode & 0o077) !== 0) chmodSync(keyFile, 0o600);
    return new OutboxSealer(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64'));
  }

  /** iv (12) | tag (16) | ciphertext, bound to `row`. */
  seal(plain: string | Buffer, row: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#seal, iv).setAAD(Buffer.from(row));
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, row: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.#seal, sealed.subarray(0, IV_BYTES)).setAAD(Buffer.from(row));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  sealJson(value: unknown, row: string): Buffer {
    return this.seal(JSON.stringify(value), row);
  }

  openJson<T>(sealed: Buffer, row: string): T {
    return JSON.parse(this.open(sealed, row).toString('utf8')) as T;
  }

  /** A keyed hash, to find a row by a value that is only stored sealed (one ticket per person and service). */
  hash(value: string): string {
    return createHmac('sha256', this.#hash).update(value).digest('base64url');
  }
}
