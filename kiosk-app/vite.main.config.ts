/**
 * Builds the Electron shell for packaging: `vite build -c vite.main.config.ts`
 * produces
 *   dist/main/index.js      the main process, an ES module with the device
 *                           agent, the drivers and the hardware profiles'
 *                           loader bundled in (Electron will not strip types
 *                           from .ts files, least of all inside node_modules);
 *   dist/preload/index.cjs  the preload, one CommonJS file (a sandboxed
 *                           preload can neither import nor require our files);
 *   dist/devices/, dist/terminals/  the hardware profiles' device models and
 *                           terminal set-ups, where the bundled loader looks
 *                           for them (`new URL('..', import.meta.url)`).
 * The renderer is built by vite.config.ts into dist/renderer.
 *
 * Left outside the bundle, and so shipped in node_modules (unpacked from
 * asar, see electron-builder.config.ts): electron itself and the native modules.
 */
import { cpSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type EnvironmentOptions, type Plugin } from 'vite';
import { thirdPartyNotices } from '@hall/display-wall/third-party-notices';
import { DIST_DIR, MAIN_BUNDLE, PRELOAD_BUNDLE, PROFILE_DIRS } from './src/main/bundle-layout.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Native modules (and what loads their binaries): required at run time from node_modules. */
export const NATIVE_MODULES = ['better-sqlite3', 'serialport', '@serialport/bindings-cpp', 'node-hid', 'bindings', 'node-gyp-build'];

const external = (id: string): boolean =>
  id === 'electron' ||
  id.startsWith('electron/') ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  // ws loads these optional speed-ups when present.
  id === 'bufferutil' ||
  id === 'utf-8-validate' ||
  NATIVE_MODULES.some((m) => id === m || id.startsWith(`${m}/`)) ||
  id.startsWith('@serialport/');

/** Copies the hardware profiles' data beside the main bundle. */
function hardwareProfiles(): Plugin {
  return {
    name: 'hall-hardware-profiles',
    apply: 'build',
    closeBundle() {
      if (this.environment?.name !== 'main') return;
      for (const dir of PROFILE_DIRS) {
        rmSync(here(`${DIST_DIR}/${dir}`), { recursive: true, force: true });
        cpSync(here(`../hardware-profiles/${dir}`), here(`${DIST_DIR}/${dir}`), { recursive: true });
      }
    },
  };
}

/**
 * One of the shell's bundles for Node: `entry` and everything it imports in
 * one file at `bundle`'s place (Electron and what `external` names left to
 * the runtime).
 */
function shellBundle(
  entry: string,
  bundle: { dir: string; file: string },
  external: (string | RegExp)[] | ((id: string) => boolean),
  output: { format: 'es' | 'cjs'; chunkFileNames?: string },
): EnvironmentOptions {
  return {
    consumer: 'server',
    resolve: { noExternal: true, external: ['electron'] },
    build: {
      // Electron 45 runs Node 22: keep import.meta.dirname and top-level await.
      target: 'node22',
      minify: false,
      sourcemap: true,
      emptyOutDir: true,
      reportCompressedSize: false,
      outDir: here(`${DIST_DIR}/${bundle.dir}`),
      ssr: true,
      rollupOptions: { input: here(entry), external, output: { ...output, entryFileNames: bundle.file, codeSplitting: false } },
    },
  };
}

export default defineConfig({
  root: here('.'),
  // Nothing of the renderer's public/ belongs in the shell's bundles.
  publicDir: false,
  plugins: [hardwareProfiles(), thirdPartyNotices('the kiosk shell')],
  resolve: { conditions: ['node'] },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.main!);
      await builder.build(builder.environments.preload!);
    },
  },
  environments: {
    main: shellBundle('src/main/index.ts', MAIN_BUNDLE, external, { format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' }),
    // A sandboxed preload can load nothing but itself.
    preload: shellBundle('src/preload/index.ts', PRELOAD_BUNDLE, ['electron'], { format: 'cjs' }),
  },
});
