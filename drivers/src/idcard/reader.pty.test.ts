/**
 * The reader driver over a real serial port: a socat pty pair with the
 * simulator on the far end, or a real reader when HALL_TEST_IDCARD_PORT is
 * set (HALL_TEST_IDCARD_BAUD for a 9600-baud unit). Cases that need to
 * control the far end (faults, unplugging) run only against the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../sim/cards.ts';
import { IdReaderSimulator } from '../sim/idcard-sim.ts';
import { createPtyPair } from '../sim/socat.ts';
import { until } from '../testing/until.ts';
import { SerialTransport } from '../transport/serial.ts';
import { IdCardReader, type CardRead } from './reader.ts';
import type { DriverError } from '../errors.ts';

const realPort = process.env.HALL_TEST_IDCARD_PORT;
const realBaud = Number(process.env.HALL_TEST_IDCARD_BAUD ?? 115200);

/** The simulator on one end of a pty pair and the reader, started, on the other, with what the reader reports. */
async function readerOnPty() {
  const pair = await createPtyPair();
  // Both ends come back quickly after the pair is unplugged and replugged.
  const reconnect = { initialMs: 50, maxMs: 200 };
  const devicePort = new SerialTransport({ path: pair.device, reconnect });
  await devicePort.open();
  const sim = new IdReaderSimulator(devicePort);
  const reader = new IdCardReader(new SerialTransport({ path: pair.host, reconnect }), { commandTimeoutMs: 500 });
  const cards: CardRead[] = [];
  const errors: DriverError[] = [];
  reader.on('card', (c) => cards.push(c));
  reader.on('error', (e) => errors.push(e));
  await reader.start();
  const close = async () => {
    await reader.stop();
    await devicePort.close();
    await pair.close();
  };
  return { pair, sim, reader, cards, errors, close };
}

describe('IdCardReader on a socat pty with the simulator', () => {
  let rig: Awaited<ReturnType<typeof readerOnPty>>;
  beforeAll(async () => {
    rig = await readerOnPty();
  });
  afterAll(() => rig?.close());

  it('a card put on the simulated reader arrives once as a card event', async () => {
    const { sim, cards } = rig;
    sim.insert('resident');
    await until(() => cards.length === 1);
    expect(cards[0]!.card).toEqual(SAMPLE_CARDS.resident);
    await new Promise((r) => setTimeout(r, 700));
    expect(cards).toHaveLength(1);
    sim.remove();
  });

  it('after a burst of line noise and a bad checksum the next card is read', async () => {
    const { sim, cards, errors } = rig;
    await new Promise((r) => setTimeout(r, 400));
    errors.length = 0;
    sim.fault('garbage', { times: 1 });
    sim.fault('bad-checksum', { times: 1, commands: ['readText'] });
    sim.insert('foreign');
    await until(() => cards.length === 2);
    expect(cards[1]!.card.cardType).toBe('foreign');
    expect(errors.map((e) => e.name)).toEqual(expect.arrayContaining(['GarbageError', 'ChecksumError']));
    sim.remove();
  });

  it('the port vanishing mid-read is reported within 1 s, and reading resumes when it returns', async () => {
    const { pair, sim, reader, cards } = rig;
    await new Promise((r) => setTimeout(r, 400));
    const events: string[] = [];
    reader.on('disconnected', () => events.push('disconnected'));
    reader.on('connected', () => events.push('connected'));
    sim.fault('slow', { times: 1, commands: ['readText'] });
    const before = sim.received.length;
    sim.insert('hmt');
    await until(() => sim.received.slice(before).includes('readText'));
    const t0 = Date.now();
    await pair.unplug();
    await until(() => events.includes('disconnected'), 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    await pair.replug();
    // The simulator's own port reconnects to the new pty as well.
    await until(() => events.includes('connected'), 5000);
    await until(() => cards.length === 3, 8000);
    expect(cards[2]!.card.cardType).toBe('hmt');
  });
});

describe.skipIf(!realPort)('IdCardReader on a real reader (HALL_TEST_IDCARD_PORT)', () => {
  let reader: IdCardReader;

  beforeAll(async () => {
    reader = new IdCardReader(new SerialTransport({ path: realPort!, baudRate: realBaud, reconnect: { enabled: false } }));
    await reader.transport.open();
  });

  afterAll(async () => {
    await reader?.stop();
  });

  it('the SAM reports a healthy status', async () => {
    await reader.samStatus();
  });

  it('the SAM id reads in its dotted form', async () => {
    expect(await reader.samId()).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
  });

  it('a card presented within 30 s is read and decoded (put one on the reader now)', { timeout: 40_000 }, async () => {
    process.stderr.write('\n>>> put an ID card on the reader within 30 s\n');
    const read = await reader.readOnce({ timeoutMs: 30_000 });
    expect(['resident', 'foreign', 'foreign2023', 'hmt']).toContain(read.card.cardType);
    expect(read.card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(read.photo.length).toBeGreaterThan(0);
  });
});
