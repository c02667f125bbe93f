import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { demoConfig, tempDir } from './harness.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the hall’s data at rest', () => {
  const dirs: string[] = [];
  const apps: Application[] = [];
  const dir = () => {
    const d = tempDir('hall-rest-');
    dirs.push(d);
    return d;
  };
  const open = async (dataDir: string, keyFile?: string) => {
    const app = await createApplication({ dataDir, keyFile, seed: demoConfig(), logger: createLogger({ level: 'silent' }), dayCheckMs: false });
    apps.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and the database, its -wal and -shm and the key 0600, whatever the umask', async () => {
    const dataDir = join(dir(), 'hall');
    const umask = process.umask(0o022);
    try {
      await open(dataDir);
    } finally {
      process.umask(umask);
    }
    expect(modeOf(dataDir)).toBe(0o700);
    for (const name of ['hall.db', 'hall.db-wal', 'hall.db-shm', 'hall.key']) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it('overwrites deleted content (secure_delete) on every connection to the hall’s file', async () => {
    const app = await open(dir());
    expect(app.store.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(app.store.relaxedConnection().pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('tightens a database file and a directory found readable by others, and says so', () => {
    const dataDir = dir();
    HallStore.open(dataDir).close();
    chmodSync(join(dataDir, 'hall.db'), 0o644);
    chmodSync(dataDir, 0o755);
    const store = HallStore.open(dataDir);
    store.close();
    expect(modeOf(join(dataDir, 'hall.db'))).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(store.modeFixes).toEqual([
      { path: dataDir, was: '755', now: '700' },
      { path: join(dataDir, 'hall.db'), was: '644', now: '600' },
    ]);
  });

  it('refuses to start with a key file readable by others, naming the chmod to run', async () => {
    const dataDir = dir();
    await (await open(dataDir)).close();
    apps.length = 0;
    chmodSync(join(dataDir, 'hall.key'), 0o640);
    await expect(open(dataDir)).rejects.toThrow(`chmod 600 ${join(dataDir, 'hall.key')}`);
  });

  it('keeps the key outside the data directory with --key-file, and the data directory then holds none', async () => {
    const dataDir = dir();
    const keyFile = join(dir(), 'keys', 'hall.key');
    const app = await open(dataDir, keyFile);
    const { identity, sealed } = app.hall.identify('110101199003078814', '王小明');
    app.store.commitBatch([{ seq: app.hall.seq + 1, at: Date.now(), command: 'test', actor: 'test', events: [], identities: [sealed] }]);
    await app.close();
    apps.length = 0;
    expect(existsSync(join(dataDir, 'hall.key'))).toBe(false);
    expect(modeOf(keyFile)).toBe(0o600);
    expect(modeOf(join(keyFile, '..'))).toBe(0o700);
    const again = await open(dataDir, keyFile);
    expect(again.store.revealIdentity(identity.ref)).toEqual({ number: '110101199003078814', name: '王小明' });
  });

  it('never makes a new key for a database that holds sealed data: a missing key file is a clear error', async () => {
    const dataDir = dir();
    const keyFile = join(dir(), 'hall.key');
    const app = await open(dataDir, keyFile);
    const { sealed } = app.hall.identify('110101199003078814');
    app.store.commitBatch([{ seq: app.hall.seq + 1, at: Date.now(), command: 'test', actor: 'test', events: [], identities: [sealed] }]);
    await app.close();
    apps.length = 0;
    renameSync(keyFile, `${keyFile}.elsewhere`);
    await expect(open(dataDir, keyFile)).rejects.toThrow(/key file .* is missing.*restore the key file/);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file elsewhere while the data directory still holds a key of its own', async () => {
    const dataDir = dir();
    await (await open(dataDir)).close();
    apps.length = 0;
    const keys = dir();
    mkdirSync(keys, { recursive: true });
    await expect(open(dataDir, join(keys, 'hall.key'))).rejects.toThrow(/move the data directory's key there/);
  });
});
