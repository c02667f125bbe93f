import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HallStore } from '../src/store/hall-store.ts';
import { TokenStore } from '../src/store/tokens.ts';
import { hallServerCli, serveProcess } from './hall-server-cli.ts';
import { tempDirsPerTest } from './per-test.ts';

const DEMO = fileURLToPath(new URL('../src/seed/demo-hall.json', import.meta.url));

describe('hall-server CLI', () => {
  const dir = tempDirsPerTest('hall-cli-');

  it('token create prints the bearer token alone on stdout, bound to its window', () => {
    const data = dir();
    const out = hallServerCli('token', 'create', '--data', data, '--role', 'counter', '--name', '3号窗口', '--window', '3');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^hall_[\w-]+\n$/);
    const store = HallStore.open(data);
    try {
      expect(new TokenStore(store.db).verify(out.stdout.trim())).toMatchObject({ role: 'counter', name: '3号窗口', windowNo: 3 });
    } finally {
      store.close();
    }
  });

  it('token create refuses an unknown role and a counter without a window', () => {
    const data = dir();
    expect(hallServerCli('token', 'create', '--data', data, '--role', 'janitor', '--name', 'x').status).toBe(2);
    const noWindow = hallServerCli('token', 'create', '--data', data, '--role', 'counter', '--name', 'x');
    expect(noWindow.status).toBe(2);
    expect(noWindow.stderr).toContain('--window');
    expect(noWindow.stdout).toBe('');
  });

  it('config import names the file and the path of every bad field, and imports nothing', () => {
    const data = dir();
    const demo = JSON.parse(readFileSync(DEMO, 'utf8'));
    demo.services[1].prefix = 'a1';
    demo.windows[0].services[0].code = 'NO-SUCH-ITEM';
    const file = join(data, 'bad.json');
    writeFileSync(file, JSON.stringify(demo));
    const out = hallServerCli('config', 'import', file, '--data', data);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${file}: services[1].prefix`);
    expect(out.stderr).toContain(`${file}: windows[0].services[0].code: unknown service code NO-SUCH-ITEM`);
    const store = HallStore.open(data);
    try {
      expect(store.loadConfig()).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('config import loads a valid file into a new hall and re-imports over an existing one', () => {
    const data = dir();
    expect(hallServerCli('config', 'import', DEMO, '--data', data).status).toBe(0);
    const demo = JSON.parse(readFileSync(DEMO, 'utf8'));
    demo.windows[0].name = '1号窗口 户籍（综合）';
    const file = join(data, 'renamed.json');
    writeFileSync(file, JSON.stringify(demo));
    expect(hallServerCli('config', 'import', file, '--data', data).status).toBe(0);
    const store = HallStore.open(data);
    try {
      const row = store.db.prepare('SELECT data FROM windows WHERE no = 1').pluck().get() as string;
      expect(JSON.parse(row).name).toBe('1号窗口 户籍（综合）');
    } finally {
      store.close();
    }
  });

  it('config import refuses while a hall serves the directory, and says to stop it first', async () => {
    const data = dir();
    expect(hallServerCli('config', 'import', DEMO, '--data', data).status).toBe(0);
    const hall = await serveProcess(data);
    try {
      const out = hallServerCli('config', 'import', DEMO, '--data', data);
      expect(out.status).toBe(2);
      expect(out.stderr).toContain(`a hall server (pid ${hall.child.pid}) is serving ${data}: stop it first`);
    } finally {
      await hall.stop();
    }
    expect(hallServerCli('config', 'import', DEMO, '--data', data).status).toBe(0);
  });

  it('serve refuses to start without --data and explains the usage', () => {
    const out = hallServerCli('serve', '--port', '0');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('missing --data');
  });
});
