/**
 * `city-platform`: the commands an operations centre runs. Usage errors exit
 * 2 with the usage; failures exit 1 with one line saying what to do.
 * Passwords and secrets are read from the environment or files, never from
 * flags (a command line is visible to every user of the machine).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, type Level } from '@hall/common/log';
import { splitCredentials } from '@hall/server/upstream-sinks';
import { type AdminAnswers, type AdminRequest, callAdmin, runAdmin, serveAdmin } from './admin.ts';
import { writeMosquittoConfig } from './broker/mosquitto.ts';
import { openStore, startConsumer, startPlatform } from './platform.ts';

const USAGE = `usage:
  city-platform serve --port N --data DIR [--host H] [--database-url postgres://…]
                      [--mqtt-port M] [--mqtt-host H] | [--mqtt-url URL [--consumer-id ID] [--share-group G] [--mqtt-ca FILE]]
                      [--tls-cert FILE --tls-key FILE] [--ratings-url URL] [--pages DIR]
  city-platform consume --mqtt-url URL --database-url postgres://… [--consumer-id ID] [--share-group G] [--mqtt-ca FILE]
  city-platform hall add --data DIR --hall-id ID [--name NAME] [--database-url …]
  city-platform consumer add --data DIR --name NAME [--database-url …]
  city-platform operator add --data DIR --name NAME [--database-url …]
  city-platform mosquitto-config --data DIR --out DIR --port P [--host H] [--database-url …]
                      [--tls-ca FILE --tls-cert FILE --tls-key FILE [--require-certificate]] [--user U]

environment:
  CITY_DATABASE_URL                  instead of --database-url (keeps its password off the command line)
  CITY_MQTT_USERNAME, CITY_MQTT_PASSWORD
                                     the consumer's broker login with --mqtt-url (or mqtt://user:pass@host:port)
  CITY_RATINGS_SECRET                HMAC key for --ratings-url (the provincial 好差评 endpoint)`;

class UsageError extends Error {}

const FLAGS = {
  port: { type: 'string' },
  data: { type: 'string' },
  host: { type: 'string' },
  'database-url': { type: 'string' },
  'mqtt-port': { type: 'string' },
  'mqtt-host': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-ca': { type: 'string' },
  'consumer-id': { type: 'string' },
  'share-group': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string' },
  'require-certificate': { type: 'boolean' },
  'ratings-url': { type: 'string' },
  'hall-id': { type: 'string' },
  name: { type: 'string' },
  out: { type: 'string' },
  user: { type: 'string' },
  pages: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
}

const need = (value: string | undefined, flag: string): string => {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
};

function portOf(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const port = Number(need(value, flag));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number`);
  return port;
}

const readPem = (path: string | undefined, what: string): string | undefined => {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
};

/** The broker URL and the consumer's login: the password goes in CONNECT, never into a log. */
function brokerLogin(given: string): { url: string; username?: string; password?: string } {
  if (!URL.canParse(given)) throw new UsageError(`--mqtt-url ${given}: not a URL such as mqtt://broker:1883`);
  const { url, user, pass } = splitCredentials(given);
  if (!/^mqtts?:/.test(url)) throw new UsageError('--mqtt-url must be mqtt:// or mqtts://');
  return { url, username: process.env.CITY_MQTT_USERNAME ?? user, password: process.env.CITY_MQTT_PASSWORD ?? pass };
}

const databaseUrl = (values: Values) => values['database-url'] ?? process.env.CITY_DATABASE_URL;

/** Where `serve` says what it listens on, so `hall add` can tell a hall where to connect. */
const platformFile = (dataDir: string) => join(dataDir, 'platform.json');

function recordedMqttUrl(dataDir: string): string {
  try {
    return (JSON.parse(readFileSync(platformFile(dataDir), 'utf8')) as { mqttUrl: string }).mqttUrl;
  } catch {
    return 'mqtt://127.0.0.1:1883';
  }
}

/** Runs an enrolment command through a running platform's admin socket, or on the database directly. */
async function admin<Op extends AdminRequest['op']>(values: Values, request: AdminRequest & { op: Op }): Promise<AdminAnswers[Op]> {
  const dataDir = resolve(need(values.data, '--data'));
  const url = databaseUrl(values);
  if (!url) {
    const viaRunning = (await callAdmin(dataDir, request as AdminRequest)) as AdminAnswers[Op] | undefined;
    if (viaRunning !== undefined) return viaRunning;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore({ dataDir, databaseUrl: url });
  try {
    return (await runAdmin(store, request)) as AdminAnswers[Op];
  } finally {
    await store.sql.close();
  }
}

async function serve(values: Values): Promise<void> {
  const dataDir = resolve(need(values.data, '--data'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const port = portOf(values.port, '--port');
  const host = values.host ?? '127.0.0.1';
  if (!!values['tls-cert'] !== !!values['tls-key']) throw new UsageError('--tls-cert and --tls-key go together');
  const external = values['mqtt-url'] ? brokerLogin(values['mqtt-url']) : undefined;
  const ratingsSecret = process.env.CITY_RATINGS_SECRET;
  if (values['ratings-url'] && !ratingsSecret) throw new UsageError('--ratings-url needs CITY_RATINGS_SECRET, the key ratings batches are signed with');
  const cert = readPem(values['tls-cert'], 'TLS certificate');
  const key = readPem(values['tls-key'], 'TLS key');
  const logger = createLogger({ service: 'city-platform', level: (process.env.CITY_LOG_LEVEL ?? 'info') as Level });
  const platform = await startPlatform({
    dataDir,
    databaseUrl: databaseUrl(values),
    http: { port, host, tls: cert && key ? { cert, key } : undefined },
    mqtt: external
      ? { ...external, consumerId: values['consumer-id'], shareGroup: values['share-group'], tls: { ca: readPem(values['mqtt-ca'], 'broker CA') } }
      : { port: portOf(values['mqtt-port'], '--mqtt-port', 1883), host: values['mqtt-host'] ?? host, tls: cert && key ? { cert, key } : undefined },
    ratings: values['ratings-url'] && ratingsSecret ? { url: values['ratings-url'], secret: ratingsSecret } : undefined,
    // The built pages (npm run build); --pages serves them from elsewhere, such as a package's share directory.
    pagesDir: values.pages ? resolve(values.pages) : fileURLToPath(new URL('../dist/', import.meta.url)),
    logger,
  });
  const adminSocket = databaseUrl(values) ? undefined : await serveAdmin(platform.store, dataDir);
  writeFileSync(platformFile(dataDir), `${JSON.stringify({ httpUrl: platform.httpUrl, mqttUrl: platform.mqttUrl, pid: process.pid })}\n`);
  process.stdout.write(`city platform: view ${platform.httpUrl}/ · phone page ${platform.httpUrl}/shortest/ · halls report to ${platform.mqttUrl}\n`);
  const stop = async () => {
    await adminSocket?.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

async function consume(values: Values): Promise<void> {
  const url = databaseUrl(values);
  if (!url)
    throw new UsageError('consume stores into a PostgreSQL server: give --database-url (or CITY_DATABASE_URL); the embedded database has one process, serve');
  const broker = brokerLogin(need(values['mqtt-url'], '--mqtt-url'));
  const logger = createLogger({ service: 'city-consumer', level: (process.env.CITY_LOG_LEVEL ?? 'info') as Level });
  const store = await openStore({ dataDir: '', databaseUrl: url });
  const consumer = await startConsumer(
    store,
    { ...broker, url: broker.url, consumerId: values['consumer-id'], shareGroup: values['share-group'], tls: { ca: readPem(values['mqtt-ca'], 'broker CA') } },
    logger,
    Date.now,
  );
  process.stdout.write(`city consumer: reading ${broker.url}, storing into PostgreSQL\n`);
  const stop = async () => {
    await consumer.close();
    await store.sql.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

async function mosquittoConfig(values: Values): Promise<void> {
  const out = resolve(need(values.out, '--out'));
  const port = portOf(values.port, '--port');
  const tlsFiles = [values['tls-ca'], values['tls-cert'], values['tls-key']];
  if (tlsFiles.some(Boolean) && !tlsFiles.every(Boolean)) throw new UsageError('a TLS listener needs --tls-ca, --tls-cert and --tls-key');
  const logins = await admin(values, { op: 'logins' });
  const { configFile } = await writeMosquittoConfig(
    out,
    { logins: async () => logins },
    {
      listeners: [
        {
          port,
          host: values.host,
          tls: values['tls-ca']
            ? { cafile: values['tls-ca'], certfile: values['tls-cert']!, keyfile: values['tls-key']!, requireCertificate: values['require-certificate'] }
            : undefined,
        },
      ],
      dataDir: join(out, 'data'),
      user: values.user,
    },
  );
  process.stdout.write(`${configFile}\n`);
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const command = positionals.join(' ');
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  switch (command) {
    case 'serve':
      return serve(values);
    case 'consume':
      return consume(values);
    case 'hall add': {
      const hall = await admin(values, { op: 'hall-add', hallId: need(values['hall-id'], '--hall-id'), name: values.name });
      const dataDir = resolve(values.data!);
      process.stdout.write(`${JSON.stringify({ ...hall, mqttUrl: recordedMqttUrl(dataDir) })}\n`);
      return;
    }
    case 'consumer add':
      process.stdout.write(`${JSON.stringify(await admin(values, { op: 'consumer-add', name: need(values.name, '--name') }))}\n`);
      return;
    case 'operator add':
      process.stdout.write(`${(await admin(values, { op: 'operator-add', name: need(values.name, '--name') })).token}\n`);
      return;
    case 'mosquitto-config':
      return mosquittoConfig(values);
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`city-platform: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`);
  process.exit(usage ? 2 : 1);
}
