/**
 * Personal data at rest. ID numbers and names are sealed with AES-256-GCM
 * under a key kept in the data directory (or in a file of its own, outside
 * it: `--key-file`), and looked up by an HMAC of the number, so the
 * database alone reveals nobody.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkKeyFileMode, DataModeError, DIR_MODE, FILE_MODE } from './data-modes.ts';

/** The key's name inside the data directory when no `--key-file` is given. */
export const KEY_FILE = 'hall.key';
/** 32 bytes for sealing, 32 for the look-up hash. */
export const HALL_KEY_BYTES = 64;

export type Sealed = Buffer;

export class Vault {
  readonly #sealKey: Buffer;
  readonly #hashKey: Buffer;
  /** Made once: a KeyObject built from raw bytes on every seal showed in profiles. */
  readonly #sealKeyObject: KeyObject;

  constructor(keyMaterial: Buffer) {
    if (keyMaterial.length !== HALL_KEY_BYTES) throw new TypeError(`key material must be ${HALL_KEY_BYTES} bytes`);
    this.#sealKey = keyMaterial.subarray(0, 32);
    this.#hashKey = keyMaterial.subarray(32);
    this.#sealKeyObject = createSecretKey(this.#sealKey);
  }

  /** Opens the key in `dataDir`, creating it (readable by the owner only) on first start. */
  static open(dataDir: string): Vault {
    return Vault.openKeyFile(join(dataDir, KEY_FILE), { mayCreate: true });
  }

  /**
   * Opens a key file, refusing one others may read. A missing key is made
   * only when `mayCreate` (a hall with no data yet): a new key for data
   * sealed under the old one would leave every sealed field unreadable, and
   * be found only when a clerk needs one.
   */
  static openKeyFile(path: string, options: { mayCreate: boolean }): Vault {
    if (!existsSync(path)) {
      if (!options.mayCreate) {
        throw new DataModeError(
          `the key file ${path} is missing, but this hall already has a database sealed with a key: ` +
            'restore the key file from the backup (a new key would leave sealed data unreadable)',
        );
      }
      mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
      writeFileSync(path, randomBytes(HALL_KEY_BYTES).toString('base64') + '\n', { mode: FILE_MODE, flag: 'wx' });
    }
    checkKeyFileMode(path);
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== HALL_KEY_BYTES) throw new DataModeError(`the key file ${path} does not hold a hall key (${HALL_KEY_BYTES} bytes, base64)`);
    return new Vault(key);
  }

  /**
   * A key of its own for another purpose (the filing files), derived from
   * the sealing key: one file to back up, and a key that opens files opens
   * no identities.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#sealKey, Buffer.alloc(0), `hall:${purpose}`, 32));
  }

  keyHash(value: string): string {
    return createHmac('sha256', this.#hashKey).update(value).digest('base64url');
  }

  /** iv (12) | tag (16) | ciphertext */
  seal(plain: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKeyObject, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  unseal(sealed: Sealed): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKeyObject, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
