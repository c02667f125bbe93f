/**
 * Where the built kiosk application lies, relative to kiosk-app/: written by
 * vite.config.ts (the renderer) and vite.main.config.ts (the shell), packed by
 * electron-builder.config.ts, loaded by the shell (settings.ts). Named once so
 * that the three cannot drift apart.
 */

/** The build output, relative to kiosk-app/. Everything below is relative to it. */
export const DIST_DIR = 'dist';

/** The shell's main process: an ES module, the packaged app's entry point. */
export const MAIN_BUNDLE = { dir: 'main', file: 'index.js' } as const;

/** The preload: one CommonJS file (a sandboxed preload can neither import nor require our files). */
export const PRELOAD_BUNDLE = { dir: 'preload', file: 'index.cjs' } as const;

/** The built renderer (index.html and its assets). */
export const RENDERER_DIR = 'renderer';

/** The hardware profiles' data, copied beside the main bundle where the bundled loader looks for it. */
export const PROFILE_DIRS = ['devices', 'terminals'] as const;
