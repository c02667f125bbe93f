/**
 * The one logger of every process (the hall server, the device agent, the
 * kiosk shell, the drivers' CLI): pino, one JSON line per entry with
 * `time`, `level`, `service` and `msg`, so a hall's journal or a kiosk's log
 * file reads the same whichever process wrote it.
 *
 * Personal data is kept out twice: callers log references and masked values,
 * and every entry passes through `scrub` on its way out — fields named like a
 * name or an ID number are masked, PINs, tokens and authorisation headers
 * hidden, whole forms and applicants dropped, and anything in any string
 * that looks like a citizen ID number masked.
 *
 * Both ways of calling are taken: pino's `log.info({ fields }, 'message')`
 * and the drivers' `log.info('message', { fields })`, so the drivers' small
 * `Logger` interface is satisfied by this logger as it is.
 */
import pino from 'pino';
import { maskIdNumber, maskName } from './identity.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** What code that logs needs of a logger: four levels, message first, and children with fixed fields. */
export interface Logger {
  debug(message: string, fields?: unknown): void;
  info(message: string, fields?: unknown): void;
  warn(message: string, fields?: unknown): void;
  error(message: string, fields?: unknown): void;
  child(fields: Record<string, unknown>): Logger;
}

const NAME_KEYS = /^(name|fullName|holderName|englishName|nameMasked)$/i;
const ID_KEYS = /^(idNumber|id_number|passNumber)$/i;
const SECRET_KEYS = /^(pin|token|authorization|secret|key|agentKey|grant|staffGrant)$/i;
const DROPPED_KEYS = /^(form|applicant|address|photo|bytes)$/i;
/** 18-character citizen numbers and 15-digit old ones, not inside longer digit runs. */
const ID_PATTERN = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/** A copy of `value` safe to write to a log. */
export function scrub(value: unknown, key = ''): unknown {
  if (SECRET_KEYS.test(key)) return value === undefined ? value : '***';
  if (DROPPED_KEYS.test(key)) return value === undefined ? value : '[redacted]';
  if (typeof value === 'string') {
    if (ID_KEYS.test(key)) return maskIdNumber(value);
    if (NAME_KEYS.test(key)) return maskName(value);
    return value.replace(ID_PATTERN, (m) => maskIdNumber(m));
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: scrub(value.message), ...(code !== undefined ? { code } : {}), ...(value.stack ? { stack: scrub(value.stack) } : {}) };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k);
    return out;
  }
  return value;
}

export type LoggerOptions = {
  /** Which process writes: `hall-server`, `kiosk-agent`, `kiosk-shell`, `drivers`. */
  service: string;
  level?: Level | 'silent';
  /** Where lines go: a pino destination, or a function given each line (without its newline). Default: stdout. */
  destination?: pino.DestinationStream | ((line: string) => void);
  /** The clock for `time` (tests). */
  now?: () => number;
  /** Fields on every line. */
  base?: Record<string, unknown>;
};

export type HallLogger = pino.Logger & Logger;

export function createLogger(options: LoggerOptions): HallLogger {
  const { destination } = options;
  const stream: pino.DestinationStream | undefined =
    typeof destination === 'function' ? { write: (line: string) => destination(line.endsWith('\n') ? line.slice(0, -1) : line) } : destination;
  const now = options.now;
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, ...options.base },
      messageKey: 'msg',
      timestamp: now ? () => `,"time":"${new Date(now()).toISOString()}"` : pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      hooks: {
        // Message first, fields after (the drivers' and the agent's way) becomes pino's fields-first call; the message is scrubbed too.
        logMethod(args, method) {
          const [first, second, ...rest] = args as unknown[];
          if (typeof first === 'string') {
            const msg = scrub(first) as string;
            if (second === undefined) return method.apply(this, [msg] as never);
            const fields = second instanceof Error ? { err: second } : second !== null && typeof second === 'object' ? second : { details: second };
            return method.apply(this, [fields, msg, ...rest] as never);
          }
          if (typeof second === 'string') return method.apply(this, [first, scrub(second), ...rest] as never);
          return method.apply(this, args as never);
        },
      },
      serializers: { err: (err: unknown) => scrub(err) },
    },
    stream,
  );
  return logger as HallLogger;
}

/** A logger that writes nothing. */
export const silentLogger: HallLogger = createLogger({ service: 'silent', level: 'silent' });
export { DEFAULT_ROTATION, RotatingFile, type RotationPolicy } from './rotating-file.ts';
