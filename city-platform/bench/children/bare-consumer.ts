/**
 * The floor for C1: the least a consumer can do with the same messages. It
 * subscribes, lets the client acknowledge on arrival, checks nothing, and
 * writes each batch's rows with one multi-row INSERT into a table of the
 * same columns as the platform's reports. Whatever the platform does beyond
 * this (signatures, duplicates, projections, acknowledging after commit) is
 * what the ratio prices.
 */
import { serveParent } from '@hall/server/bench/child.ts';
import mqtt from 'mqtt';
import pg from 'pg';

type Options = {
  brokerUrl: string;
  username: string;
  password: string;
  databaseUrl: string;
  topic: string;
  batch: number;
  lingerMs: number;
  /** A persistent session under this id, so a backlog waits for it as it waits for the platform's consumers. */
  clientId: string;
};
const options = JSON.parse(process.argv[2]!) as Options;

const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
await pool.query(`CREATE TABLE IF NOT EXISTS floor_reports (
  hall_id text NOT NULL, idempotency_key text NOT NULL, type text NOT NULL,
  at timestamptz NOT NULL, received_at timestamptz NOT NULL, body jsonb NOT NULL)`);

const queue: { hallId: string; key: string; type: string; at: string; body: string }[] = [];
let writing = false;
let timer: NodeJS.Timeout | undefined;

async function flush(): Promise<void> {
  if (writing || queue.length === 0) return;
  clearTimeout(timer);
  timer = undefined;
  writing = true;
  const rows = queue.splice(0, options.batch);
  const values: unknown[] = [];
  // Stamped as the batch is written, as the platform stamps its rows.
  const receivedAt = new Date().toISOString();
  const tuples = rows.map((r, i) => {
    values.push(r.hallId, r.key, r.type, r.at, receivedAt, r.body);
    const b = i * 6;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
  });
  await pool.query(`INSERT INTO floor_reports (hall_id, idempotency_key, type, at, received_at, body) VALUES ${tuples.join(',')}`, values);
  writing = false;
  if (queue.length >= options.batch) void flush();
  else if (queue.length > 0) timer ??= setTimeout(tick, options.lingerMs);
}

function tick(): void {
  timer = undefined;
  void flush();
}

// The handler goes on before the connection is up: a resumed session delivers its backlog right after CONNACK.
const client = mqtt.connect(options.brokerUrl, {
  protocolVersion: 5,
  clientId: options.clientId,
  username: options.username,
  password: options.password,
  clean: false,
  properties: { sessionExpiryInterval: 3600 },
});
client.on('message', (topic, payload) => {
  const envelope = JSON.parse(payload.toString()) as { hallId: string; idempotencyKey: string; body: string };
  const type = topic.slice(topic.lastIndexOf('/') + 1);
  const at = (JSON.parse(envelope.body) as { at: string }).at;
  queue.push({ hallId: envelope.hallId, key: envelope.idempotencyKey, type, at, body: envelope.body });
  if (queue.length >= options.batch) void flush();
  else timer ??= setTimeout(tick, options.lingerMs);
});
await new Promise<void>((resolve, reject) => {
  client.once('connect', () => resolve());
  client.once('error', reject);
});
await client.subscribeAsync(options.topic, { qos: 1 });

const parent = serveParent({}, async () => {
  await client.endAsync(true);
  await pool.end();
});
parent.ready({ pid: process.pid });
