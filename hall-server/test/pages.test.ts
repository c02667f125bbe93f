import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { demoConfig, tempDir } from './harness.ts';

describe('built pages', () => {
  let app: Application | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await app?.close();
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('serves a mount’s files, its index for its own routes, and a clear page where nothing was built', async () => {
    const pages = tempDir('hall-pages-');
    dirs.push(pages);
    mkdirSync(join(pages, 'assets'));
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>window screen</title>');
    writeFileSync(join(pages, 'assets', 'app.js'), 'console.log(1)');
    const data = tempDir();
    dirs.push(data);
    app = await createApplication({
      dataDir: data,
      seed: demoConfig(),
      logger: createLogger({ level: 'silent' }),
      dayCheckMs: false,
      pages: { '/window/': pages, '/wall/': join(pages, 'missing') },
    });
    const url = await app.listen(0);
    const asset = await fetch(`${url}/window/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    const route = await fetch(`${url}/window/3`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('window screen');
    const missing = await fetch(`${url}/wall/`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build');
  });
});
