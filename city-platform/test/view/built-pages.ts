/**
 * The pages as the server serves them, built by the project's own build
 * script (scripts/build.ts). city-platform/dist is used as it is when it is
 * newer than every source of the pages; otherwise the pages are built into a
 * temporary directory (a few seconds), so a stale dist never passes a test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PACKAGE = join(import.meta.dirname, '..', '..');
const SOURCES = ['web', 'src/api', 'src/ports.ts', 'scripts/build.ts', 'package.json'].map((p) => join(PACKAGE, p));
const BUILT = ['view/index.html', 'phone/index.html'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function freshDist(): string | undefined {
  const dist = join(PACKAGE, 'dist');
  if (!BUILT.every((f) => existsSync(join(dist, f)))) return undefined;
  const builtAt = Math.min(...BUILT.map((f) => statSync(join(dist, f)).mtimeMs));
  return Math.max(...SOURCES.map(newest)) < builtAt ? dist : undefined;
}

/** The pages' root (with view/ and phone/), and how to clean it up. */
export async function builtPages(): Promise<{ root: string; dispose(): void }> {
  const fresh = freshDist();
  if (fresh) return { root: fresh, dispose: () => undefined };
  const root = mkdtempSync(join(tmpdir(), 'city-pages-'));
  await promisify(execFile)(process.execPath, [join(PACKAGE, 'scripts', 'build.ts'), '--out', root], { cwd: PACKAGE });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
