/**
 * Electron's entry point (bundled to dist/main/index.js). Everything is in
 * shell.ts; this file only brings in the real device agent and the paths of
 * the bundle.
 */
import path from 'node:path';
import { createDeviceHost, createLogger as createAgentLogger, loadAgentConfig } from '../agent/index.ts';
import { startShell } from './shell.ts';

startShell({
  agent: { createDeviceHost, loadAgentConfig },
  env: process.env,
  distDir: path.resolve(import.meta.dirname, '..'),
  hostOptions: { logger: createAgentLogger({ base: { source: 'kiosk-devices' } }) },
  catchUncaught: true,
}).catch((err: unknown) => {
  process.stderr.write(`kiosk shell failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
