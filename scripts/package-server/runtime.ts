/**
 * The Node runtime shipped inside the package: the official build for the
 * target architecture, taken from the npm registry (`node-linux-<arch>`, the
 * same packages the `node` dev dependency installs), kept in a cache so a
 * second build needs no network.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeArch } from './control.ts';

export type Runtime = { binary: string; license: string; version: string };

export function nodeRuntime(arch: NodeArch, version: string, cacheDir: string): Runtime {
  const dir = join(cacheDir, `node-linux-${arch}-${version}`);
  const binary = join(dir, 'bin', 'node');
  if (!existsSync(binary)) {
    const work = `${dir}.partial`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    execFileSync('npm', ['pack', `node-linux-${arch}@${version}`, '--silent', '--pack-destination', work], { stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack node-linux-${arch}@${version} produced no tarball`);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, '--strip-components=1']);
    rmSync(join(work, tarball));
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  return { binary, license: join(dir, 'LICENSE'), version };
}
