/**
 * Third-party notices for what we ship: every npm package whose code ends up
 * in a bundle (or in a package's node_modules) with its declared licence and
 * the texts it carries (LICENSE, NOTICE, COPYING). Apache-2.0 packages such as
 * ECharts require their NOTICE to travel with the code; MIT and BSD require
 * the copyright line. Used by the pages' builds (a Vite plugin that writes
 * THIRD_PARTY_NOTICES.txt beside each bundle) and by the server's package.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export const NOTICES_FILE = 'THIRD_PARTY_NOTICES.txt';

export type PackageNotice = { name: string; version: string; license: string; texts: { file: string; text: string }[] };

const NOTICE_FILE = /^(licen[cs]e|notice|copying)([.-].*)?$/i;

/** The notice of the npm package installed in `dir`. */
export function packageNotice(dir: string): PackageNotice {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
  const license = typeof manifest.license === 'string' ? manifest.license : 'see the texts below';
  const texts = readdirSync(dir)
    .filter((file) => NOTICE_FILE.test(file))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').trim() }));
  return { name: manifest.name, version: manifest.version, license, texts };
}

/**
 * The package directory a bundled module came from (`…/node_modules/@scope/name`),
 * or undefined for our own sources and virtual modules.
 */
export function packageDirOf(moduleId: string): string | undefined {
  const path = moduleId.replace(/^\0/, '').replace(/\?.*$/, '');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = path.slice(at + '/node_modules/'.length).split('/');
  const nameParts = rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  if (nameParts.length === 0 || nameParts.some((part) => !part)) return undefined;
  const dir = `${path.slice(0, at)}/node_modules/${nameParts.join('/')}`;
  return existsSync(join(dir, 'package.json')) ? dir : undefined;
}

/** One text for people: each package once, sorted by name, with its licence and texts. */
export function renderNotices(subject: string, notices: Iterable<PackageNotice>): string {
  const unique = new Map<string, PackageNotice>();
  for (const notice of notices) unique.set(`${notice.name}@${notice.version}`, notice);
  const sorted = [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const title = `Third-party software in ${subject}`;
  const parts = [`${title}\n${'='.repeat(title.length)}\n\n${sorted.length} packages.`];
  for (const notice of sorted) {
    const texts = notice.texts.length ? notice.texts.map((t) => `--- ${t.file} ---\n${t.text}`).join('\n\n') : '(the package carries no licence text)';
    parts.push(`${notice.name} ${notice.version}: ${notice.license}\n\n${texts}`);
  }
  return `${parts.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

/** Vite plugin: THIRD_PARTY_NOTICES.txt beside the bundle, for every package bundled into it. */
export function thirdPartyNotices(subject: string): Plugin {
  return {
    name: 'hall-third-party-notices',
    apply: 'build',
    generateBundle(_options, bundle) {
      const dirs = new Set<string>();
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds) {
          const dir = packageDirOf(id);
          if (dir) dirs.add(dir);
        }
      }
      this.emitFile({ type: 'asset', fileName: NOTICES_FILE, source: renderNotices(subject, [...dirs].map(packageNotice)) });
    },
  };
}
