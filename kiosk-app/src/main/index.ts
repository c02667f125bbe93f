/**
 * Electron's entry point (bundled to dist/main/index.js). Everything is in
 * shell.ts; this file only brings in the real device agent, the logs
 * (log.ts) and the paths of the bundle.
 */
import path from 'node:path';
import { createDeviceHost, loadAgentConfig } from '../agent/index.ts';
import { shellLogs } from './log.ts';
import { startShell } from './shell.ts';

const logs = shellLogs(process.env);
startShell({
  agent: { createDeviceHost, loadAgentConfig },
  env: process.env,
  distDir: path.resolve(import.meta.dirname, '..'),
  log: logs.shell,
  hostOptions: { logger: logs.devices },
  catchUncaught: true,
}).catch((err: unknown) => {
  logs.shell.error('kiosk shell failed to start', err);
  process.exit(1);
});
