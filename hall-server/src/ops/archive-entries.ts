/**
 * What a backup archive holds once opened: a sequence of named entries and
 * an end record, in a layout of its own so that nothing but these few
 * fields is ever read from it.
 *
 *   entry: "E" | name length (u16) | name (UTF-8) | size (u64) | bytes
 *   end:   "Z" | length (u32) | JSON summary
 *
 * All integers big-endian. Nothing may follow the end record.
 */
import { Writable } from 'node:stream';

const ENTRY = 0x45;
const END = 0x5a;
const MAX_NAME_BYTES = 1024;
const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Contents that are not laid out as this module writes them; `message` is one line. */
export class ArchiveLayoutError extends Error {
  readonly archive = true;
}

export function entryHead(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(1 + 2 + nameBytes.length + 8);
  head[0] = ENTRY;
  head.writeUInt16BE(nameBytes.length, 1);
  nameBytes.copy(head, 3);
  head.writeBigUInt64BE(BigInt(size), 3 + nameBytes.length);
  return head;
}

export function endRecord(summary: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(summary), 'utf8');
  const head = Buffer.alloc(5);
  head[0] = END;
  head.writeUInt32BE(json.length, 1);
  return Buffer.concat([head, json]);
}

/** Where one entry's bytes go while it is read. */
export type EntrySink = { write(bytes: Buffer): void; end(): void };

export type EntryHandlers = {
  /** Called with an entry's name and size before its bytes; throwing refuses the entry (and the archive). */
  entry(name: string, size: number): EntrySink;
  end(summary: unknown): void;
};

type Need = { what: 'tag' } | { what: 'name-length' } | { what: 'name'; bytes: number } | { what: 'size'; name: string } | { what: 'summary-length' };

/** Reads opened contents and hands each entry to `handlers` as its bytes arrive. */
export class EntryReader extends Writable {
  readonly #handlers: EntryHandlers;
  #buffer = Buffer.alloc(0);
  #need: Need = { what: 'tag' };
  /** The entry whose bytes are being passed on, and how many are still to come. */
  #body: { sink: EntrySink; left: number } | undefined;
  #summaryBytes: number | undefined;
  #ended = false;

  constructor(handlers: EntryHandlers) {
    super();
    this.#handlers = handlers;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    try {
      this.#read(chunk);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _final(done: (err?: Error | null) => void): void {
    done(this.#ended ? null : new ArchiveLayoutError('the archive ends before its end record: it was not finished when it was written'));
  }

  #read(chunk: Buffer): void {
    let input = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      if (this.#body) {
        const take = Math.min(this.#body.left, input.length);
        if (take > 0) this.#body.sink.write(input.subarray(0, take));
        input = input.subarray(take);
        this.#body.left -= take;
        if (this.#body.left > 0) break;
        this.#body.sink.end();
        this.#body = undefined;
        continue;
      }
      if (input.length === 0) break;
      if (this.#ended) throw new ArchiveLayoutError('the archive has data after its end record');
      const used = this.#step(input);
      if (used === 0) break;
      input = input.subarray(used);
    }
    this.#buffer = Buffer.from(input);
  }

  /** Reads one field from the front of `input`; 0 when more bytes are needed. */
  #step(input: Buffer): number {
    const need = this.#need;
    switch (need.what) {
      case 'tag':
        if (input[0] === ENTRY) this.#need = { what: 'name-length' };
        else if (input[0] === END) this.#need = { what: 'summary-length' };
        else throw new ArchiveLayoutError('the archive holds something other than hall backup entries');
        return 1;
      case 'name-length': {
        if (input.length < 2) return 0;
        const bytes = input.readUInt16BE(0);
        if (bytes === 0 || bytes > MAX_NAME_BYTES) throw new ArchiveLayoutError('the archive holds an entry with an impossible name');
        this.#need = { what: 'name', bytes };
        return 2;
      }
      case 'name':
        if (input.length < need.bytes) return 0;
        this.#need = { what: 'size', name: input.subarray(0, need.bytes).toString('utf8') };
        return need.bytes;
      case 'size': {
        if (input.length < 8) return 0;
        const size = input.readBigUInt64BE(0);
        if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new ArchiveLayoutError('the archive holds an entry of impossible size');
        this.#body = { sink: this.#handlers.entry(need.name, Number(size)), left: Number(size) };
        this.#need = { what: 'tag' };
        return 8;
      }
      case 'summary-length': {
        if (this.#summaryBytes === undefined) {
          if (input.length < 4) return 0;
          this.#summaryBytes = input.readUInt32BE(0);
          if (this.#summaryBytes > MAX_SUMMARY_BYTES) throw new ArchiveLayoutError('the archive has an impossible end record');
          return 4;
        }
        if (input.length < this.#summaryBytes) return 0;
        let summary: unknown;
        try {
          summary = JSON.parse(input.subarray(0, this.#summaryBytes).toString('utf8'));
        } catch {
          throw new ArchiveLayoutError('the archive has an unreadable end record');
        }
        this.#ended = true;
        this.#handlers.end(summary);
        return this.#summaryBytes;
      }
    }
  }
}
