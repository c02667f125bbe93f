/**
 * Reads the halls' messages off the broker and stores them through
 * `BatchIngest`, acknowledging each message only after its batch is
 * committed.
 *
 * Nothing is lost: a consumer that dies or loses its connection mid-batch
 * leaves the message with the broker, which delivers it again (to the same
 * session on reconnect). Nothing is stored twice: the sink drops a report
 * whose idempotency key it already holds and counts it as replayed.
 */
import type { Logger } from '@hall/common/log';
import { silentLogger } from '@hall/common/log';
import mqtt, { type IClientOptions, type ISubscriptionMap, type MqttClient } from 'mqtt';
import { CONSUMER_CLIENT_ID_PREFIX } from '../broker/access.ts';
import { BatchIngest, type IngestCounters, type IngestOptions } from './batch-ingest.ts';
import { REPORT_TYPES } from './envelope.ts';
import { ACK_LATER, sendPuback } from './puback.ts';

export type ConsumerOptions = IngestOptions & {
  /** `mqtt://`, `mqtts://`. */
  url: string;
  username: string;
  password: string;
  /**
   * Stable for this consumer instance across restarts: the broker keeps the
   * session, and the unacknowledged messages in it, under this id. Starts
   * with `city-consumer-`, a prefix halls may not use.
   */
  clientId: string;
  /** With Mosquitto or EMQX: the consumers of one group share the messages between them. */
  shareGroup?: string;
  /** 5 for Mosquitto and EMQX (the default); 4 for the embedded aedes, which speaks nothing newer. */
  protocolVersion?: 4 | 5;
  /** How long the broker keeps the session while the consumer is away (MQTT 5). */
  sessionExpiryS?: number;
  reconnectMs?: number;
  tls?: { ca?: string; cert?: string; key?: string };
  now?: () => number;
};

export type ConsumerCounters = IngestCounters & {
  received: number;
  /** Connections made to the broker, the first one included. */
  connects: number;
  /** Times the broker confirmed the subscriptions: once per connection when all is well. */
  subscribes: number;
};

export class ReportConsumer {
  readonly #options: ConsumerOptions;
  readonly #client: MqttClient;
  readonly #ingest: BatchIngest;
  readonly #log: Logger;
  readonly #now: () => number;
  #connection = 0;
  #received = 0;
  #connects = 0;
  #subscribes = 0;
  #corked = false;

  /** Connects, subscribes, and resolves once messages flow; rejects on a refused login or subscription. */
  static async start(options: ConsumerOptions): Promise<ReportConsumer> {
    const consumer = new ReportConsumer(options);
    try {
      await consumer.#connected();
      await consumer.#subscribe();
    } catch (error) {
      await consumer.close();
      throw error;
    }
    return consumer;
  }

  private constructor(options: ConsumerOptions) {
    if (!options.clientId.startsWith(CONSUMER_CLIENT_ID_PREFIX)) throw new TypeError(`a consumer's client id starts with ${CONSUMER_CLIENT_ID_PREFIX}`);
    this.#options = options;
    this.#log = options.log ?? silentLogger;
    this.#ingest = new BatchIngest(options);
    this.#now = options.now ?? Date.now;
    const version = options.protocolVersion ?? 5;
    const connectOptions: IClientOptions = {
      protocolVersion: version,
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      clean: false,
      reconnectPeriod: options.reconnectMs ?? 1_000,
      connectTimeout: 10_000,
      keepalive: 30,
      ...options.tls,
      ...(version === 5
        ? // receiveMaximum bounds what the broker has in flight to us: the batches being written and one more,
          // so a batch is ready the moment a write finishes.
          {
            properties: {
              sessionExpiryInterval: options.sessionExpiryS ?? 7 * 24 * 3600,
              receiveMaximum: Math.min(65_535, this.#ingest.batchSize * (this.#ingest.inFlight + 1)),
            },
          }
        : {}),
    };
    // The client is created and handleMessage set in the same tick, before any packet can arrive:
    // a resumed session delivers its queued messages right after CONNACK.
    this.#client = mqtt.connect(options.url, connectOptions);
    this.#client.handleMessage = (packet, callback) => {
      this.#received++;
      const messageId = packet.qos > 0 ? packet.messageId : undefined;
      const connection = this.#connection;
      const settle = () => this.#ack(messageId, connection);
      this.#ingest.push({ topic: packet.topic, payload: Buffer.from(packet.payload), receivedAt: this.#now(), settle });
      callback(messageId === undefined ? undefined : ACK_LATER);
    };
    this.#client.on('connect', () => {
      this.#connection++;
      this.#connects++;
      // Subscribing again on every connection, even into a resumed session: Mosquitto 2.0.11 brings
      // back a persistent session after a restart without its $share subscriptions (the restart test shows it).
      if (this.#connects > 1) this.#subscribe(true).catch((error) => this.#log.error('could not subscribe again after reconnecting', { error }));
    });
    this.#client.on('close', () => this.#connection++);
    this.#client.on('error', (error) => this.#log.warn('broker connection error', { error: error.message }));
  }

  counters(): ConsumerCounters {
    return { ...this.#ingest.counters(), received: this.#received, connects: this.#connects, subscribes: this.#subscribes };
  }

  /**
   * Stops reading and disconnects. A batch being written finishes; one
   * waiting for the store to come back is abandoned unacknowledged, as are
   * messages not yet batched: the broker keeps them for the next session.
   */
  async close(): Promise<void> {
    await this.#ingest.close();
    await this.#client.endAsync();
  }

  async #connected(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      if (this.#client.connected) return resolve();
      const onError = (error: Error) => (this.#client.off('connect', onConnect), reject(error));
      const onConnect = () => (this.#client.off('error', onError), resolve());
      this.#client.once('connect', onConnect);
      this.#client.once('error', onError);
    });
  }

  async #subscribe(again = false): Promise<void> {
    const group = this.#options.shareGroup;
    // Shared subscriptions get no retained messages (MQTT 5, 4.8.2), and a hall's presence is one:
    // each consumer reads every status topic itself; presence is a state, so reading it twice is harmless.
    // Retain handling 1: the retained statuses come once, when the subscription is new, not on every reconnect.
    const filters: ISubscriptionMap = group
      ? {
          ...Object.fromEntries(REPORT_TYPES.map((type) => [`$share/${group}/hall/+/${type}`, { qos: 1 as const }])),
          'hall/+/status': { qos: 1, rh: 1 },
        }
      : { 'hall/+/+': { qos: 1 } };
    // mqtt.js skips a filter it believes is already subscribed unless told `resubscribe`.
    const granted = await this.#client.subscribeAsync(again ? Object.assign(filters, { resubscribe: true }) : filters);
    const refused = granted.filter((g) => g.qos !== 1);
    if (refused.length) throw new Error(`the broker refused the subscription to ${refused.map((g) => g.topic).join(', ')}`);
    this.#subscribes++;
  }

  #ack(messageId: number | undefined, connection: number): void {
    if (messageId === undefined) return;
    // A message from an earlier connection is the broker's again: it is redelivered on this one
    // (and acknowledged then); a PUBACK with its old id could acknowledge another message.
    if (connection !== this.#connection || !this.#client.connected) return;
    // A batch's PUBACKs leave in one write, not one system call each: the stream is corked until the batch is settled.
    if (!this.#corked) {
      this.#corked = true;
      this.#client.stream.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.#client.stream.uncork();
      });
    }
    sendPuback(this.#client, messageId);
  }
}
