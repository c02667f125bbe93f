import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { selfSigned } from './certificates.ts';
import { HALL_SERVER_BIN, hallServerCli } from './hall-server-cli.ts';
import { demoConfig, tempDir } from './harness.ts';
import { tempDirsPerTest } from './per-test.ts';

/** GET over HTTPS trusting only `ca`, as a device enrolled with the hall's certificate does. */
function httpsGet(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Starts `hall-server serve` and resolves with the URL it prints once listening. */
function serveCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [HALL_SERVER_BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /listening on (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('TLS', () => {
  let dir: string;
  let pem: ReturnType<typeof selfSigned>;
  let app: Application | undefined;
  let child: ChildProcess | undefined;
  const data = tempDirsPerTest();

  beforeAll(() => {
    dir = tempDir('hall-tls-');
    pem = selfSigned(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (child) await stop(child);
    child = undefined;
  });
  /** A hall serving HTTPS with the test certificate on a port of its own, closed after the test. */
  const startTlsHall = async (): Promise<{ served: Application; url: string }> => {
    const served = await createApplication({
      dataDir: data(),
      seed: demoConfig(),
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
      tls: { cert: pem.cert, key: pem.key },
    });
    app = served;
    return { served, url: await served.listen(0) };
  };

  it('serves the API over HTTPS and the sockets over WSS with the hall’s certificate', async () => {
    const { served, url } = await startTlsHall();
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kiosk = served.tokens.create('kiosk', 'tls kiosk');
    const services = await httpsGet(`${url}/api/v1/services`, pem.cert, { authorization: `Bearer ${kiosk}` });
    expect(services.status).toBe(200);
    expect(JSON.parse(services.body).services.length).toBeGreaterThan(0);

    const socket = io(`${url}/display`, {
      auth: { token: served.tokens.create('display', 'tls wall') },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ca: pem.cert,
    });
    try {
      const snapshot = await new Promise<{ seq: number }>((resolve, reject) => {
        socket.once('queue:snapshot', resolve);
        socket.once('connect_error', reject);
      });
      expect(snapshot.seq).toBe(served.hall.seq);
    } finally {
      socket.close();
    }
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const { url } = await startTlsHall();
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('serve --tls-cert --tls-key answers on https://', async () => {
    const started = await serveCli(['--port', '0', '--data', data(), '--seed', 'demo', '--tls-cert', pem.certFile, '--tls-key', pem.keyFile]);
    child = started.child;
    expect(started.url).toMatch(/^https:\/\//);
    const health = await httpsGet(`${started.url}/api/health`, pem.cert);
    expect(health.status).toBe(200);
  });

  it('serve refuses plain HTTP on a non-loopback host and says how to proceed', () => {
    const out = hallServerCli('serve', '--port', '0', '--data', data(), '--host', '0.0.0.0');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('refusing plain HTTP on 0.0.0.0');
    expect(out.stderr).toContain('--tls-cert FILE --tls-key FILE');
    expect(out.stderr).toContain('--plain-http');
  });

  it('serve --plain-http on a non-loopback host starts with a warning', async () => {
    const started = await serveCli(['--port', '0', '--data', data(), '--seed', 'demo', '--host', '0.0.0.0', '--plain-http']);
    child = started.child;
    expect(started.url).toMatch(/^http:\/\//);
    await expect.poll(started.output).toContain('serving plain HTTP off loopback');
  });

  it('serve names the flag whose file is missing or unreadable', () => {
    const missingCert = hallServerCli('serve', '--port', '0', '--data', data(), '--tls-cert', join(dir, 'nope.pem'), '--tls-key', pem.keyFile);
    expect(missingCert.status).toBe(2);
    expect(missingCert.stderr).toContain(`--tls-cert ${join(dir, 'nope.pem')}: cannot read it (ENOENT)`);
    const swapped = hallServerCli('serve', '--port', '0', '--data', data(), '--tls-cert', pem.keyFile, '--tls-key', pem.certFile);
    expect(swapped.status).toBe(2);
    expect(swapped.stderr).toContain('not a PEM certificate with its matching key');
  });
});
