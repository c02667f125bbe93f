import { describe, expect, it } from 'vitest';
import { mosquittoConfigFiles } from '../../src/broker/mosquitto.ts';
import { testMosquittoHash } from './mosquitto-hash.ts';

const hash = testMosquittoHash('pw');
const logins = [
  { username: 'H1', passwordHash: hash, kind: 'hall' as const },
  { username: 'city-consumer', passwordHash: hash, kind: 'consumer' as const },
];
const options = { listeners: [{ port: 1883 }], dataDir: '/var/lib/city/mosquitto' };

describe('the Mosquitto configuration', () => {
  it('grants each hall its own four topics to write and nothing to read, and consumers every hall topic to read', () => {
    const { acl } = mosquittoConfigFiles('/etc/city', logins, options);
    const rules = acl.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(rules).toEqual([
      'user city-consumer',
      'topic read hall/#',
      'user H1',
      'topic write hall/H1/queue-load',
      'topic write hall/H1/rating',
      'topic write hall/H1/device-health',
      'topic write hall/H1/status',
    ]);
  });

  it('keeps the directory’s hashes as they are, one login a line', () => {
    expect(mosquittoConfigFiles('/etc/city', logins, options).passwords).toBe(`H1:${hash}\ncity-consumer:${hash}\n`);
  });

  it('refuses anonymous clients, persists sessions, and bounds packets and queues', () => {
    const { config } = mosquittoConfigFiles('/etc/city', logins, { ...options, maxQueuedMessages: 5000 });
    expect(config).toContain('allow_anonymous false');
    expect(config).toContain('password_file /etc/city/passwords');
    expect(config).toContain('acl_file /etc/city/acl');
    expect(config).toContain('persistence true');
    expect(config).toContain('persistence_location /var/lib/city/mosquitto/');
    expect(config).toContain('max_queued_messages 5000');
    expect(config).toMatch(/^max_packet_size \d+$/m);
  });

  it('writes a TLS listener for client-certificate halls', () => {
    const { config } = mosquittoConfigFiles('/etc/city', logins, {
      ...options,
      listeners: [
        { port: 1883, host: '127.0.0.1' },
        { port: 8883, tls: { cafile: '/pki/ca.pem', certfile: '/pki/b.pem', keyfile: '/pki/b.key', requireCertificate: true, useIdentityAsUsername: true } },
      ],
    });
    expect(config).toContain('listener 1883 127.0.0.1\n');
    expect(config).toContain(
      'listener 8883\ncafile /pki/ca.pem\ncertfile /pki/b.pem\nkeyfile /pki/b.key\nrequire_certificate true\nuse_identity_as_username true\n',
    );
  });

  it('names every bad login at once rather than write rules a name could bend', () => {
    const bad = [
      { username: 'H1 #', passwordHash: hash, kind: 'hall' as const },
      { username: 'H2\ntopic read #', passwordHash: hash, kind: 'hall' as const },
      { username: 'H3', passwordHash: 'plaintext', kind: 'hall' as const },
      { username: 'H4', passwordHash: hash, kind: 'hall' as const },
      { username: 'H4', passwordHash: hash, kind: 'consumer' as const },
    ];
    expect(() => mosquittoConfigFiles('/etc/city', bad, options)).toThrow(
      /"H1 #": a login is[\s\S]*"H2\\ntopic read #": a login is[\s\S]*H3: the password hash[\s\S]*H4: two logins with one name/,
    );
  });

  it('will not take a certificate identity without a certificate', () => {
    const listeners = [{ port: 8883, tls: { cafile: 'a', certfile: 'b', keyfile: 'c', useIdentityAsUsername: true } }];
    expect(() => mosquittoConfigFiles('/etc/city', logins, { ...options, listeners })).toThrow(/useIdentityAsUsername needs requireCertificate/);
  });
});
