import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ArchiveError, ArchiveOpener, ArchiveSealer, CHUNK_BYTES, type ArchiveSecret, type ScryptCost } from './archive-cipher.ts';
import { ArchiveLayoutError, EntryReader, endRecord, entryHead } from './archive-entries.ts';

// Cheap costs keep the tests quick; the format is the same at any cost.
const CHEAP: ScryptCost = { logN: 10, r: 8, p: 1 };
const passphrase = (text: string): ArchiveSecret => ({ kind: 'passphrase', passphrase: Buffer.from(text) });
const KEY: ArchiveSecret = { kind: 'key', key: randomBytes(32) };

async function seal(plain: Buffer, secret: ArchiveSecret, pieces = 7): Promise<Buffer> {
  const out: Buffer[] = [];
  const parts = Array.from({ length: pieces }, (_, i) =>
    plain.subarray(Math.floor((i * plain.length) / pieces), Math.floor(((i + 1) * plain.length) / pieces)),
  );
  await pipeline(
    Readable.from(parts),
    new ArchiveSealer(secret, { scrypt: CHEAP }),
    new Writable({
      write(chunk, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

async function open(archive: Buffer, secret: ArchiveSecret): Promise<Buffer> {
  const out: Buffer[] = [];
  // Fed in odd-sized pieces, as a file or socket would.
  const pieces = [];
  for (let at = 0; at < archive.length; at += 10_007) pieces.push(archive.subarray(at, at + 10_007));
  await pipeline(
    Readable.from(pieces),
    new ArchiveOpener(secret),
    new Writable({
      write(chunk, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

const HEADER = 55;
const RECORD = CHUNK_BYTES + 16;

describe('the backup archive', () => {
  it('opens to exactly what was sealed, with a passphrase or a key, whatever the size', async () => {
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 200_000]) {
      const plain = randomBytes(size);
      await expect(open(await seal(plain, KEY), KEY), `${size} bytes`).resolves.toEqual(plain);
    }
    const plain = randomBytes(150_000);
    const secret = passphrase('一个足够长的口令 correct horse');
    await expect(open(await seal(plain, secret), secret)).resolves.toEqual(plain);
  });

  it('seals the same contents differently every time, and hides them', async () => {
    const plain = Buffer.from('hall.db '.repeat(10_000));
    const [a, b] = [await seal(plain, KEY), await seal(plain, KEY)];
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('hall.db hall.db'))).toBe(false);
  });

  it('refuses a wrong passphrase or key before reading any chunk', async () => {
    const archive = await seal(randomBytes(1000), passphrase('the right passphrase'));
    await expect(open(archive, passphrase('the wrong passphrase'))).rejects.toMatchObject({
      fault: 'wrong-secret',
      message: expect.stringMatching(/^wrong passphrase/),
    });
    const keyed = await seal(randomBytes(1000), KEY);
    await expect(open(keyed, { kind: 'key', key: randomBytes(32) })).rejects.toMatchObject({
      fault: 'wrong-secret',
      message: expect.stringMatching(/^wrong backup key/),
    });
    await expect(open(keyed, passphrase('a passphrase for a keyed archive'))).rejects.toMatchObject({ fault: 'wrong-secret-kind' });
  });

  it('detects a single flipped byte anywhere: header, a middle chunk, the last tag', async () => {
    const archive = await seal(randomBytes(3 * CHUNK_BYTES + 500), KEY);
    for (const at of [9, 13, HEADER + 5, HEADER + RECORD + 100, archive.length - 1]) {
      const bad = Buffer.from(archive);
      bad[at]! ^= 0x01;
      const err = await open(bad, KEY).catch((e: unknown) => e);
      expect(err, `byte ${at}`).toBeInstanceOf(ArchiveError);
      expect((err as ArchiveError).message).not.toContain('\n');
    }
  });

  it('detects a truncated archive, cut inside a chunk or exactly between two', async () => {
    const archive = await seal(randomBytes(3 * CHUNK_BYTES + 500), KEY);
    await expect(open(archive.subarray(0, HEADER + 2 * RECORD), KEY)).rejects.toMatchObject({
      fault: 'truncated',
      message: 'the archive is truncated (it ends after chunk 2)',
    });
    await expect(open(archive.subarray(0, HEADER + RECORD + 700), KEY)).rejects.toMatchObject({ fault: 'damaged' });
    await expect(open(archive.subarray(0, HEADER), KEY)).rejects.toMatchObject({ fault: 'truncated' });
    await expect(open(archive.subarray(0, 30), KEY)).rejects.toMatchObject({ fault: 'truncated' });
  });

  it('detects chunks put in another order', async () => {
    const archive = await seal(randomBytes(3 * CHUNK_BYTES + 500), KEY);
    const chunk = (i: number) => archive.subarray(HEADER + i * RECORD, HEADER + (i + 1) * RECORD);
    const swapped = Buffer.concat([archive.subarray(0, HEADER), chunk(1), chunk(0), archive.subarray(HEADER + 2 * RECORD)]);
    await expect(open(swapped, KEY)).rejects.toMatchObject({ fault: 'damaged', message: expect.stringContaining('chunk 1 does not open') });
  });

  it('says plainly when a file is not a hall backup at all', async () => {
    await expect(open(Buffer.from('SQLite format 3\0'.repeat(10)), KEY)).rejects.toMatchObject({
      fault: 'not-an-archive',
      message: 'not a hall backup archive',
    });
  });
});

describe('the entries inside an archive', () => {
  async function read(bytes: Buffer, pieceSize: number) {
    const entries: { name: string; bytes: Buffer }[] = [];
    let summary: unknown;
    const pieces = [];
    for (let at = 0; at < bytes.length; at += pieceSize) pieces.push(bytes.subarray(at, at + pieceSize));
    await pipeline(
      Readable.from(pieces),
      new EntryReader({
        entry(name) {
          const parts: Buffer[] = [];
          return { write: (b) => parts.push(Buffer.from(b)), end: () => entries.push({ name, bytes: Buffer.concat(parts) }) };
        },
        end: (s) => (summary = s),
      }),
    );
    return { entries, summary };
  }

  const a = randomBytes(5000);
  const layout = Buffer.concat([entryHead('hall.db', a.length), a, entryHead('空的', 0), endRecord({ entries: 2 })]);

  it('hands over each entry whole, however the bytes are cut', async () => {
    for (const piece of [1, 3, 64, 100_000]) {
      const { entries, summary } = await read(layout, piece);
      expect(entries).toEqual([
        { name: 'hall.db', bytes: a },
        { name: '空的', bytes: Buffer.alloc(0) },
      ]);
      expect(summary).toEqual({ entries: 2 });
    }
  });

  it('refuses contents without their end record, or with anything after it', async () => {
    await expect(read(layout.subarray(0, layout.length - 20), 999)).rejects.toBeInstanceOf(ArchiveLayoutError);
    await expect(read(Buffer.concat([layout, Buffer.from('E')]), 999)).rejects.toThrow('after its end record');
  });
});
