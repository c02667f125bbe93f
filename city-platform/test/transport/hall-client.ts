/**
 * A hall as the broker sees it: MQTT 3.1.1, its hallId as username, signed
 * envelopes on `hall/<id>/<type>`, a retained status and a last will saying
 * it went offline. Plus the waiting helper the transport tests share.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { signBody } from '../../src/ingest/envelope.ts';
import type { HallAccount } from '../../src/ports.ts';

export function ratingBody(hallId: string, n: number): string {
  return JSON.stringify({
    type: 'rating',
    hallId,
    at: new Date(Date.UTC(2026, 10, 23, 2, 0, n % 60)).toISOString(),
    ticketId: `t-${n}`,
    serviceCode: '330106-HJ-001',
    windowNo: 1,
    level: 1 + (n % 5),
    ...(n % 5 < 2 ? { reason: '等候时间太长' } : {}),
  });
}

export function envelopeOf(account: HallAccount, body: string, idempotencyKey: string = randomUUID()): string {
  return JSON.stringify({ hallId: account.hallId, idempotencyKey, signature: signBody(account.secret, body), body });
}

export type HallClient = MqttClient & {
  /** Publishes `count` signed ratings at QoS 1; resolves when the broker has acknowledged them all. Answers their keys. */
  sendRatings(count: number, from?: number): Promise<string[]>;
};

export async function connectHall(
  url: string,
  account: HallAccount,
  password: string,
  options: { clientId?: string; willTopic?: string; reconnect?: boolean } = {},
): Promise<HallClient> {
  const statusTopic = `hall/${account.hallId}/status`;
  const client = (await mqtt.connectAsync(url, {
    protocolVersion: 4,
    username: account.hallId,
    password,
    clientId: options.clientId ?? `hall-${account.hallId}`,
    clean: false,
    reconnectPeriod: options.reconnect ? 200 : 0,
    will: { topic: options.willTopic ?? statusTopic, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
  })) as HallClient;
  client.on('error', () => undefined);
  client.sendRatings = async (count, from = 0) => {
    const keys: string[] = [];
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const key = randomUUID();
        keys.push(key);
        return client.publishAsync(`hall/${account.hallId}/rating`, envelopeOf(account, ratingBody(account.hallId, from + i), key), { qos: 1 });
      }),
    );
    return keys;
  };
  return client;
}

export async function until(check: () => boolean, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
