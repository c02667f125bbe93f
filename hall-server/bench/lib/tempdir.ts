/** Temporary data directories under the OS temp dir, always removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
// An interrupted run (Ctrl-C: run.ts turns SIGINT into exit) still leaves nothing behind.
process.once('exit', () => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hall-bench-${label}-`));
  live.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}
