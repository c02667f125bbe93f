import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/embedded.ts';
import { BatchIngest } from '../../src/ingest/batch-ingest.ts';
import { ReportConsumer } from '../../src/ingest/consumer.ts';
import { MemoryHallDirectory, MemoryReportSink } from './fakes.ts';
import { connectHall, envelopeOf, ratingBody, until } from './hall-client.ts';

describe('the embedded broker', () => {
  let broker: EmbeddedBroker;
  let directory: MemoryHallDirectory;
  let sink: MemoryReportSink;
  let consumer: ReportConsumer;
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    directory = new MemoryHallDirectory();
    sink = new MemoryReportSink();
    broker = await startEmbeddedBroker({ directory, port: 0, host: '127.0.0.1' });
    const login = directory.addConsumer('city-consumer');
    consumer = await ReportConsumer.start({
      url: broker.url,
      ...login,
      clientId: 'city-consumer-embedded',
      protocolVersion: 4,
      directory,
      sink,
      batchMs: 20,
    });
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await consumer.close();
    await broker.close();
  });

  async function hall(hallId: string, options?: Parameters<typeof connectHall>[3]) {
    const { account, password } = directory.addHall(hallId);
    const client = await connectHall(broker.url, account, password, options);
    closers.push(() => client.endAsync(true));
    return { account, password, client };
  }

  it('lets a hall in with the password the directory knows, and its reports are stored', async () => {
    const { client } = await hall('H1');
    const keys = await client.sendRatings(5);
    await until(() => sink.reports.size === 5, 5_000, 'five stored reports');
    expect([...sink.reports.values()].map((r) => r.idempotencyKey).sort()).toEqual([...keys].sort());
    expect(consumer.counters()).toMatchObject({ received: 5, stored: 5, replayed: 0 });
  });

  it('turns away a hall with a wrong password, and a stranger', async () => {
    const { account } = directory.addHall('H1');
    await expect(mqtt.connectAsync(broker.url, { protocolVersion: 4, username: account.hallId, password: 'guess', reconnectPeriod: 0 })).rejects.toThrow(
      /Bad username or password/,
    );
    await expect(mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password/);
  });

  it('refuses a hall publishing under another hall’s id, and nothing of it reaches the consumer', async () => {
    const other = directory.addHall('H2');
    const { account, password, client } = await hall('H1');
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    // Signed with H2's own secret: only the broker's rule stands between H1 and H2's figures.
    client.publish('hall/H2/rating', envelopeOf(other.account, ratingBody('H2', 1)), { qos: 1 });
    await closed;
    // The same hall, on its own topic, gets through: the consumer was listening all along.
    const again = await connectHall(broker.url, account, password);
    closers.push(() => again.endAsync(true));
    await again.sendRatings(1);
    await until(() => sink.reports.size === 1 && sink.presenceLog.length === 1, 5_000, 'the hall’s own report and its last will');
    expect([...sink.reports.values()].map((r) => r.hallId)).toEqual(['H1']);
    // What did reach it: the report, and H1's last will, as the broker cut H1 off. Nothing refused, nothing of H2.
    expect(consumer.counters().received).toBe(2);
    expect(sink.presenceLog.map((p) => [p.hallId, p.online])).toEqual([['H1', false]]);
    expect(sink.refusals).toEqual([]);
  });

  it('gives a hall no subscription: it cannot read other halls’ reports', async () => {
    const { client: reader } = await hall('H1');
    await expect(reader.subscribeAsync('hall/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const seen: string[] = [];
    reader.on('message', (topic) => seen.push(topic));
    const { client: writer } = await hall('H2');
    await writer.sendRatings(2);
    await until(() => sink.reports.size === 2, 5_000, 'H2’s reports stored');
    expect(seen).toEqual([]);
  });

  it('refuses a consumer that publishes: consumers only read', async () => {
    const login = directory.addConsumer('city-consumer-2');
    const rogue = await mqtt.connectAsync(broker.url, { protocolVersion: 4, ...login, clientId: 'city-consumer-rogue', reconnectPeriod: 0 });
    closers.push(() => rogue.endAsync(true));
    const { account } = directory.addHall('H1');
    const closed = new Promise<void>((r) => rogue.once('close', () => r()));
    rogue.publish('hall/H1/rating', envelopeOf(account, ratingBody('H1', 1)), { qos: 1 });
    await closed;
    expect(consumer.counters().received).toBe(0);
  });

  it('does not let a hall take a consumer’s client id, and with it the consumer’s session', async () => {
    const { account, password } = directory.addHall('H1');
    await expect(connectHall(broker.url, account, password, { clientId: 'city-consumer-embedded' })).rejects.toThrow(/Not authorized/);
  });

  it('publishes a hall’s last will when its connection dies, and the consumer marks it offline', async () => {
    const { client } = await hall('H1');
    await client.publishAsync('hall/H1/status', JSON.stringify({ online: true, at: '2026-11-23T08:00:00.000Z' }), { qos: 1, retain: true });
    await until(() => sink.presenceLog.length === 1, 5_000, 'online presence');
    client.stream.destroy();
    await until(() => sink.presenceLog.length === 2, 5_000, 'the last will');
    expect(sink.presenceLog.map((p) => [p.hallId, p.online])).toEqual([
      ['H1', true],
      ['H1', false],
    ]);
  });

  it('drops a last will aimed at another hall’s status', async () => {
    directory.addHall('H2');
    const { client: h1 } = await hall('H1', { willTopic: 'hall/H2/status' });
    const { client: h3 } = await hall('H3');
    // Both die together; H3's honest will arriving shows the broker has dealt with both deaths.
    h1.stream.destroy();
    h3.stream.destroy();
    await until(() => sink.presenceLog.some((p) => p.hallId === 'H3'), 5_000, 'H3’s last will');
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.presenceLog.map((p) => [p.hallId, p.online])).toEqual([['H3', false]]);
  });
});

describe('the embedded broker as the ingest (the single-machine platform)', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function platform() {
    const directory = new MemoryHallDirectory();
    const sink = new MemoryReportSink();
    const ingest = new BatchIngest({ directory, sink, batchMs: 20, retry: { initialMs: 20, maxMs: 100 } });
    const broker = await startEmbeddedBroker({ directory, port: 0, host: '127.0.0.1', ingest });
    closers.push(
      () => broker.close(),
      () => ingest.close(),
    );
    const { account, password } = directory.addHall('H1');
    const hall = await connectHall(broker.url, account, password);
    closers.push(() => hall.endAsync(true));
    return { sink, ingest, hall };
  }

  it('acknowledges a hall’s report only once it is stored, so a crash cannot lose what the hall counts as delivered', async () => {
    const { sink, hall } = await platform();
    const held = sink.holdNextWrite();
    let acknowledged = false;
    const sent = hall.sendRatings(1).then((keys) => ((acknowledged = true), keys));
    await held.waiting;
    await new Promise((r) => setTimeout(r, 100));
    expect(acknowledged).toBe(false);
    held.release('commit');
    const [key] = await sent;
    expect([...sink.reports.values()].map((r) => r.idempotencyKey)).toEqual([key]);
  });

  it('holds the acknowledgement through a database outage and stores every report once when it is back', async () => {
    const { sink, ingest, hall } = await platform();
    sink.down = true;
    let acknowledged = 0;
    const sent = hall.sendRatings(5).then((keys) => ((acknowledged = keys.length), keys));
    await until(() => sink.failedWrites >= 2, 5_000, 'the store failing');
    expect(acknowledged).toBe(0);
    sink.down = false;
    const keys = await sent;
    expect(acknowledged).toBe(5);
    expect([...sink.reports.values()].map((r) => r.idempotencyKey).sort()).toEqual([...keys].sort());
    expect(ingest.counters()).toMatchObject({ stored: 5, replayed: 0 });
    expect(ingest.counters().writeRetries).toBeGreaterThanOrEqual(2);
  });
});
