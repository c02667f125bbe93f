/**
 * kiosk-app/electron-builder.config.ts held to the kiosk packaging rules: the
 * bundled main as the entry point, no native rebuild, asar with native modules
 * unpacked, AppImage + deb and NSIS, a generic LAN feed, and Electron's fuses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder.config.ts';
import viteMain from '../../vite.main.config.ts';
import { DIST_DIR, MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_DIR } from './bundle-layout.ts';
import { readShellSettings } from './settings.ts';

describe('electron-builder.config.ts', () => {
  it('packages kiosk-app from its built bundles', () => {
    expect(config.appId).toBe('cn.gov.hall.kiosk');
    expect(config.productName).toBe('HallKiosk');
    expect(config.directories).toMatchObject({ app: 'kiosk-app' });
    expect(config.extraMetadata).toEqual({ main: 'dist/main/index.js' });
    for (const part of ['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'dist/devices/**', 'dist/terminals/**']) expect(config.files).toContain(part);
    expect(config.files).toContain('!src/**');
  });

  it('points at the bundles where Vite builds them and the shell loads them', () => {
    const kioskApp = path.resolve(import.meta.dirname, '../..');
    const main = viteMain.environments?.main?.build;
    expect(main?.outDir).toBe(path.join(kioskApp, DIST_DIR, MAIN_BUNDLE.dir));
    expect(main?.rollupOptions?.output).toMatchObject({ format: 'es', entryFileNames: MAIN_BUNDLE.file });
    expect(config.extraMetadata?.main).toBe(`${DIST_DIR}/${MAIN_BUNDLE.dir}/${MAIN_BUNDLE.file}`);

    const preload = viteMain.environments?.preload?.build;
    expect(preload?.outDir).toBe(path.join(kioskApp, DIST_DIR, PRELOAD_BUNDLE.dir));
    expect(preload?.rollupOptions?.output).toMatchObject({ format: 'cjs', entryFileNames: PRELOAD_BUNDLE.file });

    // The packaged main runs from dist/main/index.js and takes its parent as the dist directory.
    const distDir = path.join(kioskApp, DIST_DIR);
    const shell = readShellSettings({}, undefined, distDir);
    expect(shell.preloadPath).toBe(path.join(distDir, PRELOAD_BUNDLE.dir, PRELOAD_BUNDLE.file));
    expect(shell.rendererDir).toBe(path.join(distDir, RENDERER_DIR));
  });

  it('does not rebuild native modules, and keeps them out of asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**', '**/node_modules/@serialport/bindings-cpp/**', '**/node_modules/node-hid/**']),
    );
  });

  it('builds AppImage and deb for Linux, a per-machine assisted NSIS installer for Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBeTruthy();
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.linux?.desktop?.entry).toMatchObject({ StartupWMClass: 'HallKiosk' });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
  });

  it('publishes to a generic feed on the hall LAN named by KIOSK_UPDATE_URL, left for electron-builder to expand', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: '$' + '{env.KIOSK_UPDATE_URL}' }]);
  });

  it('flips the fuses that close Electron’s back doors', () => {
    // Off: ways to run other code in the app's name. On: checks that the app runs its own, packed code.
    const off = ['runAsNode', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'grantFileProtocolExtraPrivileges'];
    const on = ['enableCookieEncryption', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar'];
    expect(config.electronFuses).toEqual(Object.fromEntries([...off.map((fuse) => [fuse, false]), ...on.map((fuse) => [fuse, true])]));
  });

  it('is documented', () => {
    expect(existsSync(new URL('../../../docs/kiosk-deployment.md', import.meta.url))).toBe(true);
  });
});
