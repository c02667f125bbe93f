/**
 * One server per data directory: two would hand out the same numbers. A
 * serving hall writes its pid to `DATA/hall-server.pid`; a file whose pid
 * is no longer alive is left over from a crash and does not count.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PID_FILE = 'hall-server.pid';

/** The pid of the hall server serving `dataDir` now, if one is. */
export function servingPid(dataDir: string): number | undefined {
  const path = join(dataDir, PID_FILE);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** Claims `dataDir` for this process; the returned function gives it back. Throws when another hall serves it. */
export function lockDataDir(dataDir: string, refuse: (message: string) => Error): () => void {
  const pid = servingPid(dataDir);
  if (pid !== undefined) throw refuse(`another hall server (pid ${pid}) is serving ${dataDir}`);
  const path = join(dataDir, PID_FILE);
  writeFileSync(path, String(process.pid));
  return () => rmSync(path, { force: true });
}
