/**
 * A Mosquitto 2.0 configuration directory for the city platform's broker,
 * made from the hall directory: the password file (the directory's own
 * `$7$` hashes, so Mosquitto checks the same passwords the platform does),
 * the ACL file (the rules of `access.ts`, spelled out per user), and the
 * main file with listeners, persistence and queue limits.
 *
 * Regenerate after adding a hall and send Mosquitto SIGHUP: it rereads the
 * password and ACL files without dropping a connection.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HallDirectory } from '../ports.ts';
import { HALL_TOPIC_KINDS } from './access.ts';
import { HALL_ID } from '../accounts/hall-id.ts';
import { MAX_PAYLOAD_BYTES } from '../ingest/envelope.ts';

export type MosquittoListener = {
  port: number;
  /** Address to bind; every interface when absent. */
  host?: string;
  tls?: {
    cafile: string;
    certfile: string;
    keyfile: string;
    /** Clients must present a certificate signed by `cafile`. */
    requireCertificate?: boolean;
    /** The certificate's CN is the login (a hall's CN is its hallId); no password is asked. Needs `requireCertificate`. */
    useIdentityAsUsername?: boolean;
  };
};

export type MosquittoConfigOptions = {
  listeners: MosquittoListener[];
  /** Where Mosquitto keeps its sessions and queued messages across restarts. */
  dataDir: string;
  /**
   * Messages queued per consumer session while it is away or busy. Past it
   * Mosquitto drops messages it has already acknowledged to the hall, so size
   * it for the longest consumer outage: halls × reports an hour × hours ÷
   * consumers (3,000 halls at one queue-load every 30 s, 2 consumers: about
   * 180,000 an hour each).
   */
  maxQueuedMessages?: number;
  /** Seconds between saves of the in-memory state; what a broker crash (not a restart) can lose. */
  autosaveIntervalS?: number;
  /** The account Mosquitto drops to when started as root (its default is `mosquitto`). */
  user?: string;
  /** `stderr`, `syslog`, `file /path`… (Mosquitto's `log_dest`). */
  logDest?: string;
};

export type MosquittoLogin = { username: string; passwordHash: string; kind: 'hall' | 'consumer' };

const MOSQUITTO_HASH = /^\$7\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

/** The three files, as text. Throws a TypeError naming every bad login at once. */
export function mosquittoConfigFiles(
  dir: string,
  logins: MosquittoLogin[],
  options: MosquittoConfigOptions,
): { config: string; passwords: string; acl: string } {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const login of logins) {
    // Usernames go into the ACL file and into topics: a space, a newline or a wildcard in one would change the rules.
    if (!HALL_ID.test(login.username)) problems.push(`${JSON.stringify(login.username)}: a login is letters, digits and . - _`);
    if (!MOSQUITTO_HASH.test(login.passwordHash)) problems.push(`${login.username}: the password hash is not in Mosquitto's $7$ format`);
    if (seen.has(login.username)) problems.push(`${login.username}: two logins with one name`);
    seen.add(login.username);
  }
  for (const l of options.listeners) {
    if (l.tls?.useIdentityAsUsername && !l.tls.requireCertificate) problems.push(`listener ${l.port}: useIdentityAsUsername needs requireCertificate`);
  }
  if (problems.length) throw new TypeError(`cannot write the Mosquitto configuration:\n${problems.join('\n')}`);

  const passwords = logins.map((l) => `${l.username}:${l.passwordHash}\n`).join('');

  // One block per user, no `pattern` lines: a pattern would apply to consumers too, and a consumer
  // named like a hall would then write as that hall. With no line for it, a hall reads nothing.
  const acl = [
    '# Consumers read every hall’s topics and write none.',
    ...logins.filter((l) => l.kind === 'consumer').flatMap((l) => [`user ${l.username}`, 'topic read hall/#', '']),
    '# Each hall writes its own reports and presence and reads nothing.',
    ...logins
      .filter((l) => l.kind === 'hall')
      .flatMap((l) => [`user ${l.username}`, ...HALL_TOPIC_KINDS.map((kind) => `topic write hall/${l.username}/${kind}`), '']),
  ].join('\n');

  const config = [
    '# Written by the city platform; regenerate rather than edit.',
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${join(dir, 'passwords')}`,
    `acl_file ${join(dir, 'acl')}`,
    ...(options.user ? [`user ${options.user}`] : []),
    '',
    '# Sessions and queued messages outlive a restart.',
    'persistence true',
    `persistence_location ${options.dataDir.endsWith('/') ? options.dataDir : `${options.dataDir}/`}`,
    `autosave_interval ${options.autosaveIntervalS ?? 30}`,
    // MQTT 3.1.1 sessions (the halls') would otherwise be kept forever.
    'persistent_client_expiration 14d',
    `max_queued_messages ${options.maxQueuedMessages ?? 1_000_000}`,
    // No broker-side cap on messages in flight to a client: the consumer sets its own with MQTT 5's receive maximum.
    'max_inflight_messages 0',
    // A report is at most MAX_PAYLOAD_BYTES; the rest is room for the envelope's topic and header.
    `max_packet_size ${MAX_PAYLOAD_BYTES + 64 * 1024}`,
    `log_dest ${options.logDest ?? 'stderr'}`,
    'log_type error',
    'log_type warning',
    'log_type notice',
    'connection_messages true',
    '',
    ...options.listeners.flatMap((l) => [
      `listener ${l.port}${l.host ? ` ${l.host}` : ''}`,
      ...(l.tls
        ? [
            `cafile ${l.tls.cafile}`,
            `certfile ${l.tls.certfile}`,
            `keyfile ${l.tls.keyfile}`,
            `require_certificate ${l.tls.requireCertificate ? 'true' : 'false'}`,
            ...(l.tls.useIdentityAsUsername ? ['use_identity_as_username true'] : []),
          ]
        : []),
      '',
    ]),
  ].join('\n');

  return { config, passwords, acl };
}

/** Writes the configuration into `dir`; answers the file to start Mosquitto with (`mosquitto -c`). */
export async function writeMosquittoConfig(
  dir: string,
  directory: Pick<HallDirectory, 'logins'>,
  options: MosquittoConfigOptions,
): Promise<{ configFile: string }> {
  const files = mosquittoConfigFiles(dir, await directory.logins(), options);
  await mkdir(dir, { recursive: true });
  await mkdir(options.dataDir, { recursive: true });
  // Each file is replaced whole, so a Mosquitto reloading on SIGHUP never reads half of one.
  for (const [name, text, mode] of [
    ['passwords', files.passwords, 0o600],
    ['acl', files.acl, 0o644],
    ['mosquitto.conf', files.config, 0o644],
  ] as const) {
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, text, { mode });
    await rename(`${path}.tmp`, path);
  }
  return { configFile: join(dir, 'mosquitto.conf') };
}
