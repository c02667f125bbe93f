/**
 * The backup archive's encryption: a fixed header, then the contents cut
 * into chunks of 64 KiB, each sealed with AES-256-GCM on its own. Streamed
 * both ways, so a hall with gigabytes of filing pages is never held in
 * memory.
 *
 * Header (55 bytes, in the clear, and bound into every chunk as associated
 * data, so changing a cost or the salt makes every chunk fail):
 *
 *   0  "HALLBAK"        7  format version (1)
 *   8  secret kind: 1 = passphrase (scrypt), 2 = key file
 *   9  scrypt log2 N    10 scrypt r         11 scrypt p  (0 for a key file)
 *   12 salt (16)        28 nonce prefix (7) 35 chunk size (u32, big-endian)
 *   39 key check (16)
 *
 * Keys: the passphrase through scrypt with the salt, or the key file's 32
 * bytes as they are, is expanded by HKDF-SHA256 (same salt, "hall-backup v1")
 * into the AES key and the key check. The check tells a wrong passphrase
 * apart from a damaged archive before any chunk is opened.
 *
 * Chunk i's nonce is the prefix, i (u32, big-endian) and a final flag (1 on
 * the last chunk, 0 elsewhere); each sealed chunk is its ciphertext and
 * 16-byte tag. A chunk moved elsewhere fails (its index is wrong), an
 * archive cut after a whole chunk fails (that chunk was not sealed as the
 * last), and a changed byte fails its chunk's tag.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('HALLBAK');
const VERSION = 1;
const HEADER_BYTES = 55;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const PREFIX_BYTES = 7;
export const CHUNK_BYTES = 64 * 1024;
/** A chunk size an archive may declare: bounded so that a forged header cannot make the reader hold gigabytes. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export const BACKUP_KEY_BYTES = 32;

export type ArchiveSecret = { kind: 'passphrase'; passphrase: Buffer } | { kind: 'key'; key: Buffer };

/** scrypt's cost: N = 2^logN, memory 128·r·N bytes. */
export type ScryptCost = { logN: number; r: number; p: number };

/** About 0.3–0.5 s and 128 MiB on a hall server: costly for a guesser, unnoticed by a nightly backup. */
export const DEFAULT_SCRYPT: ScryptCost = { logN: 17, r: 8, p: 1 };
/** What a reader accepts from a header: a forged one cannot ask for more than 1 GiB of memory. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

export type ArchiveFault = 'not-an-archive' | 'unsupported' | 'wrong-secret-kind' | 'wrong-secret' | 'damaged' | 'truncated';

/** An archive that cannot be opened; `message` is one line for an operator. */
export class ArchiveError extends Error {
  readonly archive = true;
  readonly fault: ArchiveFault;

  constructor(fault: ArchiveFault, message: string) {
    super(message);
    this.fault = fault;
  }
}

const SECRET_KINDS = { passphrase: 1, key: 2 } as const;

type Keys = { aes: Buffer; check: Buffer };

function scryptMemory(cost: ScryptCost): number {
  return 128 * cost.r * 2 ** cost.logN;
}

function deriveKeys(secret: ArchiveSecret, salt: Buffer, cost: ScryptCost): Keys {
  const master =
    secret.kind === 'passphrase'
      ? scryptSync(secret.passphrase, salt, 32, { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: 2 * scryptMemory(cost) })
      : secret.key;
  const okm = Buffer.from(hkdfSync('sha256', master, salt, 'hall-backup v1', 48));
  return { aes: okm.subarray(0, 32), check: okm.subarray(32, 48) };
}

function nonce(prefix: Buffer, index: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, PREFIX_BYTES);
  n[11] = final ? 1 : 0;
  return n;
}

/** Keeps bytes until a whole chunk (or record) can be taken from the front. */
class Pending {
  #parts: Buffer[] = [];
  bytes = 0;

  add(chunk: Buffer): void {
    this.#parts.push(chunk);
    this.bytes += chunk.length;
  }

  take(n: number): Buffer {
    const all = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.#parts = rest.length ? [rest] : [];
    this.bytes = rest.length;
    return head;
  }
}

/** Plain contents in, the archive's bytes out. */
export class ArchiveSealer extends Transform {
  readonly #header: Buffer;
  readonly #keys: Keys;
  readonly #prefix: Buffer;
  readonly #pending = new Pending();
  #index = 0;

  constructor(secret: ArchiveSecret, options: { scrypt?: ScryptCost } = {}) {
    super();
    const cost = secret.kind === 'passphrase' ? (options.scrypt ?? DEFAULT_SCRYPT) : { logN: 0, r: 0, p: 0 };
    const salt = randomBytes(SALT_BYTES);
    this.#prefix = randomBytes(PREFIX_BYTES);
    this.#keys = deriveKeys(secret, salt, cost);
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    header[7] = VERSION;
    header[8] = SECRET_KINDS[secret.kind];
    header[9] = cost.logN;
    header[10] = cost.r;
    header[11] = cost.p;
    salt.copy(header, 12);
    this.#prefix.copy(header, 28);
    header.writeUInt32BE(CHUNK_BYTES, 35);
    this.#keys.check.copy(header, 39);
    this.#header = header;
    this.push(header);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#pending.add(chunk);
    // Strictly more than a chunk: the last whole chunk waits, as it may turn out to be the final one.
    while (this.#pending.bytes > CHUNK_BYTES) this.push(this.#seal(this.#pending.take(CHUNK_BYTES), false));
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.#seal(this.#pending.take(this.#pending.bytes), true));
    done();
  }

  #seal(plain: Buffer, final: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.#keys.aes, nonce(this.#prefix, this.#index++, final)).setAAD(this.#header);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }
}

type Opened = { header: Buffer; keys: Keys; prefix: Buffer; recordBytes: number };

function readHeader(header: Buffer, secret: ArchiveSecret): Opened {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new ArchiveError('not-an-archive', 'not a hall backup archive');
  if (header[7] !== VERSION)
    throw new ArchiveError('unsupported', `a hall backup of format ${header[7]}, which this hall-server does not know (it reads ${VERSION})`);
  const kind = header[8] === SECRET_KINDS.passphrase ? 'passphrase' : header[8] === SECRET_KINDS.key ? 'key' : undefined;
  if (!kind) throw new ArchiveError('unsupported', 'the archive names a kind of secret this hall-server does not know');
  if (kind !== secret.kind)
    throw new ArchiveError(
      'wrong-secret-kind',
      kind === 'passphrase'
        ? 'the archive was sealed with a passphrase: give --passphrase-file'
        : 'the archive was sealed with a key file: give --backup-key-file',
    );
  const cost = { logN: header[9]!, r: header[10]!, p: header[11]! };
  if (kind === 'passphrase' && (cost.logN < 1 || cost.r < 1 || cost.p < 1 || scryptMemory(cost) > MAX_SCRYPT_MEMORY || cost.p > 16))
    throw new ArchiveError('unsupported', 'the archive asks for scrypt costs out of bounds: it is damaged or not made by hall-server');
  const chunkBytes = header.readUInt32BE(35);
  if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) throw new ArchiveError('damaged', 'the archive header is damaged (chunk size)');
  const keys = deriveKeys(secret, header.subarray(12, 28), cost);
  if (!timingSafeEqual(keys.check, header.subarray(39, 55)))
    throw new ArchiveError('wrong-secret', `wrong ${kind === 'passphrase' ? 'passphrase' : 'backup key'} for this archive (or its header is damaged)`);
  return { header: Buffer.from(header), keys, prefix: Buffer.from(header.subarray(28, 35)), recordBytes: chunkBytes + TAG_BYTES };
}

/** The archive's bytes in, the plain contents out; fails with an ArchiveError at the first chunk that does not open. */
export class ArchiveOpener extends Transform {
  readonly #secret: ArchiveSecret;
  readonly #pending = new Pending();
  #opened: Opened | undefined;
  #index = 0;

  constructor(secret: ArchiveSecret) {
    super();
    this.#secret = secret;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#pending.add(chunk);
    try {
      this.#openWhole();
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.#openLast());
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** Opens the header once it has come, then every chunk known not to be the last. */
  #openWhole(): void {
    if (!this.#opened) {
      if (this.#pending.bytes < HEADER_BYTES) return;
      this.#opened = readHeader(this.#pending.take(HEADER_BYTES), this.#secret);
    }
    const { recordBytes } = this.#opened;
    while (this.#pending.bytes > recordBytes) {
      const plain = this.#open(this.#pending.take(recordBytes), false);
      if (!plain) throw new ArchiveError('damaged', `the archive is damaged or was altered (chunk ${this.#index + 1} does not open)`);
      this.push(plain);
      this.#index++;
    }
  }

  #openLast(): Buffer {
    if (!this.#opened) throw new ArchiveError(this.#pending.bytes === 0 ? 'not-an-archive' : 'truncated', 'the archive ends inside its header');
    const last = this.#pending.take(this.#pending.bytes);
    if (last.length < TAG_BYTES) throw new ArchiveError('truncated', `the archive is truncated (it ends after chunk ${this.#index})`);
    const plain = this.#open(last, true);
    if (plain) return plain;
    // A whole chunk that opens as an inner one: everything after it was cut off.
    if (this.#open(last, false)) throw new ArchiveError('truncated', `the archive is truncated (it ends after chunk ${this.#index + 1})`);
    throw new ArchiveError('damaged', `the archive is truncated, damaged or was altered (its last chunk, ${this.#index + 1}, does not open)`);
  }

  #open(record: Buffer, final: boolean): Buffer | undefined {
    const { keys, prefix, header } = this.#opened!;
    const decipher = createDecipheriv('aes-256-gcm', keys.aes, nonce(prefix, this.#index, final)).setAAD(header);
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
