/**
 * The city platform assembled: the database, the way reports come in, the
 * HTTP side and the ratings forwarder, wired once here.
 *
 * Two ways in:
 * - embedded (no `mqtt.url`): aedes runs in this process and stores each
 *   hall message before acknowledging it (`broker/embedded.ts`);
 * - external (`mqtt.url`, Mosquitto or EMQX): this process is one consumer
 *   of a shared subscription; more run with `city-platform consume`.
 */
import { hostname } from 'node:os';
import type { Logger } from '@hall/common/log';
import { createCityHttp, type CityHttp } from './api/server.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './broker/embedded.ts';
import { openDatabase } from './db/open.ts';
import type { Sql } from './db/sql.ts';
import { BatchIngest } from './ingest/batch-ingest.ts';
import { ShortestBoard, withShortestBoard } from './store/shortest-board.ts';
import { ReportConsumer } from './ingest/consumer.ts';
import { RatingsForwarder } from './ratings/forwarder.ts';
import { createStore, listenCityChanges, purgeExpired, type Store } from './store/index.ts';

export type MqttSide = {
  /** An external broker (`mqtt://`, `mqtts://`); without it the platform runs its own. */
  url?: string;
  username?: string;
  password?: string;
  /** The embedded broker's port and address. */
  port?: number;
  host?: string;
  /** PEM: the embedded broker's TLS certificate and key, or the CA an external broker's certificate chains to. */
  tls?: { cert?: string; key?: string; ca?: string };
  /** This consumer's session name with an external broker (default: city-consumer-<hostname>). */
  consumerId?: string;
  shareGroup?: string;
  /** Reports per transaction (default 500): larger batches cost fewer commits and projections per report. */
  batchSize?: number;
};

export type PlatformOptions = {
  dataDir: string;
  databaseUrl?: string;
  http: { port: number; host: string; tls?: { cert: string; key: string } };
  mqtt: MqttSide;
  ratings?: { url: string; secret: string };
  pagesDir: string;
  logger: Logger;
  now?: () => number;
};

export type Platform = {
  store: Store;
  httpUrl: string;
  mqttUrl: string;
  close(): Promise<void>;
};

const RETENTION_EVERY_MS = 3600_000;
const DEFAULT_BATCH = Number(process.env.CITY_BATCH_SIZE ?? 500);

/** Opens the database on its engine and the store over it. */
export async function openStore(options: { dataDir: string; databaseUrl?: string; now?: () => number }): Promise<Store> {
  const sql: Sql = await openDatabase({ url: options.databaseUrl, dataDir: options.databaseUrl ? undefined : options.dataDir });
  return createStore(sql, { now: options.now ?? Date.now });
}

export const defaultConsumerId = (): string => `city-consumer-${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}`;

/** A consumer of an external broker, storing into `store`: `serve` runs one, `consume` runs only that. */
export function startConsumer(store: Store, mqtt: MqttSide & { url: string }, logger: Logger, now: () => number): Promise<ReportConsumer> {
  if (!mqtt.username || !mqtt.password) throw new TypeError('a consumer logs in to the broker: give its username and password (city-platform consumer add)');
  return ReportConsumer.start({
    url: mqtt.url,
    username: mqtt.username,
    password: mqtt.password,
    clientId: mqtt.consumerId ?? defaultConsumerId(),
    shareGroup: mqtt.shareGroup ?? 'city',
    protocolVersion: 5,
    batchSize: mqtt.batchSize ?? DEFAULT_BATCH,
    directory: store.directory,
    sink: store.sink,
    tls: mqtt.tls?.ca ? { ca: mqtt.tls.ca } : undefined,
    log: logger,
    now,
  });
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const now = options.now ?? Date.now;
  const { logger } = options;
  const store = await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl, now });
  const closers: (() => Promise<unknown>)[] = [() => store.sql.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((error) => logger.warn('while stopping', { error }));
  };
  try {
    let mqttUrl: string;
    if (options.mqtt.url) {
      const consumer = await startConsumer(store, { ...options.mqtt, url: options.mqtt.url }, logger, now);
      closers.push(() => consumer.close());
      mqttUrl = options.mqtt.url;
    } else {
      const ingest = new BatchIngest({ directory: store.directory, sink: store.sink, log: logger });
      const tls =
        options.mqtt.tls?.cert && options.mqtt.tls.key ? { cert: options.mqtt.tls.cert, key: options.mqtt.tls.key, ca: options.mqtt.tls.ca } : undefined;
      const broker: EmbeddedBroker = await startEmbeddedBroker({
        directory: store.directory,
        port: options.mqtt.port ?? 1883,
        host: options.mqtt.host ?? '0.0.0.0',
        tls,
        ingest,
        now,
      });
      // The broker first, so no hall message waits on an ingest that is closing.
      closers.push(
        () => ingest.close(),
        () => broker.close(),
      );
      mqttUrl = broker.url;
    }

    const changes = await listenCityChanges(store.sql);
    closers.push(() => changes.close());
    // "Which hall is shortest" is answered from memory, kept up by the change feed: the public question
    // does not queue behind the ingest's transactions.
    const board = await ShortestBoard.open(store.sql, changes, { now, log: logger });
    closers.push(async () => board.close());
    const http: CityHttp = await createCityHttp({
      read: withShortestBoard(store.readModel, board),
      changes,
      operators: store.operators,
      pagesDir: options.pagesDir,
      logger,
      https: options.http.tls,
      now,
    });
    const { url: httpUrl } = await http.listen(options.http.port, options.http.host);
    closers.push(() => http.close());

    if (options.ratings) {
      const forwarder = new RatingsForwarder(store.sql, {
        ratingsUrl: options.ratings.url,
        ratingsSecret: options.ratings.secret,
        now,
        onFailure: (batchId, cause) => logger.warn('ratings batch not accepted; it is sent again later', { batchId, cause }),
      });
      forwarder.start();
      closers.push(() => forwarder.stop());
    }

    const retention = setInterval(() => {
      purgeExpired(store.sql, { now }).catch((error) => logger.warn('could not purge old reports', { error }));
    }, RETENTION_EVERY_MS);
    retention.unref();
    closers.push(async () => clearInterval(retention));

    return { store, httpUrl, mqttUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
