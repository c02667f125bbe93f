/**
 * The package's file tree, staged in a directory before dpkg-deb packs it.
 *
 * Under /usr/lib/hall-server/app the repository is mirrored, pruned to what
 * the server runs: its sources (Node strips the types as it loads them), the
 * workspaces it imports, the production closure of node_modules at the same
 * relative places (so modules resolve exactly as they do in the repository),
 * and the built pages where the server looks for them.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Closure } from './closure.ts';
import { CONFFILES, controlFile, type NodeArch } from './control.ts';
import type { Runtime } from './runtime.ts';

export const APP_DIR = 'usr/lib/hall-server/app';
export const DOC_DIR = 'usr/share/doc/hall-server';
export const UNIT_DIR = 'usr/lib/systemd/system';

/** Where each workspace the server imports lives in the repository. */
const WORKSPACE_DIRS: Record<string, string> = { '@hall/server': 'hall-server', '@hall/common': 'common' };

/** Nothing a running server reads: docs, type declarations, source maps, tests, other platforms' binaries, C sources. */
function shipped(path: string, arch: NodeArch): boolean {
  const name = basename(path);
  if (/\.(d\.ts|d\.mts|d\.cts|map|md|markdown)$/i.test(name) && !/^(license|notice|copying)/i.test(name)) return false;
  if (/\.test\.ts$/.test(name)) return false;
  if (name === '.bin' || name === 'test' || name === 'tests' || name === '__tests__') return false;
  if (/\/better-sqlite3\/(deps|src)$/.test(path)) return false;
  const prebuild = /\/better-sqlite3\/prebuilds\/(.+)\.node$/.exec(path);
  if (prebuild) return prebuild[1] === `linux-${arch}`;
  return true;
}

export type StageInput = {
  repoRoot: string;
  stageDir: string;
  arch: NodeArch;
  version: string;
  closure: Closure;
  runtime: Runtime;
  /** Built page directories, by the repository path the server mounts them from (`kiosk-app/dist/renderer`, …). */
  pages: Record<string, string>;
  /** Text of the third-party notices for everything shipped. */
  notices: string;
  /** Extra documents for /usr/share/doc/hall-server (file paths). */
  docs: string[];
};

export function stagePackage(input: StageInput): void {
  const { repoRoot, stageDir, arch } = input;
  const at = (...parts: string[]) => join(stageDir, ...parts);
  const copy = (from: string, to: string) =>
    cpSync(from, to, {
      recursive: true,
      dereference: false,
      // Nested node_modules come in as closure entries of their own, only when needed.
      filter: (src) => shipped(src, arch) && !(src !== from && basename(src) === 'node_modules'),
    });
  const packaging = join(repoRoot, 'hall-server', 'packaging');

  for (const name of input.closure.workspaces) {
    const dir = WORKSPACE_DIRS[name];
    if (!dir) throw new Error(`the server imports workspace ${name}, which the package does not know how to ship`);
    for (const part of ['package.json', 'src', 'bin']) {
      const from = join(repoRoot, dir, part);
      if (existsSync(from)) copy(from, at(APP_DIR, dir, part));
    }
    const link = at(APP_DIR, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), at(APP_DIR, dir)), link);
  }
  for (const pkg of input.closure.packages) copy(join(repoRoot, pkg), at(APP_DIR, pkg));
  for (const [mountedFrom, built] of Object.entries(input.pages)) copy(built, at(APP_DIR, mountedFrom));

  copy(input.runtime.binary, at('usr/lib/hall-server/node'));
  copy(join(packaging, 'bin', 'hall-server'), at('usr/bin/hall-server'));
  for (const unit of readdirSync(join(packaging, 'systemd'))) copy(join(packaging, 'systemd', unit), at(UNIT_DIR, unit));
  for (const conffile of CONFFILES) copy(join(packaging, 'etc', basename(conffile)), at(conffile.slice(1)));

  mkdirSync(at(DOC_DIR), { recursive: true });
  for (const doc of input.docs) copy(doc, at(DOC_DIR, basename(doc)));
  writeFileSync(at(DOC_DIR, 'third-party-notices.txt'), input.notices);
  copy(input.runtime.license, at(DOC_DIR, 'node-LICENSE'));

  mkdirSync(at('DEBIAN'), { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    copy(join(packaging, 'debian', script), at('DEBIAN', script));
    chmodSync(at('DEBIAN', script), 0o755);
  }
  writeFileSync(at('DEBIAN', 'conffiles'), `${CONFFILES.join('\n')}\n`);
  const installedSizeKiB = Math.ceil(treeBytes(stageDir, at('DEBIAN')) / 1024);
  writeFileSync(at('DEBIAN', 'control'), controlFile({ version: input.version, arch, installedSizeKiB, nodeVersion: input.runtime.version }));
}

function treeBytes(dir: string, skip: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    if (entry.isDirectory()) total += treeBytes(path, skip);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
