/**
 * electron-builder.yml (repository root) is read by a YAML subset parser and
 * held to the kiosk packaging rules: the bundled main as the entry point,
 * no native rebuild, asar with native modules unpacked, AppImage + deb and
 * NSIS, a generic LAN feed, and Electron's fuses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MiniYamlError, parseMiniYaml } from './testing/mini-yaml.ts';

const file = new URL('../../../electron-builder.yml', import.meta.url);
const config = parseMiniYaml(readFileSync(file, 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('packages kiosk-app from its built bundles', () => {
    expect(config.appId).toBe('cn.gov.hall.kiosk');
    expect(config.productName).toBe('HallKiosk');
    expect(config.directories).toMatchObject({ app: 'kiosk-app' });
    expect(config.extraMetadata).toEqual({ main: 'dist/main/index.js' });
    for (const part of ['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'dist/devices/**', 'dist/terminals/**']) expect(config.files).toContain(part);
    expect(config.files).toContain('!src/**');
  });

  it('names the entry points the shell is built to', () => {
    const vite = readFileSync(new URL('../../vite.main.config.ts', import.meta.url), 'utf8');
    expect(vite).toContain("entryFileNames: 'index.js'");
    expect(vite).toContain("entryFileNames: 'index.cjs'");
    const shell = readFileSync(new URL('./settings.ts', import.meta.url), 'utf8');
    expect(shell).toContain("path.join(distDir, 'preload', 'index.cjs')");
  });

  it('does not rebuild native modules, and keeps them out of asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**', '**/node_modules/@serialport/bindings-cpp/**', '**/node_modules/node-hid/**']),
    );
  });

  it('builds AppImage and deb for Linux, a per-machine assisted NSIS installer for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBeTruthy();
    expect(config.linux.maintainer).toBeTruthy();
    expect(config.linux.desktop.entry).toMatchObject({ StartupWMClass: 'HallKiosk' });
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
  });

  it('publishes to a generic feed on the hall LAN named by KIOSK_UPDATE_URL', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: '${env.KIOSK_UPDATE_URL}' }]);
  });

  it('flips the fuses that close Electron’s back doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('is documented', () => {
    expect(existsSync(new URL('../../../docs/kiosk-deployment.md', import.meta.url))).toBe(true);
  });
});

describe('the YAML subset reader', () => {
  it('reads mappings, sequences of scalars and of mappings, quoted and folded scalars', () => {
    expect(
      parseMiniYaml(`a: 1 # one
b:
  - x
  - "y # not a comment"
c:
  - target: nsis
    arch:
      - x64
d: >-
  folded
  text
e: 'it''s'
`),
    ).toEqual({ a: 1, b: ['x', 'y # not a comment'], c: [{ target: 'nsis', arch: ['x64'] }], d: 'folded text', e: "it's" });
  });

  it('refuses what it does not understand rather than guess', () => {
    expect(() => parseMiniYaml('a: [1, 2]\n')).toThrow(MiniYamlError);
    expect(() => parseMiniYaml('a: 1\na: 2\n')).toThrow(/duplicate/);
    expect(() => parseMiniYaml('a:\n\t- 1\n')).toThrow(/tab/);
    expect(() => parseMiniYaml('a: 1\n   b: 2\n')).toThrow(MiniYamlError);
  });
});
