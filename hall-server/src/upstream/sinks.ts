/**
 * Where reports go. Each sink delivers one report or throws; the deliverer
 * decides about retries. HTTPS is the contract's channel; MQTT is the usual
 * ingest of city IoT platforms and carries the same body and headers.
 */
import { createHmac } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { OutboxItem } from './outbox.ts';

export type UpstreamSink = {
  readonly name: string;
  send(item: OutboxItem): Promise<void>;
  close?(): Promise<void>;
};

export class DeliveryError extends Error {
  /** False when the receiver understood and refused (4xx other than 408/429): retrying will not help soon. */
  readonly retryable: boolean;
  constructor(message: string, retryable = true) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = retryable;
  }
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class HttpSink implements UpstreamSink {
  readonly name = 'https';
  readonly #url: string;
  readonly #secret: string;
  readonly #hallId: string;
  readonly #timeoutMs: number;

  constructor(options: { url: string; secret: string; hallId: string; timeoutMs?: number }) {
    this.#url = options.url;
    this.#secret = options.secret;
    this.#hallId = options.hallId;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(item: OutboxItem): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hall-id': this.#hallId,
          'idempotency-key': item.key,
          'x-hall-signature': signature(this.#secret, item.body),
        },
        body: item.body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      throw new DeliveryError(`no answer: ${(err as Error).message}`);
    }
    // Drain the body so keep-alive connections are reused; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    throw new DeliveryError(`HTTP ${res.status}`);
  }
}

/** How a hall logs in to an MQTT broker and proves the broker is the city's. */
export type MqttLogin = {
  username?: string;
  password?: string;
  /** PEM of the CA the broker's certificate must chain to (mqtts://, wss://). */
  ca?: string;
  /** PEM client certificate and key, for brokers that admit halls by certificate. */
  cert?: string;
  key?: string;
};

/**
 * The URL without its user:pass, and those apart: the password goes to the
 * broker in CONNECT, never into a log line or a status page that shows the URL.
 */
export function splitCredentials(given: string): { url: string; user?: string; pass?: string } {
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    return { url: given };
  }
  if (!parsed.username && !parsed.password) return { url: given };
  const user = decodeURIComponent(parsed.username) || undefined;
  const pass = decodeURIComponent(parsed.password) || undefined;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/$/, given.endsWith('/') ? '/' : ''), user, pass };
}

/** The retained topic a hall's presence is kept on; the broker itself writes "offline" there when the hall vanishes. */
export const presenceTopic = (topicPrefix: string, hallId: string) => `${topicPrefix}/${hallId}/status`;

/**
 * MQTT 3.1.1 (every broker speaks it; 5's user properties are not
 * everywhere), QoS 1, one topic per report kind. The message is an envelope
 * carrying the exact report body as a string beside its key and signature,
 * so the signature can be checked over the same bytes as over HTTPS.
 *
 * Presence: on every connect the hall publishes `{"online":true}` retained on
 * its status topic, and leaves `{"online":false}` as its last will, so the
 * city sees a hall that lost power or network without waiting for silence.
 */
export class MqttSink implements UpstreamSink {
  readonly name = 'mqtt';
  readonly #client: MqttClient;
  readonly #secret: string;
  readonly #hallId: string;
  readonly #topicPrefix: string;

  constructor(options: { url: string; secret: string; hallId: string; topicPrefix?: string; clientId?: string; login?: MqttLogin; now?: () => number }) {
    this.#secret = options.secret;
    this.#hallId = options.hallId;
    this.#topicPrefix = options.topicPrefix ?? 'hall';
    const status = presenceTopic(this.#topicPrefix, this.#hallId);
    const now = options.now ?? Date.now;
    const login = options.login ?? {};
    this.#client = mqtt.connect(options.url, {
      protocolVersion: 4,
      clientId: options.clientId ?? `hall-${options.hallId}`,
      clean: false,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      username: login.username,
      password: login.password,
      ca: login.ca,
      cert: login.cert,
      key: login.key,
      will: { topic: status, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    // Errors surface per publish; the client reconnects by itself.
    this.#client.on('error', () => undefined);
    this.#client.on('connect', () => {
      this.#client.publish(status, JSON.stringify({ online: true, at: new Date(now()).toISOString() }), { qos: 1, retain: true }, () => undefined);
    });
  }

  async send(item: OutboxItem): Promise<void> {
    if (!this.#client.connected) throw new DeliveryError('broker not connected');
    const topic = `${this.#topicPrefix}/${this.#hallId}/${item.kind}`;
    const envelope = JSON.stringify({ hallId: this.#hallId, idempotencyKey: item.key, signature: signature(this.#secret, item.body), body: item.body });
    await new Promise<void>((resolve, reject) => {
      this.#client.publish(topic, envelope, { qos: 1 }, (err) => (err ? reject(new DeliveryError(err.message)) : resolve()));
    });
  }

  /**
   * A planned stop says "offline" itself before disconnecting: a clean
   * DISCONNECT discards the will, and the city should still see the hall go.
   */
  async close(): Promise<void> {
    if (this.#client.connected) {
      const status = presenceTopic(this.#topicPrefix, this.#hallId);
      await this.#client.publishAsync(status, JSON.stringify({ online: false }), { qos: 1, retain: true }).catch(() => undefined);
    }
    await this.#client.endAsync(true);
  }
}
