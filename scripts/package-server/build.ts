/**
 * `npm run package:server`: the hall server's Debian packages, one per
 * architecture, built with Debian's own dpkg-deb.
 *
 *   node scripts/package-server/build.ts [--arch x64,arm64] [--out dist/packages] [--compression xz|gzip]
 *
 * Each package holds the server with its production dependencies only, the
 * pages prebuilt, and its own Node runtime (the version the project runs on),
 * so it runs on a machine with no Node. What it installs: docs/operations.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { buildPages } from '@hall/display-wall/build';
import { productionClosure } from './closure.ts';
import { debFileName, NODE_ARCHES, type NodeArch } from './control.ts';
import { serverNotices } from './notices.ts';
import { nodeRuntime } from './runtime.ts';
import { stagePackage } from './stage.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type PackageOptions = {
  arches: NodeArch[];
  outDir: string;
  /** xz for releases (dpkg's default); gzip where build time matters more than size. */
  compression: 'xz' | 'gzip';
  /** Where downloaded runtimes are kept between builds. */
  cacheDir?: string;
  progress?: (line: string) => void;
};

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Builds the pages once into `root`, at the repository paths the server mounts them from. */
async function buildAllPages(root: string): Promise<Record<string, string>> {
  const renderer = join(root, 'kiosk');
  await build({
    configFile: join(REPO_ROOT, 'kiosk-app', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: renderer, emptyOutDir: true },
  });
  const display = await buildPages(join(root, 'display'));
  return {
    'kiosk-app/dist/renderer': renderer,
    'display-wall/dist/wall': display.wall,
    'display-wall/dist/window': display.window,
    'display-wall/dist/manager': display.manager,
  };
}

export async function buildServerPackages(options: PackageOptions): Promise<string[]> {
  const say = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const version: string = readJson(join(REPO_ROOT, 'hall-server', 'package.json')).version;
  const nodeVersion: string = readJson(join(REPO_ROOT, 'node_modules', 'node', 'package.json')).version;
  const cacheDir = options.cacheDir ?? join(REPO_ROOT, 'var', 'cache', 'node-runtime');
  const work = mkdtempSync(join(tmpdir(), 'hall-server-deb-'));
  mkdirSync(options.outDir, { recursive: true });
  try {
    say('resolving the production dependencies (npm ls --omit=dev)');
    const closure = productionClosure(REPO_ROOT, '@hall/server');
    say(`  ${closure.packages.length} packages, workspaces ${closure.workspaces.join(', ')}`);
    say('building the pages (kiosk renderer, wall, window, manager)');
    const pages = await buildAllPages(join(work, 'pages'));
    // The same JavaScript and pages in every architecture's package, so the same notices.
    const notices = serverNotices(REPO_ROOT, closure, pages);
    const built: string[] = [];
    for (const arch of options.arches) {
      say(`[${arch}] Node ${nodeVersion} runtime`);
      const runtime = nodeRuntime(arch, nodeVersion, cacheDir);
      const stageDir = join(work, `stage-${arch}`);
      say(`[${arch}] staging the file tree`);
      stagePackage({
        repoRoot: REPO_ROOT,
        stageDir,
        arch,
        version,
        closure,
        runtime,
        pages,
        notices,
        docs: [join(REPO_ROOT, 'docs', 'operations.md'), join(REPO_ROOT, 'hall-server', 'packaging', 'debian', 'copyright')],
      });
      const deb = join(resolve(options.outDir), debFileName(version, arch));
      say(`[${arch}] dpkg-deb --build (${options.compression})`);
      execFileSync('dpkg-deb', ['--root-owner-group', `-Z${options.compression}`, '--build', stageDir, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
      say(`[${arch}] ${deb}`);
      built.push(deb);
    }
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { arch: { type: 'string' }, out: { type: 'string' }, compression: { type: 'string' } },
  });
  const arches = (values.arch ?? NODE_ARCHES.join(',')).split(',') as NodeArch[];
  const unknown = arches.filter((a) => !NODE_ARCHES.includes(a));
  const compression = values.compression ?? 'xz';
  if (unknown.length || (compression !== 'xz' && compression !== 'gzip')) {
    process.stderr.write(`usage: npm run package:server -- [--arch ${NODE_ARCHES.join(',')}] [--out DIR] [--compression xz|gzip]\n`);
    process.exit(2);
  }
  await buildServerPackages({ arches, outDir: values.out ?? join(REPO_ROOT, 'dist', 'packages'), compression });
}
