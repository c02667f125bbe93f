/**
 * Scanned pages at rest: `DATA/files/xx/<name>`, each encrypted with
 * AES-256-GCM under a key derived from the vault's (so backing up hall.key
 * covers them). Content-addressed: a file's name is a keyed hash of the
 * SHA-256 of its plaintext, so the same page uploaded twice is one file,
 * and the directory does not tell anyone holding a copy of a page whether
 * the hall has it. The SHA-256 is bound into each file as associated data:
 * a file moved to another name fails to open.
 *
 * A page is hashed and encrypted as its bytes arrive and written to a
 * temporary name; only when the whole body has come, its hash is the one
 * claimed and its first bytes are of the declared type is it renamed into
 * place, and the file and its directory synced, before the upload is
 * answered. A refused upload leaves nothing. The database learns of a page
 * only once it is answered, and only pages it knows are served or reused,
 * so a name that a crash left pointing at a torn file is harmless: the next
 * upload of that page writes it again, and the purge sweeps it otherwise.
 *
 * Layout of a file: "HFE1" | iv (12) | ciphertext | tag (16).
 *
 * Opening, renaming and closing are done synchronously (on the sealer's
 * thread): on a local disk they cost microseconds, less than a trip through
 * libuv's four-thread pool, which is kept for what takes time — the write
 * and the sync — so that five pages arriving together do not queue behind
 * each other's bookkeeping.
 */
import { createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { closeSync, fsync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PageSealer } from './page-sealer.ts';

/** The pages' directory inside the data directory. */
export const FILES_DIR = 'files';
/** A stored name (`ab/cdef…`, relative to FILES_DIR). */
export const STORED_NAME = /^[0-9a-f]{2}\/[0-9a-f]{62}$/;

const MAGIC = Buffer.from('HFE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes of a page seen before its type is judged (the longest signature is 8). */
const HEAD_BYTES = 8;

export type Received =
  | { outcome: 'stored' | 'exists'; size: number }
  | { outcome: 'too-large' }
  | { outcome: 'wrong-type' }
  | { outcome: 'hash-mismatch'; sha256: string };

export type ReceiveRules = {
  maxBytes: number;
  /** Judges the first bytes (8, or the whole page if shorter). */
  typeMatches: (head: Uint8Array) => boolean;
};

export class FileStore {
  readonly root: string;
  // KeyObjects made once: building one from raw bytes for every page showed in profiles.
  readonly #key: KeyObject;
  readonly #nameKey: KeyObject;
  readonly #sealer: PageSealer;

  private constructor(root: string, key: Buffer, nameKey: Buffer) {
    this.root = root;
    this.#key = createSecretKey(key);
    this.#nameKey = createSecretKey(nameKey);
    this.#sealer = new PageSealer(key);
  }

  /** Stops the sealer's threads; pages in progress fail. */
  async close(): Promise<void> {
    await this.#sealer.close();
  }

  /**
   * Opens `DATA/files` with the two keys (sealing and naming). All 256
   * buckets are made up front and the directory synced once, so no upload
   * has to make a directory durable.
   */
  static async open(dataDir: string, keys: { seal: Buffer; name: Buffer }): Promise<FileStore> {
    const root = join(dataDir, FILES_DIR);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    for (let i = 0; i < 256; i++) mkdirSync(join(root, i.toString(16).padStart(2, '0')), { recursive: true, mode: 0o700 });
    await syncDirectory(root);
    await syncDirectory(dataDir);
    const store = new FileStore(root, keys.seal, keys.name);
    store.#removeLeftovers();
    return store;
  }

  readonly #names = new Map<string, string>();

  /** `ab/cdef…`: where the file for a SHA-256 lives, relative to the root. */
  storedName(sha256: string): string {
    let name = this.#names.get(sha256);
    if (!name) {
      const mac = createHmac('sha256', this.#nameKey).update(sha256).digest('hex');
      name = `${mac.slice(0, 2)}/${mac.slice(2)}`;
      // A page's name is asked for several times while it is uploaded and filed; a few hundred recent ones are enough.
      if (this.#names.size >= 512) this.#names.delete(this.#names.keys().next().value!);
      this.#names.set(sha256, name);
    }
    return name;
  }

  #path(sha256: string): string {
    return join(this.root, this.storedName(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return statSync(this.#path(sha256), { throwIfNoEntry: false }) !== undefined;
  }

  /**
   * Takes a page's bytes as they arrive and stores them if they are what the
   * caller says: no more than `maxBytes`, of the right type, with this
   * SHA-256. With `keep: false` (the page is already stored) it only hashes,
   * to answer truthfully. The body is always read to its end: a refused
   * upload is drained, so the client gets its answer rather than a reset.
   *
   * Size and type are judged here as the bytes come; hashing, encryption and
   * the write happen on the sealer's thread (page-sealer.ts).
   */
  async receive(sha256: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, rules: ReceiveRules & { keep?: boolean }): Promise<Received> {
    const keep = rules.keep ?? true;
    const temp = keep ? join(this.root, this.storedName(sha256).slice(0, 2), `.tmp-${randomBytes(8).toString('hex')}`) : undefined;
    const page = this.#sealer.begin(sha256, temp);
    let refused: Received | undefined;
    let size = 0;
    const head = Buffer.alloc(HEAD_BYTES);
    let headBytes = 0;
    let ended = false;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (refused) continue;
        if (size > rules.maxBytes) {
          refused = { outcome: 'too-large' };
          continue;
        }
        if (headBytes < HEAD_BYTES) {
          headBytes += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(head, headBytes, 0, HEAD_BYTES - headBytes);
          if (headBytes === HEAD_BYTES && !rules.typeMatches(head)) {
            refused = { outcome: 'wrong-type' };
            continue;
          }
        }
        page.write(chunk);
      }
      if (!refused && headBytes < HEAD_BYTES && !rules.typeMatches(head.subarray(0, headBytes))) refused = { outcome: 'wrong-type' };
      if (refused) return refused;
      ended = true;
      const { digest, placed } = await page.end(temp ? this.#path(sha256) : undefined);
      if (digest !== sha256) return { outcome: 'hash-mismatch', sha256: digest };
      return { outcome: placed ? 'stored' : 'exists', size };
    } finally {
      if (!ended) await page.abort().catch(() => undefined);
    }
  }

  /** Stores a page already in memory (tests, tools); one the store has is not written again. */
  async put(sha256: string, plain: Uint8Array, rules: ReceiveRules = { maxBytes: Number.MAX_SAFE_INTEGER, typeMatches: () => true }): Promise<Received> {
    return this.receive(sha256, [plain], { ...rules, keep: !(await this.has(sha256)) });
  }

  /** The plaintext; throws if the file is missing, was altered or belongs to another name. */
  async read(sha256: string): Promise<Buffer> {
    const data = await readFile(this.#path(sha256));
    if (data.length < MAGIC.length + IV_BYTES + TAG_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a filing file');
    const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(sha256));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(MAGIC.length + IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  }

  /** Every stored file's name (`ab/cdef…`), bucket by bucket. */
  async *list(): AsyncGenerator<string> {
    for (const bucket of await readdir(this.root)) {
      const names = await readdir(join(this.root, bucket)).catch(() => [] as string[]);
      for (const name of names) if (!name.startsWith('.tmp-')) yield `${bucket}/${name}`;
    }
  }

  /** When a stored file was last written; undefined if it is gone. */
  async modifiedAt(storedName: string): Promise<number | undefined> {
    return (await stat(join(this.root, storedName)).catch(() => undefined))?.mtimeMs;
  }

  /** Deletes a file by its stored name (one the database no longer knows). */
  async removeStored(storedName: string): Promise<void> {
    if (!STORED_NAME.test(storedName)) throw new TypeError(`not a stored name: ${storedName}`);
    await unlink(join(this.root, storedName)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async remove(sha256: string): Promise<void> {
    await unlink(this.#path(sha256)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Temporary files of writes a crash interrupted. */
  #removeLeftovers(): void {
    for (const bucket of readdirSync(this.root)) {
      const dir = join(this.root, bucket);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir)) if (name.startsWith('.tmp-')) rmSync(join(dir, name), { force: true });
    }
  }
}

async function syncDirectory(path: string): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    await new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
  } finally {
    closeSync(fd);
  }
}
