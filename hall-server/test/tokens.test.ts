import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { HallStore } from '../src/store/hall-store.ts';
import { TokenStore } from '../src/store/tokens.ts';
import { HALL_SERVER_BIN } from './hall-server-cli.ts';
import { statusOf } from './harness.ts';
import { hallStarter, tempDirsPerTest } from './per-test.ts';

/** The CLI as an operator runs it, without holding up the hall in this process: another process writing the hall's database. */
const cli = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [HALL_SERVER_BIN, ...args], { encoding: 'utf8' });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('token lifecycle on a running hall', () => {
  const start = hallStarter();

  it('a token revoked by the CLI is refused (401) within 5 s and its socket is disconnected', async () => {
    const hall = await start();
    const token = hall.app.tokens.create('kiosk', '东门取号机');
    const client = hall.client(token);
    const services = () => statusOf(client, client.call('listServices'));
    expect(await services()).toBe(200);
    const kiosk = await hall.connect('/kiosk', token);
    const closed = new Promise<string>((resolve) => kiosk.socket.once('disconnect', resolve));
    const id = hall.app.tokens.list().find((t) => t.name === '东门取号机')!.id;

    const revoked = await cli('token', 'revoke', '--data', hall.dataDir, '--id', id);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toBe('');
    const t0 = Date.now();
    await vi.waitUntil(async () => (await services()) === 401, { timeout: 5_000, interval: 50 });
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - t0).toBeLessThan(5_000);
    await expect(hall.connect('/kiosk', token)).rejects.toThrow('unauthorized');
  });

  it('rotate prints only a new token that works, and the old one stops working', async () => {
    const hall = await start();
    const old = hall.app.tokens.create('counter', '3号窗口', 3);
    const services = (token: string) => {
      const client = hall.client(token);
      return statusOf(client, client.call('listServices'));
    };
    expect(await services(old)).toBe(200);

    const rotated = await cli('token', 'rotate', '--data', hall.dataDir, '--name', '3号窗口');
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toMatch(/^hall_[\w-]+\n$/);
    const fresh = rotated.stdout.trim();
    expect(hall.app.tokens.verify(fresh)).toMatchObject({ role: 'counter', name: '3号窗口', windowNo: 3 });
    expect(await services(fresh)).toBe(200);
    await vi.waitUntil(async () => (await services(old)) === 401, { timeout: 5_000, interval: 50 });
  });

  it('revoking by a name that several tokens share is refused, listing their ids', async () => {
    const hall = await start();
    hall.app.tokens.create('display', '大厅屏');
    hall.app.tokens.create('display', '大厅屏');
    const ids = hall.app.tokens.activeByName('大厅屏').map((t) => t.id);
    const out = await cli('token', 'revoke', '--data', hall.dataDir, '--name', '大厅屏');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`2 tokens in force have that name: ${ids.join(', ')}; choose one with --id`);
    expect(hall.app.tokens.activeByName('大厅屏')).toHaveLength(2);
  });
});

describe('token list', () => {
  const dir = tempDirsPerTest('hall-tokens-');

  it('shows one line per token with when it was last used, and never the secret or its hash', async () => {
    const data = dir();
    const created = await cli('token', 'create', '--data', data, '--role', 'display', '--name', 'east wall', '--expires-days', '30');
    const secret = created.stdout.trim();
    await cli('token', 'create', '--data', data, '--role', 'counter', '--name', 'window 2', '--window', '2');
    const store = HallStore.open(data);
    try {
      new TokenStore(store.db).verify(secret);
    } finally {
      store.close();
    }

    const out = await cli('token', 'list', '--data', data);
    expect(out.status).toBe(0);
    expect(out.stderr).toContain('id\trole\tname\twindow\tcreated\tlast-used\texpires\trevoked');
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines).toHaveLength(2);
    const [wall, counter] = lines;
    expect(wall!.slice(1, 4)).toEqual(['display', 'east wall', '-']);
    expect(wall![5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\dZ$/);
    expect(wall![6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\dZ$/);
    expect(counter!.slice(1, 4)).toEqual(['counter', 'window 2', '2']);
    expect(counter![5]).toBe('-');
    expect(out.stdout).not.toContain(secret);
    expect(out.stdout).not.toContain(sha256(secret));

    await cli('token', 'revoke', '--data', data, '--name', 'east wall');
    const after = (await cli('token', 'list', '--data', data)).stdout.split('\n')[0]!.split('\t');
    expect(after[7]).toMatch(/Z$/);
  });

  it('token create refuses an expiry that has passed or is not a date', async () => {
    const data = dir();
    const past = await cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'k', '--expires', '2000-01-01');
    expect(past.status).toBe(2);
    expect(past.stderr).toContain('--expires 2000-01-01 has passed');
    const bad = await cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'k', '--expires', '2031-02-30');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });
});

describe('a token store', () => {
  const dir = tempDirsPerTest('hall-tokens-');
  const open = () => {
    const data = dir();
    return HallStore.open(data);
  };

  it('refuses an expired token as if it were unknown, and announces it to whoever holds its sockets', () => {
    const store = open();
    let now = Date.parse('2026-03-02T08:00:00Z');
    const tokens = new TokenStore(store.db, { now: () => now });
    const expiring = tokens.create('display', 'loan screen', undefined, { expiresAt: now + 3_600_000 });
    const announced: string[] = [];
    tokens.onRevoked((id) => announced.push(id));
    expect(tokens.verify(expiring)?.name).toBe('loan screen');
    now += 3_600_000;
    expect(tokens.verify(expiring)).toBeUndefined();
    tokens.poll();
    expect(announced).toEqual([tokens.list()[0]!.id]);
    store.close();
  });

  it('records last use at most once a minute, not on every request', () => {
    const store = open();
    let now = Date.parse('2026-03-02T08:00:00Z');
    const tokens = new TokenStore(store.db, { now: () => now });
    const token = tokens.create('kiosk', 'kiosk 1');
    expect(tokens.list()[0]!.lastUsedAt).toBeUndefined();
    tokens.verify(token);
    const first = now;
    now += 59_000;
    tokens.verify(token);
    expect(tokens.list()[0]!.lastUsedAt).toBe(first);
    now += 1_000;
    tokens.verify(token);
    expect(tokens.list()[0]!.lastUsedAt).toBe(now);
    store.close();
  });

  it('notices a revocation written by another connection on its next poll', () => {
    const store = open();
    const tokens = new TokenStore(store.db);
    const token = tokens.create('manager', 'duty manager');
    tokens.watch(60_000);
    const announced: string[] = [];
    tokens.onRevoked((id) => announced.push(id));
    expect(tokens.verify(token)).toBeDefined();
    const other = HallStore.open(store.dataDir);
    const id = tokens.list()[0]!.id;
    new TokenStore(other.db).revoke(id);
    other.close();
    expect(tokens.verify(token)).toBeDefined(); // still cached until the poll
    tokens.poll();
    expect(announced).toEqual([id]);
    expect(tokens.verify(token)).toBeUndefined();
    tokens.poll();
    expect(announced).toEqual([id]);
    tokens.unwatch();
    store.close();
  });
});
