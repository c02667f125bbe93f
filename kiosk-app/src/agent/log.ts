/**
 * The agent's log: one JSON line per entry. Personal data is masked twice:
 * callers pass masked values, and as a second line of defence every field
 * named like a name or an ID number is masked here, and anything in any
 * string that looks like a citizen ID number is masked too.
 */
import { maskIdNumber, maskName, type Logger } from '@hall/drivers';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Level[] = ['debug', 'info', 'warn', 'error'];

const NAME_KEYS = /^(name|fullName|holderName|englishName)$/i;
const ID_KEYS = /^(idNumber|id_number|passNumber|pin|token)$/i;
/** 18-character citizen numbers and 15-digit old ones, not inside longer digit runs. */
const ID_PATTERN = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

export function scrub(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (ID_KEYS.test(key)) return key.toLowerCase() === 'pin' || key.toLowerCase() === 'token' ? '***' : maskIdNumber(value);
    if (NAME_KEYS.test(key)) return maskName(value);
    return value.replace(ID_PATTERN, (m) => maskIdNumber(m));
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value instanceof Error) return { name: value.name, message: scrub(value.message), code: (value as { code?: unknown }).code };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k);
    return out;
  }
  return value;
}

export type AgentLogger = Logger & { child(fields: Record<string, unknown>): AgentLogger };

export function createLogger(options: { level?: Level; write?: (line: string) => void; now?: () => number; base?: Record<string, unknown> } = {}): AgentLogger {
  const min = ORDER.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? Date.now;
  const base = options.base ?? {};
  const at = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER.indexOf(level) < min) return;
    write(JSON.stringify({ time: new Date(now()).toISOString(), level, msg: scrub(message), ...(scrub({ ...base, ...fields }) as object) }));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

export const silentAgentLogger: AgentLogger = createLogger({ write: () => {} });
