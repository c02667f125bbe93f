/**
 * Structured logs. Personal data never reaches them: the code logs
 * references and masked values only, and these redactions catch a mistake.
 */
import pino, { type Logger } from 'pino';

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.HALL_LOG_LEVEL ?? 'info',
      base: { service: 'hall-server' },
      redact: {
        paths: ['idNumber', 'name', '*.idNumber', '*.name', '*.*.idNumber', 'form', '*.form', 'applicant', '*.applicant', 'req.headers.authorization', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
