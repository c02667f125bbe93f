/**
 * Reads the halls' messages off the broker and stores them: batches of up to
 * `batchSize` messages or `batchMs` milliseconds, each batch checked
 * (`envelope.ts`), its reports written in one `sink.write`, its refusals
 * counted, its presence changes passed on — and only then acknowledged.
 *
 * Nothing is lost: a message is acknowledged after its batch is committed,
 * so a consumer that dies or loses its connection mid-batch leaves it with
 * the broker, which delivers it again (to the same session on reconnect).
 * Nothing is stored twice: the sink drops a report whose idempotency key it
 * already holds and counts it as replayed.
 */
import { Backoff } from '@hall/common';
import type { Logger } from '@hall/common/log';
import { silentLogger } from '@hall/common/log';
import mqtt, { type IClientOptions, type ISubscriptionMap, type MqttClient } from 'mqtt';
import type { HallAccount, HallDirectory, RefusalReason, ReportSink, VerifiedReport } from '../ports.ts';
import { CONSUMER_CLIENT_ID_PREFIX } from '../broker/access.ts';
import { type Presence, REPORT_TYPES, readPresence, readTopic, verifyReport } from './envelope.ts';
import { ACK_LATER, sendPuback } from './puback.ts';

export type ConsumerOptions = {
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
  directory: Pick<HallDirectory, 'hall'>;
  sink: ReportSink;
  batchSize?: number;
  batchMs?: number;
  /** How long the broker keeps the session while the consumer is away (MQTT 5). */
  sessionExpiryS?: number;
  /** Waits between attempts while the store is down. */
  retry?: { initialMs: number; maxMs: number };
  reconnectMs?: number;
  tls?: { ca?: string; cert?: string; key?: string };
  now?: () => number;
  log?: Logger;
};

export type ConsumerCounters = {
  received: number;
  stored: number;
  replayed: number;
  refused: Record<RefusalReason, number>;
  presence: number;
  batches: number;
  /** Calls to the hall directory or the sink that failed and were tried again. */
  writeRetries: number;
  /** Connections made to the broker, the first one included. */
  connects: number;
  /** Times the broker confirmed the subscriptions: once per connection when all is well. */
  subscribes: number;
};

type Received = { topic: string; payload: Buffer; messageId: number | undefined; connection: number; receivedAt: number };

/** Thrown inside a batch when the consumer closes while the store is down: the batch stays unacknowledged. */
class Abandoned extends Error {}

export class ReportConsumer {
  readonly #options: Required<Pick<ConsumerOptions, 'batchSize' | 'batchMs' | 'retry'>> & ConsumerOptions;
  readonly #client: MqttClient;
  readonly #log: Logger;
  readonly #now: () => number;
  #connection = 0;
  #pending: Received[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;
  #wakeRetry: (() => void) | undefined;
  readonly #counters: ConsumerCounters = {
    received: 0,
    stored: 0,
    replayed: 0,
    refused: { 'bad-signature': 0, 'unknown-hall': 0, malformed: 0, replayed: 0, 'wrong-topic': 0 },
    presence: 0,
    batches: 0,
    writeRetries: 0,
    connects: 0,
    subscribes: 0,
  };

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
    this.#options = { batchSize: 200, batchMs: 100, retry: { initialMs: 200, maxMs: 30_000 }, ...options };
    if (!(this.#options.batchSize >= 1)) throw new TypeError('batchSize must be at least 1');
    this.#log = options.log ?? silentLogger;
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
        ? // receiveMaximum bounds what the broker has in flight to us: two batches, so one fills while the other is written.
          { properties: { sessionExpiryInterval: options.sessionExpiryS ?? 7 * 24 * 3600, receiveMaximum: Math.min(65_535, this.#options.batchSize * 2) } }
        : {}),
    };
    // The client is created and handleMessage set in the same tick, before any packet can arrive:
    // a resumed session delivers its queued messages right after CONNACK.
    this.#client = mqtt.connect(options.url, connectOptions);
    this.#client.handleMessage = (packet, callback) => {
      this.#counters.received++;
      const messageId = packet.qos > 0 ? packet.messageId : undefined;
      this.#pending.push({ topic: packet.topic, payload: Buffer.from(packet.payload), messageId, connection: this.#connection, receivedAt: this.#now() });
      this.#schedule();
      callback(messageId === undefined ? undefined : ACK_LATER);
    };
    this.#client.on('connect', () => {
      this.#connection++;
      this.#counters.connects++;
      // Subscribing again on every connection, even into a resumed session: Mosquitto 2.0.11 brings
      // back a persistent session after a restart without its $share subscriptions (the restart test shows it).
      if (this.#counters.connects > 1) this.#subscribe(true).catch((error) => this.#log.error('could not subscribe again after reconnecting', { error }));
    });
    this.#client.on('close', () => this.#connection++);
    this.#client.on('error', (error) => this.#log.warn('broker connection error', { error: error.message }));
  }

  counters(): ConsumerCounters {
    return { ...this.#counters, refused: { ...this.#counters.refused } };
  }

  /**
   * Stops reading and disconnects. A batch being written finishes; one
   * waiting for the store to come back is abandoned unacknowledged, as are
   * messages not yet batched: the broker keeps them for the next session.
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#wakeRetry?.();
    await this.#flushing;
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
    this.#counters.subscribes++;
  }

  #schedule(): void {
    if (this.#flushing || this.#closed) return;
    if (this.#pending.length >= this.#options.batchSize) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, this.#options.batchMs);
    }
  }

  #flush(): void {
    this.#flushing = (async () => {
      while (!this.#closed && this.#pending.length) {
        const batch = this.#pending.splice(0, this.#options.batchSize);
        try {
          await this.#store(batch);
        } catch (error) {
          if (error instanceof Abandoned) return;
          throw error;
        }
        if (this.#pending.length < this.#options.batchSize) break;
      }
    })()
      .catch((error) => this.#log.error('a batch could not be handled', { error }))
      .finally(() => {
        this.#flushing = undefined;
        if (this.#pending.length) this.#schedule();
      });
  }

  async #store(batch: Received[]): Promise<void> {
    const hallIds = [...new Set(batch.map((m) => readTopic(m.topic)?.hallId).filter((id) => id !== undefined))];
    const found = await this.#untilDone(() => Promise.all(hallIds.map((id) => this.#options.directory.hall(id))));
    const accounts = new Map<string, HallAccount | undefined>(hallIds.map((id, i) => [id, found[i]]));

    const reports: VerifiedReport[] = [];
    const keys = new Set<string>();
    const refusals: { reason: RefusalReason; hallId: string | undefined }[] = [];
    const presence: Presence[] = [];
    let replayedHere = 0;
    for (const m of batch) {
      const where = readTopic(m.topic);
      const account = where ? accounts.get(where.hallId) : undefined;
      if (where?.kind === 'status') {
        const read = readPresence(m.topic, m.payload, account, new Date(m.receivedAt).toISOString());
        if (read.ok === true) presence.push(read.value);
        else if (read.ok === false) refusals.push({ reason: read.reason, hallId: read.hallId });
        continue;
      }
      const verified = verifyReport(m.topic, m.payload, account);
      if (!verified.ok) {
        refusals.push({ reason: verified.reason, hallId: verified.hallId });
        continue;
      }
      // A message redelivered while its first copy is still in this batch is written once.
      const key = `${verified.value.hallId}\n${verified.value.idempotencyKey}`;
      if (keys.has(key)) replayedHere++;
      else keys.add(key), reports.push(verified.value);
    }

    if (reports.length) {
      const { stored, replayed } = await this.#untilDone(() => this.#options.sink.write(reports));
      this.#counters.stored += stored;
      this.#counters.replayed += replayed;
    }
    this.#counters.replayed += replayedHere;
    // One at a time, so a retry after a failure does not count the earlier ones twice.
    for (const r of refusals) {
      await this.#untilDone(() => this.#options.sink.refuse(r.reason, r.hallId));
      this.#counters.refused[r.reason]++;
      this.#log.warn('hall message refused', { reason: r.reason, hallId: r.hallId });
    }
    for (const p of presence) {
      await this.#untilDone(() => this.#options.sink.presence(p.hallId, p.online, p.at));
      this.#counters.presence++;
    }
    for (const m of batch) this.#ack(m);
    this.#counters.batches++;
  }

  #ack(m: Received): void {
    if (m.messageId === undefined) return;
    // A message from an earlier connection is the broker's again: it is redelivered on this one
    // (and acknowledged then); a PUBACK with its old id could acknowledge another message.
    if (m.connection !== this.#connection || !this.#client.connected) return;
    sendPuback(this.#client, m.messageId);
  }

  /** Runs a store call until it succeeds, waiting with backoff between failures; gives up only on close. */
  async #untilDone<T>(call: () => Promise<T>): Promise<T> {
    const backoff = new Backoff(this.#options.retry.initialMs, this.#options.retry.maxMs);
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (this.#closed) throw new Abandoned();
        this.#counters.writeRetries++;
        const waitMs = backoff.next();
        this.#log.warn('the report store failed; the batch stays unacknowledged and is tried again', { error, waitMs });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.#wakeRetry = () => (clearTimeout(timer), resolve());
        });
        this.#wakeRetry = undefined;
      }
    }
  }
}
