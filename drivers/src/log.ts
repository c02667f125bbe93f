/**
 * The logger drivers write to, and the masking every log line of personal
 * data goes through. Names keep their first character, ID numbers their
 * first 3 and last 4: enough for a technician to match a complaint to a log
 * line, not enough to identify anyone.
 */
import { createLogger } from '@hall/common/log';
import type { IdCard } from './idcard/types.ts';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export { maskAddress, maskIdNumber, maskName } from '@hall/common';
import { maskAddress, maskIdNumber, maskName } from '@hall/common';

/** A copy of the card that is safe to log. */
export function maskCard(card: IdCard): IdCard {
  const out: IdCard = { ...card, name: maskName(card.name), idNumber: maskIdNumber(card.idNumber), birthDate: card.birthDate.slice(0, 4) + '-**-**' };
  if (card.englishName !== undefined) out.englishName = maskName(card.englishName);
  if (card.address !== undefined) out.address = maskAddress(card.address);
  if (card.passNumber !== undefined) out.passNumber = maskIdNumber(card.passNumber);
  return out;
}

/** The one logger (@hall/common/log) on stderr, for the CLI's `--verbose`. */
export function stderrLogger(minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  return createLogger({ service: 'drivers', level: minLevel, destination: (line: string) => process.stderr.write(line + '\n') });
}
