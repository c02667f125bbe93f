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

/** `张三丰` → `张**`, `张三` → `张*`, `SMITH, JOHN` → `S**********`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** `110101199003078814` → `110***********8814`; short numbers keep only their last character. */
export function maskIdNumber(id: string): string {
  if (id.length >= 10) return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
  if (id.length === 0) return '';
  return '*'.repeat(Math.max(1, id.length - 1)) + id.slice(-1);
}

/** Keeps the first 3 characters (usually the province). */
export function maskAddress(address: string): string {
  const chars = [...address];
  if (chars.length <= 3) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 3);
}

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
