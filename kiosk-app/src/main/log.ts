/**
 * The shell's log: the one logger every process uses (@hall/common/log), one
 * JSON line per entry: on stderr, which systemd's journal keeps, or in a
 * rotating file when KIOSK_LOG_DIR is set (a kiosk under Windows' Shell
 * Launcher has no console). The shell only sees masked data anyway; the
 * logger's scrubbing catches a mistake.
 */
import { createLogger as createCommonLogger, type Level } from '@hall/common/log';
import { createLogger as createAgentLogger, kioskLogFile, type AgentLogger } from '../agent/log.ts';

export type Logger = {
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
};

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n'), now: () => Date = () => new Date()): Logger {
  return createCommonLogger({ service: 'kiosk-shell', destination: write, now: () => now().getTime() });
}

/**
 * The loggers of the Electron main process: the shell's own and the device
 * host's, which runs inside it. With KIOSK_LOG_DIR both write one file,
 * `kiosk-shell.log` (rotated; see agent/log.ts kioskLogFile), told apart by
 * their `service`; without it the shell writes stderr and the devices stdout.
 * KIOSK_LOG_LEVEL sets the level of both.
 */
export function shellLogs(env: Record<string, string | undefined>): { shell: Logger; devices: AgentLogger } {
  const { file, problems } = kioskLogFile(env, 'kiosk-shell');
  const level = (env.KIOSK_LOG_LEVEL?.trim() || 'info') as Level;
  const shell = createCommonLogger({ service: 'kiosk-shell', level, destination: file ?? ((line) => process.stderr.write(line + '\n')) });
  const devices = createAgentLogger({ level, destination: file, base: { source: 'kiosk-devices' } });
  for (const problem of problems) shell.warn(problem);
  return { shell, devices };
}

/** For tests: keeps entries in memory. */
export function memoryLogger(): Logger & { entries: { level: string; message: string; details?: unknown }[] } {
  const entries: { level: string; message: string; details?: unknown }[] = [];
  const add = (level: string) => (message: string, details?: unknown) => {
    entries.push({ level, message, details });
  };
  return { entries, info: add('info'), warn: add('warn'), error: add('error') };
}
