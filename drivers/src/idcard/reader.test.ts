import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanup.ts';
import { until } from '../testing/until.ts';
import { DisconnectedError, TimeoutError, type DriverError } from '../errors.ts';
import { SAMPLE_CARDS } from '../sim/cards.ts';
import { IdReaderSimulator, type IdReaderSimOptions } from '../sim/idcard-sim.ts';
import { FakeTransport } from '../transport/fake.ts';
import { HidTransport, toReports, type HidDevice } from '../transport/hid.ts';
import { EventEmitter } from 'node:events';
import { ChecksumError, GarbageError } from './frame.ts';
import { IdCardReader, type CardRead, type IdCardReaderOptions } from './reader.ts';
import { NoCardError, SamError } from './status.ts';
import type { Logger } from '../log.ts';

const cleanup = cleanupAfterEach();

function rig(simOptions: IdReaderSimOptions = {}, readerOptions: IdCardReaderOptions = {}) {
  const transport = new FakeTransport();
  const sim = new IdReaderSimulator(transport.device, simOptions);
  const reader = new IdCardReader(transport, { commandTimeoutMs: 400, readTimeoutMs: 600, ...readerOptions });
  const cards: CardRead[] = [];
  const errors: DriverError[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('error', (e) => errors.push(e));
  cleanup(() => reader.stop());
  return { transport, sim, reader, cards, errors };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdCardReader over the in-memory transport', () => {
  it('a card on the reader is emitted once with its decoded fields and its WLT photo untouched', async () => {
    const { reader, cards, errors } = rig({ card: 'resident' });
    await reader.start();
    await until(() => cards.length === 1);
    await sleep(900);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.card).toEqual(SAMPLE_CARDS.resident);
    expect(cards[0]!.photo.length).toBe(1024);
    expect([...cards[0]!.photo.subarray(0, 3)]).toEqual([0x57, 0x4c, 0x66]);
    expect(errors).toEqual([]);
  });

  it('find-card is polled no faster than every 300 ms', async () => {
    const { sim, reader } = rig();
    const times: number[] = [];
    sim.on('request', (name) => name === 'findCard' && times.push(performance.now()));
    await reader.start();
    await sleep(1300);
    expect(times.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(295);
  });

  it('a poll interval under 300 ms is refused with a TypeError', () => {
    expect(() => new IdCardReader(new FakeTransport(), { pollIntervalMs: 100 })).toThrow(TypeError);
  });

  it.each(['found', 'not-found'] as const)('the card must be removed before it is read again (reader says %s after a read)', async (findAfterRead) => {
    const { sim, reader, cards } = rig({ card: 'hmt', findAfterRead });
    let removed = 0;
    reader.on('removed', () => removed++);
    await reader.start();
    await until(() => cards.length === 1);
    await sleep(700);
    expect(cards).toHaveLength(1);
    sim.remove();
    await until(() => removed === 1);
    sim.insert('foreign2023');
    await until(() => cards.length === 2);
    expect(cards[1]!.card.cardType).toBe('foreign2023');
  });

  it('all four card types come out with their contract fields', async () => {
    const { sim, reader } = rig();
    await reader.transport.open();
    for (const type of ['resident', 'foreign', 'foreign2023', 'hmt'] as const) {
      sim.insert(type);
      const read = await reader.readOnce({ timeoutMs: 2000 });
      expect(read.card).toEqual(SAMPLE_CARDS[type]);
    }
  });

  it('a bad checksum surfaces as a ChecksumError and the card is read on the next good frame', async () => {
    const { sim, reader, cards, errors } = rig({ card: 'resident' });
    sim.fault('bad-checksum', { times: 1, commands: ['readText'] });
    await reader.start();
    await until(() => cards.length === 1);
    expect(errors.some((e) => e instanceof ChecksumError)).toBe(true);
  });

  it('line noise before an answer is reported as GarbageError and the answer is still used', async () => {
    const { sim, reader, cards, errors } = rig({ card: 'foreign' });
    sim.fault('garbage', { times: 2 });
    await reader.start();
    await until(() => cards.length === 1);
    expect(errors.some((e) => e instanceof GarbageError)).toBe(true);
    expect(cards[0]!.card.cardType).toBe('foreign');
  });

  it('a slow reply times out as TimeoutError, its late answer is ignored and polling recovers', async () => {
    const { sim, reader, cards, errors } = rig({ card: 'resident', slowMs: 700 });
    sim.fault('slow', { times: 1, commands: ['findCard'] });
    await reader.start();
    await until(() => cards.length === 1);
    // Let the late answer arrive: it must neither fail a later command nor cause a second read.
    await sleep(600);
    expect(cards).toHaveLength(1);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof TimeoutError)).toBe(true);
  });

  it('a truncated answer does not hang the driver: it errors and the next read succeeds', async () => {
    const { sim, reader, cards, errors } = rig({ card: 'resident' });
    sim.fault('truncated', { times: 1, commands: ['readText'] });
    await reader.start();
    await until(() => cards.length === 1);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('a failed SAM is a SamError with zh-CN and en messages', async () => {
    const { sim, reader, errors } = rig({ card: 'resident' });
    sim.fault('sam-failure');
    await reader.start();
    await until(() => errors.length > 0);
    const err = errors[0] as SamError;
    expect(err).toBeInstanceOf(SamError);
    expect(err.sam).toBe(true);
    expect(err.status).toBe(0x60);
    expect(err.messageZh).toContain('SAM');
    expect(err.messageEn).toMatch(/self-test/);
  });

  it('readOnce with no card rejects with NoCardError after its timeout', async () => {
    const { reader } = rig();
    await reader.transport.open();
    await expect(reader.readOnce({ timeoutMs: 700 })).rejects.toBeInstanceOf(NoCardError);
  });

  it('SAM commands answer: reset, status, id and a missing newest address', async () => {
    const { reader } = rig({ card: 'resident' });
    await reader.transport.open();
    await reader.resetSam();
    await reader.samStatus();
    expect(await reader.samId()).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
    await reader.selectCard();
    expect(await reader.readNewestAddress()).toBeUndefined();
  });

  it('read with fingerprint returns the templates next to the photo', async () => {
    const { reader } = rig({ card: 'resident' }, { withFingerprint: true });
    await reader.transport.open();
    const read = await reader.readOnce({ timeoutMs: 1500 });
    expect(read.fingerprint?.length).toBe(1024);
    expect(read.card.idNumber).toBe(SAMPLE_CARDS.resident.idNumber);
  });

  it('a reader unplugged mid-read reports disconnected within 1 s and resumes by itself when it returns', async () => {
    const { transport, sim, reader, cards } = rig({ card: 'resident', slowMs: 2000 });
    sim.fault('slow', { times: 1, commands: ['readText'] });
    const events: [string, number][] = [];
    reader.on('disconnected', () => events.push(['disconnected', performance.now()]));
    reader.on('connected', () => events.push(['connected', performance.now()]));
    await reader.start();
    await until(() => sim.received.includes('readText'));
    const t0 = performance.now();
    transport.device.unplug();
    await until(() => events.some(([e]) => e === 'disconnected'), 1000);
    expect(events.find(([e]) => e === 'disconnected')![1] - t0).toBeLessThan(1000);
    transport.device.replug();
    await until(() => events.some(([e]) => e === 'connected'));
    await until(() => cards.length === 1);
  });

  it('a command on a closed transport fails with DisconnectedError', async () => {
    const { reader } = rig();
    await expect(reader.findCard()).rejects.toBeInstanceOf(DisconnectedError);
  });

  it('log lines carry the masked name and number, never the clear ones', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
      info: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
      warn: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
      error: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
    };
    const { reader, cards } = rig({ card: 'resident' }, { logger });
    await reader.start();
    await until(() => cards.length === 1);
    const all = lines.join('\n');
    expect(all).toContain('张**');
    expect(all).toContain('110***********8814');
    expect(all).not.toContain(SAMPLE_CARDS.resident.name);
    expect(all).not.toContain(SAMPLE_CARDS.resident.idNumber);
    expect(all).not.toContain(SAMPLE_CARDS.resident.address!);
  });
});

/** A node-hid device stand-in wired to a simulator: 64-byte reports both ways, zero padded. */
class MockHidDevice extends EventEmitter implements HidDevice {
  readonly link = new FakeTransport();
  constructor() {
    super();
    void this.link.open();
    this.link.on('data', (bytes) => {
      for (const r of toReports(bytes, 64, 0)) this.emit('data', r.subarray(1));
    });
  }
  async write(data: number[] | Buffer): Promise<number> {
    const report = Buffer.from(data);
    await this.link.device.open();
    this.link.device.emit('data', new Uint8Array(report.subarray(1)));
    return report.length;
  }
  async close(): Promise<void> {}
}

describe('IdCardReader over USB HID', () => {
  it('reads a card from frames carried in zero-padded 64-byte reports, without reporting the padding', async () => {
    const mock = new MockHidDevice();
    // The simulator answers on the mock's link; its device end receives what the host writes.
    const sim = new IdReaderSimulator(mock.link.device, { card: 'resident' });
    // The simulator writes through the device end, which the link delivers back as reports.
    const transport = new HidTransport({ vendorId: 0x0400, productId: 0xc35a, opener: async () => mock });
    const reader = new IdCardReader(transport, { commandTimeoutMs: 400 });
    const errors: DriverError[] = [];
    reader.on('error', (e) => errors.push(e));
    cleanup(() => reader.stop());
    await transport.open();
    const read = await reader.readOnce({ timeoutMs: 2000 });
    expect(read.card).toEqual(SAMPLE_CARDS.resident);
    expect(errors).toEqual([]);
    expect(sim.received).toContain('readText');
  });
});
