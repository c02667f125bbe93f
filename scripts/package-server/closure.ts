/**
 * Which installed packages the hall server needs at run time: npm's own
 * answer (`npm ls --omit=dev`), so the package holds exactly what
 * production resolution would load, at the same places relative to the
 * repository root, and nothing of the dev tooling.
 */
import { execFileSync } from 'node:child_process';
import { relative, sep } from 'node:path';

export type Closure = {
  /** Directories of third-party packages, relative to the repository root (`node_modules/fastify`, …). */
  packages: string[];
  /** Names of this repository's workspaces the server loads (`@hall/common`, …), linked rather than copied. */
  workspaces: string[];
};

export function productionClosure(repoRoot: string, workspace: string): Closure {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--workspace', workspace], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const packages = new Set<string>();
  const workspaces = new Set<string>();
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const rel = relative(repoRoot, line.trim()).split(sep).join('/');
    if (!rel.startsWith('node_modules/')) continue;
    const name = rel.replace(/^.*node_modules\//, '');
    if (name.startsWith('@hall/')) workspaces.add(name);
    else packages.add(rel);
  }
  return { packages: [...packages].sort(), workspaces: [...workspaces].sort() };
}
