/**
 * `npm run agent`: the device agent for browsers, demos and tests. Reads its
 * settings from the environment (see config.ts), opens the devices, links to
 * the hall and serves KioskApi on ws://127.0.0.1:KIOSK_AGENT_PORT to the
 * page whose address it logs at start.
 */
import { kioskPageUrl } from '../shared/bridge.ts';
import { AgentConfigError, loadAgentConfig } from './config.ts';
import { createDeviceHost } from './index.ts';
import { createLogger, kioskLogFile, type Level } from './log.ts';
import { startAgentServer } from './ws-server.ts';

const logFile = kioskLogFile(process.env, 'kiosk-agent');
const logger = createLogger({ level: (process.env.KIOSK_LOG_LEVEL as Level | undefined) ?? 'info', destination: logFile.file });
for (const problem of logFile.problems) logger.warn(problem);

let config;
try {
  config = loadAgentConfig(process.env);
} catch (err) {
  if (err instanceof AgentConfigError) {
    // Said on stderr for whoever started it by hand; in the file too when there is one, for whoever reads it later.
    if (logFile.file) logger.error('the device agent cannot start', { problems: err.problems });
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
  throw err;
}

const device = await createDeviceHost(config, { logger });
device.onExitRequested(() => logger.warn('exit from kiosk mode requested by staff; the browser shell decides what to do'));
const server = await startAgentServer(device.host, { port: config.port, allowedOrigins: config.pageOrigins, logger });
logger.info('kiosk agent ready', { url: server.url, terminal: config.terminalName, dataDir: config.dataDir });
// The one place the key is shown: the address the kiosk's browser opens, the key in its fragment (never sent to the hall).
// It is new at every start, so the browser is pointed at this line again after a restart of the agent.
logger.info('open the kiosk page at this address', { page: kioskPageUrl(config.hallUrl, server.url, server.key) });

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  // Whatever happens, do not hang around: a supervisor (systemd, npm start) restarts us.
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await server.close().catch((err: unknown) => logger.error('closing the server failed', { error: err }));
  await device.close().catch((err: unknown) => logger.error('closing the devices failed', { error: err }));
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { error: err }));
