/**
 * The agent's log: the one logger every process uses (@hall/common/log), one
 * JSON line per entry. Personal data is masked twice: callers pass masked
 * values, and the logger masks every field named like a name or an ID
 * number, hides PINs and tokens, and masks anything in any string that looks
 * like a citizen ID number.
 */
import { createLogger as createCommonLogger, type Level, type Logger, scrub } from '@hall/common/log';

export { scrub, type Level };

export type AgentLogger = Logger;

export function createLogger(options: { level?: Level; write?: (line: string) => void; now?: () => number; base?: Record<string, unknown> } = {}): AgentLogger {
  return createCommonLogger({ service: 'kiosk-agent', level: options.level ?? 'info', destination: options.write, now: options.now, base: options.base });
}

export const silentAgentLogger: AgentLogger = createCommonLogger({ service: 'kiosk-agent', level: 'silent' });
