/**
 * `hall-server doctor` over real data directories, and `serve` refusing a
 * damaged database: the checks' judgements are tested as a table in
 * src/ops/doctor-checks.test.ts; here the facts come from real files.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDatabaseAtStart, DamagedDatabaseError } from '../src/ops/start-check.ts';
import { selfSigned } from './certificates.ts';
import { hallServerCli, hallServerCliAsync } from './hall-server-cli.ts';
import { startHall } from './harness.ts';
import { tempDirsPerTest } from './per-test.ts';

const HUKOU = '330106-HJ-001';

/** A closed hall with `tickets` tickets in its database, checkpointed into the file. */
async function hallWithTickets(dataDir: string, tickets: number): Promise<void> {
  const hall = await startHall({ dataDir });
  let kiosk = hall.client(hall.token('kiosk'));
  for (let i = 0; i < tickets; i++) {
    // A fresh kiosk every 100 tickets: one kiosk's burst is limited.
    if (i % 100 === 99) kiosk = hall.client(hall.token('kiosk'));
    await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
  }
  await hall.close();
}

/** Overwrites `pages` whole pages in the middle of the file with noise, as a failing disk or a stray write would. */
function damageMiddle(dbFile: string, pages = 3): void {
  const pageSize = 4096;
  const middle = Math.floor(statSync(dbFile).size / pageSize / 2);
  const fd = openSync(dbFile, 'r+');
  try {
    writeSync(fd, randomBytes(pages * pageSize), 0, pages * pageSize, middle * pageSize);
  } finally {
    closeSync(fd);
  }
}

const lines = (stdout: string) => stdout.trim().split('\n');

describe('hall-server doctor', () => {
  const dir = tempDirsPerTest('hall-doctor-');

  it('passes a sound hall, and fails it once its data directory is opened to others', { timeout: 60_000 }, async () => {
    const data = join(dir(), 'hall');
    await hallWithTickets(data, 3);
    const sound = hallServerCli('doctor', '--data', data);
    expect(sound.status, sound.stdout + sound.stderr).toBe(0);
    expect(lines(sound.stdout).map((l) => l.split(':')[0])).toEqual(['ok   database', 'ok   schema', 'ok   key', 'ok   modes', 'ok   disk', 'ok   clock']);
    chmodSync(data, 0o755);
    const open = hallServerCli('doctor', '--data', data);
    expect(open.status).toBe(1);
    expect(open.stdout).toContain(`FAIL modes: the data directory is open to others (mode 755): run chmod 700 ${data}`);
  });

  it('warns of a certificate about to expire and an upstream that does not answer, and still exits 0', { timeout: 60_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    await hallWithTickets(data, 0);
    const cert = selfSigned(work); // valid for one day
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/reports`;
    await new Promise((r) => closed.close(r));
    const out = hallServerCli('doctor', '--data', data, '--tls-cert', cert.certFile, '--upstream-url', url);
    expect(out.status, out.stdout).toBe(0);
    expect(out.stdout).toMatch(/^WARN certificate: .* expires on \d{4}-\d\d-\d\d, in 0 days: renew it/m);
    expect(out.stdout).toContain(`WARN upstream: cannot reach ${url} within 5 s (ECONNREFUSED): reports wait in the outbox`);
  });

  it('finds an upstream that answers, whatever it answers', { timeout: 60_000 }, async () => {
    const data = join(dir(), 'hall');
    await hallWithTickets(data, 0);
    const server = createServer((_req, res) => res.writeHead(405).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`;
      // Run asynchronously: this process must stay free to answer the probe.
      const probed = await hallServerCliAsync('doctor', '--data', data, '--upstream-url', url);
      expect(probed.stdout).toContain(`ok   upstream: ${url} answered (HTTP 405)`);
      expect(probed.status).toBe(0);
    } finally {
      server.close();
    }
  });

  it('fails a hall whose key is missing while its database holds sealed data', { timeout: 60_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    const hall = await startHall({ dataDir: data });
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU, idNumber: '33010619850312001X' } });
    await hall.close();
    const moved = join(work, 'elsewhere');
    mkdirSync(moved);
    copyFileSync(join(data, 'hall.key'), join(moved, 'hall.key'));
    chmodSync(join(moved, 'hall.key'), 0o600);
    // The key read from elsewhere while a copy stays in the data directory: two keys.
    const two = hallServerCli('doctor', '--data', data, '--key-file', join(moved, 'hall.key'));
    expect(two.status).toBe(1);
    expect(two.stdout).toContain('so that the hall has one key');
    renameSync(join(data, 'hall.key'), join(work, 'kept.key'));
    const missing = hallServerCli('doctor', '--data', data);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('is missing and the database holds data sealed with it');
  });
});

describe('a damaged database', () => {
  const dir = tempDirsPerTest('hall-damaged-');

  it('serve refuses to start on it, saying what to do; doctor and backup fail on it too', { timeout: 90_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    await hallWithTickets(data, 300);
    const damaged = join(work, 'damaged');
    mkdirSync(damaged, { mode: 0o700 });
    for (const file of ['hall.db', 'hall.key']) copyFileSync(join(data, file), join(damaged, file));
    damageMiddle(join(damaged, 'hall.db'));

    const serve = hallServerCli('serve', '--port', '0', '--data', damaged);
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain(`hall-server: the database ${join(damaged, 'hall.db')} is damaged (`);
    expect(serve.stderr).toContain('the hall will not serve from it');
    expect(serve.stderr).toContain('restore the latest backup');
    expect(existsSync(join(damaged, 'hall-server.pid'))).toBe(false);

    const doctor = hallServerCli('doctor', '--data', damaged);
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toMatch(/^FAIL database: .*hall\.db is damaged: .*restore the latest backup/m);

    const keyHex = join(work, 'backup.hex');
    const fd = openSync(keyHex, 'w', 0o600);
    writeSync(fd, randomBytes(32).toString('hex'));
    closeSync(fd);
    const backup = hallServerCli('backup', '--data', damaged, '--to', join(work, 'damaged.hbk'), '--backup-key-file', keyHex);
    expect(backup.status).toBe(1);
    expect(backup.stderr).toContain("the hall's database is damaged");
    expect(readdirSync(work).filter((name) => name.includes('hbk'))).toEqual([]);

    // The sound original still starts.
    expect(() => checkDatabaseAtStart(join(data, 'hall.db'))).not.toThrow();
  });

  it('on a database above the full-check size, the start checks every table but the two histories', { timeout: 60_000 }, async () => {
    const data = join(dir(), 'hall');
    await hallWithTickets(data, 5);
    expect(() => checkDatabaseAtStart(join(data, 'hall.db'), 0)).not.toThrow();
    const fd = openSync(join(data, 'hall.db'), 'r+');
    writeSync(fd, Buffer.from('not a database header'), 0, 21, 0);
    closeSync(fd);
    expect(() => checkDatabaseAtStart(join(data, 'hall.db'), 0)).toThrow(DamagedDatabaseError);
  });
});
