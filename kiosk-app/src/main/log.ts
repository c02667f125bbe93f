/**
 * The shell's log: one JSON line per entry on stderr, which systemd's journal
 * or the Windows service wrapper keeps. Never log a visitor's ID number or
 * name: the shell only sees masked data anyway.
 */
export type Logger = {
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
};

function serialise(details: unknown): unknown {
  if (details instanceof Error) return { name: details.name, message: details.message, stack: details.stack };
  return details;
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n'), now: () => Date = () => new Date()): Logger {
  const entry = (level: string) => (message: string, details?: unknown) => {
    const record: Record<string, unknown> = { time: now().toISOString(), level, source: 'kiosk-shell', message };
    if (details !== undefined) record.details = serialise(details);
    try {
      write(JSON.stringify(record));
    } catch {
      write(JSON.stringify({ ...record, details: String(details) }));
    }
  };
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}

/** For tests: keeps entries in memory. */
export function memoryLogger(): Logger & { entries: { level: string; message: string; details?: unknown }[] } {
  const entries: { level: string; message: string; details?: unknown }[] = [];
  const add = (level: string) => (message: string, details?: unknown) => {
    entries.push({ level, message, details });
  };
  return { entries, info: add('info'), warn: add('warn'), error: add('error') };
}
