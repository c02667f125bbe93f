/**
 * Progress of a long step (copying the database, archiving pages), for an
 * operator watching a backup or restore: at most one line a second on
 * stderr, and always the step's last line.
 */

/** Tells how far a step has come; `done` marks the step's last word, always shown. */
export type Progress = (line: string, done?: boolean) => void;

export const silentProgress: Progress = () => undefined;

export function throttledProgress(write: (text: string) => void, everyMs = 1000, now: () => number = Date.now): Progress {
  let last = -Infinity;
  return (line, done = false) => {
    const t = now();
    if (!done && t - last < everyMs) return;
    last = t;
    write(line + '\n');
  };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}
