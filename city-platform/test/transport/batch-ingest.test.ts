/**
 * How `BatchIngest` takes batches, with no broker: messages are pushed as a
 * transport would push them, and "settled" is what the transport would turn
 * into a PUBACK.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BatchIngest } from '../../src/ingest/batch-ingest.ts';
import { MemoryHallDirectory, MemoryReportSink } from './fakes.ts';
import { envelopeOf, ratingBody, until } from './hall-client.ts';

describe('batches', () => {
  const open: BatchIngest[] = [];
  afterEach(async () => {
    for (const ingest of open.splice(0)) await ingest.close();
  });

  function setUp(options: { inFlight?: number }) {
    const directory = new MemoryHallDirectory();
    const sink = new MemoryReportSink();
    const ingest = new BatchIngest({ directory, sink, batchSize: 2, batchMs: 10_000, ...options });
    open.push(ingest);
    const { account } = directory.addHall('H1');
    const settled: number[] = [];
    const push = (n: number) =>
      ingest.push({
        topic: `hall/${account.hallId}/rating`,
        payload: Buffer.from(envelopeOf(account, ratingBody(account.hallId, n), `key-${n}`)),
        receivedAt: Date.now(),
        settle: () => settled.push(n),
      });
    return { sink, settled, push };
  }

  /** Four messages pushed (two batches of two), the first batch's write held before its commit. */
  async function withFirstBatchHeld(options: { inFlight?: number }) {
    const world = setUp(options);
    const held = world.sink.holdNextWrite();
    for (const n of [1, 2, 3, 4]) world.push(n);
    await held.waiting;
    return { ...world, held };
  }

  it('writes the next batch while the one before it is still being written, and settles it only after that one', async () => {
    const { sink, settled, held } = await withFirstBatchHeld({});
    await until(() => sink.written.length === 2, 2_000, 'the second batch written');
    expect(sink.written.map((r) => r.idempotencyKey)).toEqual(['key-3', 'key-4']);
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toEqual([]);
    held.release('commit');
    await until(() => settled.length === 4, 2_000, 'both batches settled');
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('with one batch in flight, writes the next only once the one before it is done', async () => {
    const { sink, settled, held } = await withFirstBatchHeld({ inFlight: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.written).toEqual([]);
    held.release('commit');
    await until(() => settled.length === 4, 2_000, 'both batches settled');
    expect(sink.written.map((r) => r.idempotencyKey)).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
  });

  it('settles a later batch even when the one before it is abandoned, and never the abandoned one', async () => {
    const { sink, settled, held } = await withFirstBatchHeld({});
    await until(() => sink.written.length === 2, 2_000, 'the second batch written');
    // The store fails the first batch for good: the ingest closes while it waits to try again.
    sink.down = true;
    held.release('fail');
    await until(() => sink.failedWrites >= 1, 2_000, 'the held write failing');
    await open.pop()!.close();
    expect(settled).toEqual([3, 4]);
  });

  it('refuses a pipeline depth that is not a positive whole number', () => {
    const directory = new MemoryHallDirectory();
    expect(() => new BatchIngest({ directory, sink: new MemoryReportSink(), inFlight: 0 })).toThrow(/inFlight/);
  });
});
