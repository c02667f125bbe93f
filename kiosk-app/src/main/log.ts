/**
 * The shell's log: the one logger every process uses (@hall/common/log), one
 * JSON line per entry on stderr, which systemd's journal or the Windows
 * service wrapper keeps. The shell only sees masked data anyway; the
 * logger's scrubbing catches a mistake.
 */
import { createLogger as createCommonLogger } from '@hall/common/log';

export type Logger = {
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
};

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n'), now: () => Date = () => new Date()): Logger {
  return createCommonLogger({ service: 'kiosk-shell', destination: write, now: () => now().getTime() });
}

/** For tests: keeps entries in memory. */
export function memoryLogger(): Logger & { entries: { level: string; message: string; details?: unknown }[] } {
  const entries: { level: string; message: string; details?: unknown }[] = [];
  const add = (level: string) => (message: string, details?: unknown) => {
    entries.push({ level, message, details });
  };
  return { entries, info: add('info'), warn: add('warn'), error: add('error') };
}
