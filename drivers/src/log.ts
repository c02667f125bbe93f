/**
 * The logger drivers write to, and the masking every log line of personal
 * data goes through. Names keep their first character, ID numbers their
 * first 3 and last 4: enough for a technician to match a complaint to a log
 * line, not enough to identify anyone.
 */
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

/** Writes one JSON line per entry to stderr; for the CLI's `--verbose`. */
export function stderrLogger(minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    process.stderr.write(JSON.stringify({ level, message, ...fields }) + '\n');
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
