/**
 * The hall server's Debian package, built as `npm run package:server` builds
 * it and taken apart with dpkg-deb: what dpkg will read, the service unit as
 * systemd judges it, and the packaged server run with its own Node from a
 * directory with no checkout and no node_modules of the project in reach.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch as hostArch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHallClient } from '@hall/server/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerPackages } from './package-server/build.ts';
import { CONFFILES, DEBIAN_ARCH, NODE_ARCHES, SHARED_LIBRARY_DEPENDS, type NodeArch } from './package-server/control.ts';

const arch = hostArch() as NodeArch;
const work = mkdtempSync(join(tmpdir(), 'hall-deb-test-'));
const root = join(work, 'root');
let deb = '';
let debs: string[] = [];

/** The CPU an ELF file is built for, from its header's e_machine field. */
function elfMachine(path: string): string {
  const header = readFileSync(path).subarray(0, 20);
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return ({ 0x3e: 'x64', 0xb7: 'arm64' } as Record<number, string>)[header.readUInt16LE(18)] ?? `machine ${header.readUInt16LE(18)}`;
}

const field = (name: string) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).trim();
const inRoot = (path: string) => join(root, path.replace(/^\//, ''));

beforeAll(async () => {
  // Every architecture, as `npm run package:server` builds them; this machine's is the one run below.
  debs = await buildServerPackages({ arches: NODE_ARCHES, outDir: join(work, 'out'), compression: 'gzip', progress: () => {} });
  deb = debs[NODE_ARCHES.indexOf(arch)]!;
  execFileSync('dpkg-deb', ['-x', deb!, root]);
  execFileSync('dpkg-deb', ['-e', deb!, join(root, 'DEBIAN')]);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the package as dpkg reads it', () => {
  it('is hall-server for this architecture, named as Debian names packages', () => {
    expect(deb).toMatch(new RegExp(`/hall-server_\\d+\\.\\d+\\.\\d+_${DEBIAN_ARCH[arch]}\\.deb$`));
    expect(field('Package')).toBe('hall-server');
    expect(field('Architecture')).toBe(DEBIAN_ARCH[arch]);
  });

  it('is built for x64 and arm64, each with its own architecture’s Node and SQLite addon', () => {
    expect(debs.map((d) => execFileSync('dpkg-deb', ['-f', d, 'Architecture'], { encoding: 'utf8' }).trim())).toEqual(NODE_ARCHES.map((a) => DEBIAN_ARCH[a]));
    for (const [i, other] of NODE_ARCHES.entries()) {
      const tree = join(work, `tree-${other}`);
      execFileSync('dpkg-deb', ['-x', debs[i]!, tree]);
      expect(elfMachine(join(tree, 'usr/lib/hall-server/node'))).toBe(other);
      expect(elfMachine(join(tree, `usr/lib/hall-server/app/node_modules/better-sqlite3/prebuilds/linux-${other}.node`))).toBe(other);
    }
  });

  it('depends on every shared library its binaries load, as dpkg-shlibdeps measures them', () => {
    const fake = join(work, 'shlibdeps');
    mkdirSync(join(fake, 'debian'), { recursive: true });
    writeFileSync(join(fake, 'debian', 'control'), 'Source: hall-server\n\nPackage: hall-server\nArchitecture: any\n');
    const binaries = [inRoot('/usr/lib/hall-server/node'), inRoot(`/usr/lib/hall-server/app/node_modules/better-sqlite3/prebuilds/linux-${arch}.node`)];
    const measured = execFileSync('dpkg-shlibdeps', ['-O', ...binaries], { cwd: fake, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(measured.trim()).toBe(`shlibs:Depends=${SHARED_LIBRARY_DEPENDS}`);
    expect(field('Depends')).toContain(SHARED_LIBRARY_DEPENDS);
  });

  it('keeps the operator’s configuration across upgrades and removal (a conffile)', () => {
    expect(
      readFileSync(join(root, 'DEBIAN', 'conffiles'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual(CONFFILES);
    for (const file of CONFFILES) expect(existsSync(inRoot(file))).toBe(true);
  });

  it('ships maintainer scripts that are executable shell', () => {
    for (const script of ['postinst', 'prerm', 'postrm']) {
      const path = join(root, 'DEBIAN', script);
      expect(statSync(path).mode & 0o111).toBe(0o111);
      execFileSync('sh', ['-n', path]);
    }
  });

  it('holds the server’s production dependencies and none of the development tools', () => {
    const modules = inRoot('/usr/lib/hall-server/app/node_modules');
    for (const needed of ['fastify', 'better-sqlite3', 'socket.io', 'zod', 'pino']) expect(existsSync(join(modules, needed)), needed).toBe(true);
    for (const tool of ['vitest', 'vite', 'playwright-core', 'typescript', '@biomejs', 'electron', 'aedes'])
      expect(existsSync(join(modules, tool)), tool).toBe(false);
    const prebuilds = execFileSync('ls', [join(modules, 'better-sqlite3', 'prebuilds')], { encoding: 'utf8' }).trim();
    expect(prebuilds).toBe(`linux-${arch}.node`);
  });

  it('carries the third-party notices of everything it ships, ECharts’ NOTICE among them', () => {
    const notices = readFileSync(inRoot('/usr/share/doc/hall-server/third-party-notices.txt'), 'utf8');
    expect(notices).toContain('fastify ');
    expect(notices).toMatch(/echarts [\d.]+: Apache-2\.0/);
    expect(notices).toContain('--- NOTICE ---');
    expect(existsSync(inRoot('/usr/share/doc/hall-server/copyright'))).toBe(true);
    expect(existsSync(inRoot('/usr/share/doc/hall-server/node-LICENSE'))).toBe(true);
  });
});

describe('the service unit', () => {
  const unit = () => inRoot('/usr/lib/systemd/system/hall-server.service');

  it('passes systemd-analyze verify, with the backup service and timer (their commands pointed into the unpacked tree)', () => {
    const dir = join(work, 'verify');
    mkdirSync(dir, { recursive: true });
    const units = ['hall-server.service', 'hall-server-backup.service', 'hall-server-backup.timer'];
    for (const name of units) {
      const text = readFileSync(inRoot(`/usr/lib/systemd/system/${name}`), 'utf8');
      writeFileSync(
        join(dir, name),
        text.replaceAll('/usr/bin/hall-server', inRoot('/usr/bin/hall-server')).replaceAll('/etc/hall/', `${inRoot('/etc/hall')}/`),
      );
    }
    execFileSync('systemd-analyze', ['verify', ...units.map((name) => join(dir, name))], { stdio: ['ignore', 'pipe', 'pipe'] });
  });

  it('is hardened: restarts on failure, writes only its data, and systemd rates its exposure low', () => {
    const text = readFileSync(unit(), 'utf8');
    for (const line of [
      'Restart=on-failure',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'ReadWritePaths=/var/lib/hall',
      'User=hall',
      'StateDirectoryMode=0700',
    ])
      expect(text).toContain(line);
    const report = execFileSync('systemd-analyze', ['security', '--offline=yes', unit()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const exposure = Number(/Overall exposure level for hall-server\.service: ([\d.]+)/.exec(report)?.[1]);
    expect(exposure).toBeLessThanOrEqual(2);
  });

  it('ships the nightly backup timer without enabling it', () => {
    expect(existsSync(inRoot('/usr/lib/systemd/system/hall-server-backup.timer'))).toBe(true);
    expect(existsSync(inRoot('/etc/systemd/system/timers.target.wants'))).toBe(false);
    expect(readFileSync(join(root, 'DEBIAN', 'postinst'), 'utf8')).not.toMatch(/enable[^\n]*backup/);
  });
});

describe('the packaged server, run with its own Node', () => {
  let server: ChildProcess | undefined;
  const data = join(work, 'data');
  // Nothing of the project's: no npm, no repository Node, no NODE_PATH; the working directory outside any checkout.
  const bareEnv = { PATH: '/usr/bin:/bin', HOME: work, TZ: 'Asia/Shanghai' };
  const hallServer = (...args: string[]) => execFileSync(inRoot('/usr/bin/hall-server'), args, { cwd: work, env: bareEnv, encoding: 'utf8' });

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('answers /api/health, serves the pages and issues a ticket', async () => {
    const token = hallServer('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'packaged kiosk').trim();
    server = spawn(inRoot('/usr/bin/hall-server'), ['serve', '--port', '0', '--data', data, '--seed', 'demo'], {
      cwd: work,
      env: bareEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let said = '';
      server!.stderr!.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(said);
        if (found) resolve(found[1]!);
      });
      server!.on('exit', (code) => reject(new Error(`the packaged server exited (${code}): ${said}`)));
    });
    expect(readlinkSync(`/proc/${server.pid}/exe`)).toBe(inRoot('/usr/lib/hall-server/node'));

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    for (const page of ['/wall/', '/window/1', '/manager/', '/kiosk/']) {
      const res = await fetch(`${url}${page}`);
      expect(res.status, page).toBe(200);
      expect(await res.text(), page).toContain('<script type="module"');
    }

    const kiosk = createHallClient({ baseUrl: url, token, checkAnswers: true });
    const { services } = await kiosk.call('listServices');
    const ticket = await kiosk.call('issueTicket', { body: { serviceCode: services[0]!.code } });
    expect(ticket.number).toMatch(/^[A-Z]\d{3}$/);
  }, 60_000);
});
