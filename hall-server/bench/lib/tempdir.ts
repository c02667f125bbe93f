/** Temporary data directories under the OS temp dir, always removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `hall-bench-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `body` with a fresh directory and removes it whatever happens. */
export async function withTempDir<T>(label: string, body: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = makeTempDir(label);
  try {
    return await body(dir);
  } finally {
    removeDir(dir);
  }
}
