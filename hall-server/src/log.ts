/**
 * The hall server's logs: the one logger every process uses (@hall/common/log),
 * which keeps personal data out of every line. The code logs references and
 * masked values only; the logger's scrubbing catches a mistake.
 */
import { createLogger as createCommonLogger, type HallLogger, type Level } from '@hall/common/log';
import type pino from 'pino';

/** `level` as pino names them (`debug`, `info`, `warn`, `error`, `silent`); HALL_LOG_LEVEL when not given. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): HallLogger {
  const level = (options.level ?? (process.env.HALL_LOG_LEVEL || 'info')) as Level | 'silent';
  return createCommonLogger({ service: 'hall-server', level, destination: options.destination });
}
