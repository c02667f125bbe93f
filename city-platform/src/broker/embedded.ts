/**
 * The broker a single-machine city platform runs in its own process: aedes
 * on a TCP (or TLS) port, halls and consumers logging in through the hall
 * directory, and the access rules of `access.ts`.
 *
 * aedes speaks MQTT 3.1.1 only and has no `$share` subscriptions, and its
 * sessions and queues live in memory. So the embedded platform does not put
 * a consumer behind it: with `ingest`, the broker itself checks and stores
 * each hall message (`BatchIngest`) before it lets the hall's PUBACK go. A
 * hall's outbox counts a report delivered only once it is committed, and a
 * crash of the platform loses nothing: the hall sends it again. Spreading
 * the consumers over machines takes Mosquitto or EMQX (`mosquitto.ts`).
 */
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Aedes, type Client } from 'aedes';
import type { BatchIngest } from '../ingest/batch-ingest.ts';
import type { HallDirectory } from '../ports.ts';
import { type BrokerIdentity, mayPublish, maySubscribe, mayUseClientId } from './access.ts';

export type EmbeddedBrokerOptions = {
  directory: HallDirectory;
  port?: number;
  host?: string;
  /**
   * PEM strings. With `ca`, a client must also present a certificate signed
   * by it, and a hall's certificate must name the hall (CN = hallId).
   */
  tls?: { cert: string; key: string; ca?: string };
  /**
   * Store hall messages here, in the broker, before acknowledging them to the
   * hall. Without it they are only forwarded to consumers (the tests' way).
   */
  ingest?: BatchIngest;
  now?: () => number;
};

export type EmbeddedBroker = {
  /** `mqtt://host:port` or `mqtts://host:port`, for the consumer and for `hall add`'s answer. */
  url: string;
  port: number;
  close(): Promise<void>;
};

/** MQTT 3.1.1 CONNACK codes aedes sends for a refused login. */
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { directory } = options;
  const now = options.now ?? Date.now;
  const identities = new WeakMap<Client, BrokerIdentity>();
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const refuse = (code: number) => done(Object.assign(new Error('login refused'), { returnCode: code }), false);
      if (!username || !password) return refuse(BAD_USERNAME_OR_PASSWORD);
      directory.login(username, password.toString('utf8')).then(
        (who) => {
          if (!who) return refuse(BAD_USERNAME_OR_PASSWORD);
          if (!mayUseClientId(who, client.id)) return refuse(NOT_AUTHORIZED);
          if (who.kind === 'hall' && options.tls?.ca && certificateName(client) !== who.hallId) return refuse(NOT_AUTHORIZED);
          identities.set(client, who);
          done(null, true);
        },
        // The directory is down: say so, rather than "bad password", so the client retries.
        () => done(Object.assign(new Error('directory unavailable'), { returnCode: 3 }), false),
      );
    },
    // A refusal closes the connection (MQTT 3.1.1 has no negative PUBACK); the last will is checked here too.
    authorizePublish(client, packet, done) {
      if (client === null) return done(null);
      const who = identities.get(client);
      if (!(who && mayPublish(who, packet.topic))) return done(new Error('publish not allowed'));
      if (!options.ingest || who.kind !== 'hall') return done(null);
      // aedes sends the PUBACK after `done`: the hall hears "delivered" only once the batch is committed.
      options.ingest.push({ topic: packet.topic, payload: Buffer.from(packet.payload), receivedAt: now(), settle: () => done(null) });
    },
    authorizeSubscribe(client, subscription, done) {
      const who = identities.get(client);
      // A null subscription is answered with SUBACK 0x80: refused, connection kept.
      done(null, who && maySubscribe(who, subscription.topic) ? subscription : null);
    },
    // Defence in depth: whatever a session holds, only a consumer is handed hall messages.
    authorizeForward(client, packet) {
      return identities.get(client)?.kind === 'consumer' ? packet : null;
    },
  });

  const server: Server = options.tls
    ? createTlsServer(
        { cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca, requestCert: !!options.tls.ca, rejectUnauthorized: !!options.tls.ca },
        broker.handle,
      )
    : createNetServer(broker.handle);
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 1883, host, () => (server.off('error', reject), resolve()));
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://${urlHost}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function certificateName(client: Client): string | undefined {
  const socket = client.conn as Partial<TLSSocket>;
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}
