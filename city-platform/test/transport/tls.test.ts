import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../src/broker/embedded.ts';
import { ReportConsumer } from '../../src/ingest/consumer.ts';
import { startMosquitto } from '../mosquitto-server.ts';
import { makeTestPki, type TestPki } from './certificates.ts';
import { MemoryHallDirectory, MemoryReportSink } from './fakes.ts';
import { envelopeOf, ratingBody, until } from './hall-client.ts';

describe('halls with client certificates', () => {
  let dir: string;
  let pki: TestPki;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'city-pki-'));
    pki = makeTestPki(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('on Mosquitto, a hall logs in by its certificate alone, and its certificate decides whose topics it may write', async () => {
    const directory = new MemoryHallDirectory();
    const h1 = directory.addHall('330106-ZWFW-01');
    const h2 = directory.addHall('330102-ZWFW-01');
    const consumerLogin = directory.addConsumer('city-consumer');
    const broker = await startMosquitto(directory, {
      listeners: (port) => [
        {
          port,
          host: '127.0.0.1',
          tls: { cafile: pki.caFile, certfile: pki.server.certFile, keyfile: pki.server.keyFile, requireCertificate: true, useIdentityAsUsername: true },
        },
      ],
    });
    closers.push(() => broker.stop());
    const url = `mqtts://127.0.0.1:${broker.port}`;
    const sink = new MemoryReportSink();
    const consumerCert = pki.client('city-consumer');
    const consumer = await ReportConsumer.start({
      url,
      ...consumerLogin,
      clientId: 'city-consumer-tls',
      shareGroup: 'city',
      directory,
      sink,
      batchMs: 20,
      tls: { ca: pki.ca, cert: consumerCert.cert, key: consumerCert.key },
    });
    closers.push(() => consumer.close());

    const h1Cert = pki.client(h1.account.hallId);
    const hall = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'hall-tls', reconnectPeriod: 0, ca: pki.ca, cert: h1Cert.cert, key: h1Cert.key });
    closers.push(() => hall.endAsync(true));
    // Posing as H2 with H2's own signature: the certificate says H1, so Mosquitto drops it.
    await hall.publishAsync(`hall/${h2.account.hallId}/rating`, envelopeOf(h2.account, ratingBody(h2.account.hallId, 1)), { qos: 1 });
    await hall.publishAsync(`hall/${h1.account.hallId}/rating`, envelopeOf(h1.account, ratingBody(h1.account.hallId, 2)), { qos: 1 });
    await until(() => sink.reports.size === 1, 5_000, 'H1’s report');
    expect([...sink.reports.values()].map((r) => r.hallId)).toEqual([h1.account.hallId]);
    expect(consumer.counters().received).toBe(1);

    // Without a certificate, not even a right password gets in.
    await expect(
      mqtt.connectAsync(url, { protocolVersion: 4, username: h1.account.hallId, password: h1.password, reconnectPeriod: 0, ca: pki.ca, connectTimeout: 3_000 }),
    ).rejects.toThrow();
  });

  it('on the embedded broker, a hall needs both its password and a certificate naming it', async () => {
    const directory = new MemoryHallDirectory();
    const h1 = directory.addHall('330106-ZWFW-01');
    const h2 = directory.addHall('330102-ZWFW-01');
    const broker = await startEmbeddedBroker({ directory, port: 0, host: '127.0.0.1', tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca } });
    closers.push(() => broker.close());
    expect(broker.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const h1Cert = pki.client(h1.account.hallId);
    const connect = (username: string, password: string) =>
      mqtt.connectAsync(broker.url, { protocolVersion: 4, username, password, reconnectPeriod: 0, ca: pki.ca, cert: h1Cert.cert, key: h1Cert.key });
    const ok = await connect(h1.account.hallId, h1.password);
    closers.push(() => ok.endAsync(true));
    expect(ok.connected).toBe(true);
    // H2's password leaked to whoever holds H1's certificate: still no.
    await expect(connect(h2.account.hallId, h2.password)).rejects.toThrow(/Not authorized/);
  });
});
