/**
 * The agent's log: the one logger every process uses (@hall/common/log), one
 * JSON line per entry. Personal data is masked twice: callers pass masked
 * values, and the logger masks every field named like a name or an ID
 * number, hides PINs and tokens, and masks anything in any string that looks
 * like a citizen ID number.
 *
 * Where the lines go is the kiosk's choice (kioskLogFile): a rotating file
 * when KIOSK_LOG_DIR is set, standard output otherwise.
 */
import { createLogger as createCommonLogger, DEFAULT_ROTATION, type Level, type Logger, RotatingFile, scrub } from '@hall/common/log';
import type pino from 'pino';

export { scrub, type Level };

export type AgentLogger = Logger;

export function createLogger(
  options: {
    level?: Level;
    /** Each line, without its newline (tests). */
    write?: (line: string) => void;
    /** Where lines go when `write` is not given: a rotating file (kioskLogFile) or another pino destination; stdout by default. */
    destination?: pino.DestinationStream;
    now?: () => number;
    base?: Record<string, unknown>;
  } = {},
): AgentLogger {
  return createCommonLogger({
    service: 'kiosk-agent',
    level: options.level ?? 'info',
    destination: options.write ?? options.destination,
    now: options.now,
    base: options.base,
  });
}

export const silentAgentLogger: AgentLogger = createCommonLogger({ service: 'kiosk-agent', level: 'silent' });

/**
 * The kiosk's log file, from the environment:
 *
 * | variable | meaning |
 * |---|---|
 * | `KIOSK_LOG_DIR` | write `<name>.log` in this directory, rotated (created if missing); unset: standard output / standard error |
 * | `KIOSK_LOG_FILE_MB` | size of one file before it is rotated, in MB (default 10) |
 * | `KIOSK_LOG_FILES` | how many files are kept, the current one included (default 5) |
 *
 * A size or count that is not a positive whole number, or a directory that
 * cannot be written, is not fatal, since a kiosk must start to be repaired:
 * the defaults (or the console) apply and `problems` says so, for the caller
 * to log once its logger is up.
 */
export function kioskLogFile(env: Record<string, string | undefined>, name: string): { file?: RotatingFile; problems: string[] } {
  const dir = env.KIOSK_LOG_DIR?.trim();
  if (!dir) return { problems: [] };
  const problems: string[] = [];
  const whole = (variable: string, fallback: number): number => {
    const raw = env[variable]?.trim();
    if (!raw) return fallback;
    if (/^[1-9]\d{0,5}$/.test(raw)) return Number(raw);
    problems.push(`${variable}=${raw} is not a positive whole number; using ${fallback}`);
    return fallback;
  };
  const maxBytes = whole('KIOSK_LOG_FILE_MB', DEFAULT_ROTATION.maxBytes / (1024 * 1024)) * 1024 * 1024;
  const files = whole('KIOSK_LOG_FILES', DEFAULT_ROTATION.files);
  try {
    return { file: new RotatingFile(dir, name, { maxBytes, files }), problems };
  } catch (err) {
    // A directory the kiosk cannot write (a typo, a missing drive): log where it always could, and say why.
    problems.push(
      `KIOSK_LOG_DIR=${dir}: cannot write ${name}.log there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); logging to the console instead`,
    );
    return { problems };
  }
}
