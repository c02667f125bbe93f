/**
 * Many simulated halls in one process: each is its own MQTT client with its
 * own login, publishing signed queue-load reports on its own topic, as a
 * hall server does. Reports are built from the hall's own schema, so the
 * consumers under test verify exactly what real halls send.
 *
 * Requests: `publish` { perHallPerS, seconds } publishes at that rate and
 * answers { published, failed }; `burst` { perHall } publishes that many per
 * hall as fast as the broker takes them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serveParent } from '@hall/server/bench/child.ts';
import type { QueueLoadReport } from '@hall/server/upstream-format';
import { signature } from '@hall/server/upstream-sinks';
import mqtt, { type MqttClient } from 'mqtt';

type HallLogin = { hallId: string; username: string; password: string; secret: string };
type Options = { brokerUrl: string; hallsFile: string; services: string[] };

const options = JSON.parse(process.argv[2]!) as Options;
const halls = JSON.parse(readFileSync(options.hallsFile, 'utf8')) as HallLogin[];
const clients: MqttClient[] = [];

/** A plausible report: figures vary by hall and time so the store's projections do real work. */
function report(hall: HallLogin, n: number, at: number): string {
  const seed = hall.hallId.length * 31 + n;
  const services = options.services.map((code, i) => {
    const waiting = (seed + i * 7) % 40;
    return {
      code,
      name: `事项${i + 1}`,
      waiting,
      longestWaitS: waiting * 90,
      avgWaitS: 600,
      estimatedWaitMinutes: Math.ceil(waiting * 1.5),
      issued: 100 + n,
      served: 90 + n,
      windowsOpen: 1 + (i % 3),
    };
  });
  const body: QueueLoadReport = {
    type: 'queue-load',
    hallId: hall.hallId,
    at: new Date(at).toISOString(),
    day: new Date(at).toISOString().slice(0, 10),
    services,
    windows: [{ no: 1, state: 'open', servedToday: 90 + n }],
    issuedToday: 100 + n,
    servedToday: 90 + n,
  };
  return JSON.stringify(body);
}

function publish(client: MqttClient, hall: HallLogin, n: number): Promise<boolean> {
  const body = report(hall, n, Date.now());
  const envelope = JSON.stringify({ hallId: hall.hallId, idempotencyKey: randomUUID(), signature: signature(hall.secret, body), body });
  return new Promise((resolve) => client.publish(`hall/${hall.hallId}/queue-load`, envelope, { qos: 1 }, (err) => resolve(!err)));
}

async function connectAll(): Promise<void> {
  // A few dozen at a time: a broker takes thousands of logins, not all in the same millisecond.
  for (let i = 0; i < halls.length; i += 50) {
    await Promise.all(
      halls.slice(i, i + 50).map(async (hall, k) => {
        const client = await mqtt.connectAsync(options.brokerUrl, {
          protocolVersion: 4,
          clientId: `bench-${hall.hallId}`,
          username: hall.username,
          password: hall.password,
          reconnectPeriod: 1000,
          will: { topic: `hall/${hall.hallId}/status`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
        });
        // Present, as a hall server says on connect: the city counts only halls it sees online.
        await client.publishAsync(`hall/${hall.hallId}/status`, JSON.stringify({ online: true, at: new Date().toISOString() }), { qos: 1, retain: true });
        // By position, not arrival: each hall publishes only on its own login (the broker drops the rest, silently).
        clients[i + k] = client;
      }),
    );
  }
}

let sequence = 0;
const parent = serveParent(
  {
    async publish({ perHallPerS, seconds }: { perHallPerS: number; seconds: number }) {
      let published = 0;
      let failed = 0;
      const tickMs = 1000 / perHallPerS;
      const end = Date.now() + seconds * 1000;
      // Each hall on its own phase across the tick, as independent halls would be.
      const ticks = halls.map(async (hall, i) => {
        const client = clients[i]!;
        await new Promise((r) => setTimeout(r, (i / halls.length) * tickMs));
        const pending: Promise<void>[] = [];
        for (let next = Date.now(); next < end; next += tickMs) {
          const wait = next - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          pending.push(publish(client, hall, sequence++).then((ok) => void (ok ? published++ : failed++)));
        }
        await Promise.all(pending);
      });
      await Promise.all(ticks);
      return { published, failed };
    },
    async burst({ perHall }: { perHall: number }) {
      let published = 0;
      let failed = 0;
      await Promise.all(
        halls.map(async (hall, i) => {
          for (let k = 0; k < perHall; k++) (await publish(clients[i]!, hall, sequence++)) ? published++ : failed++;
        }),
      );
      return { published, failed };
    },
  },
  async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
  },
);

await connectAll();
parent.ready({ halls: clients.length });
