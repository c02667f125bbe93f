import { MqttSink } from '@hall/server/upstream-sinks';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConsumerOptions, ReportConsumer } from '../../src/ingest/consumer.ts';
import type { HallAccount } from '../../src/ports.ts';
import { type MosquittoServer, startMosquitto } from '../mosquitto-server.ts';
import { MemoryHallDirectory, MemoryReportSink } from './fakes.ts';
import { connectHall, envelopeOf, type HallClient, ratingBody, until } from './hall-client.ts';
import { startTcpProxy } from './tcp-proxy.ts';

describe('with Mosquitto and the configuration the platform writes', () => {
  let directory: MemoryHallDirectory;
  let broker: MosquittoServer;
  let h1: { account: HallAccount; password: string };
  let h2: { account: HallAccount; password: string };
  let consumerLogin: { username: string; password: string };
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    directory = new MemoryHallDirectory();
    h1 = directory.addHall('330106-ZWFW-01');
    h2 = directory.addHall('330102-ZWFW-01');
    consumerLogin = directory.addConsumer('city-consumer');
    broker = await startMosquitto(directory);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await broker.stop();
  });

  async function hall(who: { account: HallAccount; password: string }, options?: Parameters<typeof connectHall>[3]): Promise<HallClient> {
    const client = await connectHall(broker.url, who.account, who.password, options);
    closers.push(() => client.endAsync(true));
    return client;
  }

  async function consumer(sink: MemoryReportSink, options: Partial<ConsumerOptions> = {}): Promise<ReportConsumer> {
    const c = await ReportConsumer.start({
      url: broker.url,
      ...consumerLogin,
      clientId: 'city-consumer-1',
      shareGroup: 'city',
      directory,
      sink,
      batchSize: 20,
      batchMs: 30,
      retry: { initialMs: 50, maxMs: 200 },
      reconnectMs: 100,
      ...options,
    });
    closers.push(() => c.close());
    return c;
  }

  it('lets a hall in with the password the directory knows, and nobody with another', async () => {
    const client = await hall(h1);
    expect(client.connected).toBe(true);
    const refused = (username: string, password: string) =>
      mqtt.connectAsync(broker.url, { protocolVersion: 4, username, password, reconnectPeriod: 0, clientId: `probe-${username}` });
    await expect(refused(h1.account.hallId, h2.password)).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(refused('330199-ZWFW-09', 'anything')).rejects.toThrow(/Not authorized|Bad username or password/);
    await expect(mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 })).rejects.toThrow(/Not authorized/);
  });

  it('stores a queue-load report sent by the hall server’s own MQTT sink', async () => {
    const sink = new MemoryReportSink();
    await consumer(sink);
    const { hallId } = h1.account;
    const hallSink = new MqttSink({ url: broker.url.replace('mqtt://', `mqtt://${hallId}:${h1.password}@`), secret: h1.account.secret, hallId });
    closers.push(() => hallSink.close());
    const body = JSON.stringify({
      type: 'queue-load',
      hallId,
      at: '2026-11-23T02:15:00.000Z',
      day: '2026-11-23',
      services: [
        {
          code: '330106-HJ-001',
          name: '户籍办理',
          waiting: 7,
          longestWaitS: 1260,
          avgWaitS: 840,
          estimatedWaitMinutes: 18,
          issued: 52,
          served: 41,
          windowsOpen: 2,
        },
      ],
      windows: [{ no: 1, state: 'open', servedToday: 23, currentNumber: 'A046' }],
      issuedToday: 413,
      servedToday: 350,
    });
    const item = { id: 1, kind: 'queue-load', key: 'ql-1', body, attempts: 0, createdAt: 0 };
    // The sink refuses to send before its connection is up; the hall's deliverer retries, and so does this.
    for (let sent = false; !sent; )
      sent = await hallSink.send(item).then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 50)),
      );
    await until(() => sink.reports.size === 1, 5_000, 'the hall’s report');
    expect(sink.reports.get(`${hallId}\nql-1`)).toMatchObject({ type: 'queue-load', at: '2026-11-23T02:15:00.000Z', body: { issuedToday: 413 } });
  });

  it('holds the ACL: a hall writes only under its own id and reads nothing; a consumer writes nothing', async () => {
    const sink = new MemoryReportSink();
    const c = await consumer(sink);
    const writer = await hall(h1);
    const reader = await hall(h2);
    const seenByHall: string[] = [];
    reader.on('message', (topic) => seenByHall.push(topic));
    await reader.subscribeAsync('hall/#', { qos: 1 }).catch(() => undefined);
    const rogue = await mqtt.connectAsync(broker.url, { protocolVersion: 5, ...consumerLogin, clientId: 'city-consumer-rogue', reconnectPeriod: 0 });
    closers.push(() => rogue.endAsync(true));

    // Both signed with H2's real secret: only the ACL keeps them out.
    // MQTT 3.1.1 has no way to say no to a PUBLISH: Mosquitto acknowledges it and drops it.
    await writer.publishAsync(`hall/${h2.account.hallId}/rating`, envelopeOf(h2.account, ratingBody(h2.account.hallId, 1)), { qos: 1 });
    // MQTT 5 has: the consumer's PUBACK says "not authorized".
    await expect(rogue.publishAsync(`hall/${h2.account.hallId}/rating`, envelopeOf(h2.account, ratingBody(h2.account.hallId, 2)), { qos: 1 })).rejects.toThrow(
      /Not authorized/,
    );
    // Then an honest report, on the same connection after the forbidden one: once it is stored, the others would have been.
    await writer.sendRatings(1);
    await until(() => sink.reports.size === 1, 5_000, 'the honest report');
    expect([...sink.reports.values()].map((r) => r.hallId)).toEqual([h1.account.hallId]);
    expect(c.counters()).toMatchObject({ received: 1, stored: 1 });
    expect(seenByHall).toEqual([]);
  });

  it('shares the messages between two consumers of one group, each message to one of them', async () => {
    const sink = new MemoryReportSink();
    const a = await consumer(sink, { clientId: 'city-consumer-a' });
    const b = await consumer(sink, { clientId: 'city-consumer-b' });
    const client = await hall(h1);
    const other = await hall(h2);
    await Promise.all([client.sendRatings(150), other.sendRatings(150)]);
    await until(() => sink.reports.size === 300, 10_000, '300 stored reports');
    const [ca, cb] = [a.counters(), b.counters()];
    expect(ca.stored).toBeGreaterThan(0);
    expect(cb.stored).toBeGreaterThan(0);
    expect(ca.stored + cb.stored).toBe(300);
    expect(ca.received + cb.received).toBe(300);
    // Written once each: no message went to both.
    expect(sink.written).toHaveLength(300);
    expect(ca.replayed + cb.replayed).toBe(0);
    // And they were batched, not written one by one.
    expect(sink.batchSizes.length).toBeLessThan(300);
  });

  it('loses nothing and stores nothing twice when a consumer’s connection is cut before its batch commits', async () => {
    const proxy = await startTcpProxy(broker.port);
    closers.push(() => proxy.close());
    const sink = new MemoryReportSink();
    const held = sink.holdNextWrite();
    const c = await consumer(sink, { url: proxy.url });
    const client = await hall(h1);
    const keys = await client.sendRatings(60);
    await held.waiting;
    proxy.cut();
    // The write commits after the connection is gone: its PUBACKs cannot be sent, so the broker still holds those messages.
    held.release();
    await until(() => sink.reports.size === 60 && c.counters().connects >= 2, 10_000, 'every report stored after the reconnect');
    // The cut batch (at least the 20 held) comes back, is recognised by its keys, and is counted as replayed, not
    // stored again; so do the batches written beside it, whose acknowledgements waited for it.
    await until(() => c.counters().replayed >= 20, 10_000, 'the cut batch redelivered');
    await until(() => c.counters().stored + c.counters().replayed === sink.written.length, 5_000, 'every redelivered copy handled');
    expect(new Set([...sink.reports.values()].map((r) => r.idempotencyKey))).toEqual(new Set(keys));
    const counters = c.counters();
    expect(counters.stored).toBe(60);
    expect(sink.written.length).toBe(60 + counters.replayed);
  });

  it('loses nothing when a consumer dies mid-batch: its successor under the same client id gets the unacknowledged messages', async () => {
    const proxy = await startTcpProxy(broker.port);
    const sink = new MemoryReportSink();
    const held = sink.holdNextWrite();
    const doomed = await consumer(sink, { url: proxy.url, clientId: 'city-consumer-doomed' });
    const client = await hall(h1);
    const keys = await client.sendRatings(60);
    await held.waiting;
    // The process dies: its connection drops, it never reconnects, its first batch's write never commits.
    // A batch taken after it may have been written meanwhile, but it was not acknowledged: it waits its turn.
    await proxy.close();
    const dying = doomed.close();
    held.release('fail');
    await dying;
    const storedBeforeDeath = doomed.counters().stored;
    expect(storedBeforeDeath).toBeLessThan(60);
    const successor = await consumer(sink, { clientId: 'city-consumer-doomed' });
    await until(() => sink.reports.size === 60, 10_000, 'all 60 stored by the successor');
    expect(new Set([...sink.reports.values()].map((r) => r.idempotencyKey))).toEqual(new Set(keys));
    // What the dead consumer wrote comes back, unacknowledged, and is recognised as already stored.
    await until(() => successor.counters().stored + successor.counters().replayed === 60, 5_000, 'every message redelivered');
    expect(successor.counters()).toMatchObject({ stored: 60 - storedBeforeDeath, replayed: storedBeforeDeath });
  });

  it('keeps a batch unacknowledged through a database outage, then stores all of it once', async () => {
    const sink = new MemoryReportSink();
    sink.down = true;
    const c = await consumer(sink);
    const client = await hall(h1);
    await client.sendRatings(40);
    await until(() => sink.failedWrites >= 3, 5_000, 'three failed writes');
    sink.down = false;
    await until(() => sink.reports.size === 40, 5_000, 'all 40 stored');
    expect(sink.written).toHaveLength(40);
    expect(c.counters()).toMatchObject({ stored: 40, replayed: 0 });
    expect(c.counters().writeRetries).toBeGreaterThanOrEqual(3);
  });

  it('stores what halls sent while the consumer was away, when it comes back under the same client id', async () => {
    const sink = new MemoryReportSink();
    const first = await consumer(sink, { clientId: 'city-consumer-away' });
    await first.close();
    const client = await hall(h1);
    const keys = await client.sendRatings(25);
    await consumer(sink, { clientId: 'city-consumer-away' });
    await until(() => sink.reports.size === 25, 5_000, 'the reports sent while away');
    expect(new Set(sink.reports.keys())).toEqual(new Set(keys.map((k) => `${h1.account.hallId}\n${k}`)));
  });

  it('reconnects by itself after a broker restart, and stores what was queued across it', async () => {
    const sink = new MemoryReportSink();
    const c = await consumer(sink);
    const client = await hall(h1, { reconnect: true });
    await client.sendRatings(10);
    await until(() => sink.reports.size === 10, 5_000, 'the first ten');
    await broker.restart();
    // Mosquitto 2.0.11 forgets $share subscriptions over a restart: what halls send before the consumer
    // has subscribed again is dropped (docs/city-platform/transport.md). So: the consumer first, then the hall.
    await until(() => c.counters().subscribes >= 2, 5_000, 'the consumer back and subscribed');
    await client.sendRatings(10, 10);
    await until(() => sink.reports.size === 20, 10_000, 'the ten sent after the restart');
    expect(c.counters().connects).toBeGreaterThanOrEqual(2);
  });

  it('reports a hall offline when it dies without saying goodbye (its last will)', async () => {
    const sink = new MemoryReportSink();
    await consumer(sink, { now: () => Date.parse('2026-11-23T09:30:00.000Z') });
    const client = await hall(h1);
    await client.publishAsync(`hall/${h1.account.hallId}/status`, JSON.stringify({ online: true, at: '2026-11-23T08:00:00.000Z' }), { qos: 1, retain: true });
    await until(() => sink.presenceLog.length === 1, 5_000, 'online');
    client.stream.destroy();
    await until(() => sink.presenceLog.length === 2, 5_000, 'the last will');
    expect(sink.presenceLog).toEqual([
      { hallId: h1.account.hallId, online: true, at: '2026-11-23T08:00:00.000Z' },
      { hallId: h1.account.hallId, online: false, at: '2026-11-23T09:30:00.000Z' },
    ]);
  });

  it('gives a consumer that starts later each hall’s last known presence', async () => {
    const client = await hall(h1);
    await client.publishAsync(`hall/${h1.account.hallId}/status`, JSON.stringify({ online: true, at: '2026-11-23T08:00:00.000Z' }), { qos: 1, retain: true });
    const sink = new MemoryReportSink();
    await consumer(sink, { clientId: 'city-consumer-late' });
    await until(() => sink.presenceLog.length === 1, 5_000, 'the retained status');
    expect(sink.presenceLog[0]).toMatchObject({ hallId: h1.account.hallId, online: true });
  });

  it('picks up a hall added after start once the files are regenerated and Mosquitto reloads them', async () => {
    const h3 = directory.addHall('330108-ZWFW-01');
    await expect(connectHall(broker.url, h3.account, h3.password)).rejects.toThrow(/Not authorized|Bad username or password/);
    await broker.reload();
    const client = await hall(h3);
    expect(client.connected).toBe(true);
  });
});
