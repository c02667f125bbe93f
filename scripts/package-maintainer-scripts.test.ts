/**
 * The package's maintainer scripts, run as dpkg runs them on install,
 * upgrade, removal and purge, against a scratch root (DPKG_ROOT) with the
 * system's user and service commands replaced by recorders. What a hall's IT
 * staff rely on: data and configuration survive upgrades and removal, an
 * operator's "disabled" stays disabled, and only a purge deletes the hall.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPTS = new URL('../hall-server/packaging/debian/', import.meta.url).pathname;

let root: string;
let log: string;

/** Commands that would change the real machine: each records its arguments instead. */
function fakeCommands(options: { userExists: boolean; enabled: boolean }): string {
  const bin = join(root, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  const recorder = (name: string, body = 'exit 0') => writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`, { mode: 0o755 });
  recorder('adduser');
  recorder('chown');
  recorder('getent', options.userExists ? 'exit 0' : 'exit 2');
  recorder('systemctl', `[ "$1" = is-enabled ] && exit ${options.enabled ? 0 : 1}\nexit 0`);
  // install(1) for real, without -o/-g: the hall user exists only on a real machine.
  writeFileSync(
    join(bin, 'install'),
    `#!/bin/sh\necho "install $*" >> "${log}"\nargs=""\nwhile [ $# -gt 0 ]; do case "$1" in -o|-g) shift 2;; *) args="$args $1"; shift;; esac; done\nexec /usr/bin/install $args\n`,
    { mode: 0o755 },
  );
  return bin;
}

function run(script: string, args: string[], options = { userExists: false, enabled: true }): string[] {
  const bin = fakeCommands(options);
  writeFileSync(log, '');
  execFileSync('sh', [join(SCRIPTS, script), ...args], { env: { PATH: `${bin}:/usr/bin:/bin`, DPKG_ROOT: root } });
  return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
}

const systemctl = (calls: string[]) => calls.filter((c) => c.startsWith('systemctl ')).map((c) => c.slice('systemctl '.length));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hall-dpkg-root-'));
  log = join(root, 'calls.log');
  // What dpkg has unpacked by the time postinst runs, on a machine running systemd.
  mkdirSync(join(root, 'etc', 'hall'), { recursive: true });
  writeFileSync(join(root, 'etc', 'hall', 'hall-server.env'), 'HALL_PORT=8080\n');
  mkdirSync(join(root, 'run', 'systemd', 'system'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('postinst configure', () => {
  it('on first installation creates the hall user and a private data directory, then enables and starts the service', () => {
    const calls = run('postinst', ['configure']);
    expect(calls).toContain('adduser --system --group --home /var/lib/hall --no-create-home --quiet --gecos hall server hall');
    expect(statSync(join(root, 'var', 'lib', 'hall')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'var', 'backups', 'hall')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'etc', 'hall')).mode & 0o777).toBe(0o750);
    expect(statSync(join(root, 'etc', 'hall', 'hall-server.env')).mode & 0o777).toBe(0o640);
    expect(existsSync(join(root, 'etc', 'hall', 'tls'))).toBe(true);
    expect(systemctl(calls)).toEqual(['daemon-reload', 'enable hall-server.service', 'start hall-server.service']);
  });

  it('on upgrade leaves the data as it was and starts the new version, without re-creating the user', () => {
    mkdirSync(join(root, 'var', 'lib', 'hall'), { recursive: true, mode: 0o700 });
    writeFileSync(join(root, 'var', 'lib', 'hall', 'hall.db'), 'the hall of yesterday');
    const calls = run('postinst', ['configure', '0.0.9'], { userExists: true, enabled: true });
    expect(calls.some((c) => c.startsWith('adduser'))).toBe(false);
    expect(readFileSync(join(root, 'var', 'lib', 'hall', 'hall.db'), 'utf8')).toBe('the hall of yesterday');
    expect(systemctl(calls)).toEqual(['daemon-reload', 'is-enabled --quiet hall-server.service', 'start hall-server.service']);
  });

  it('on upgrade keeps a service the operator disabled stopped', () => {
    const calls = run('postinst', ['configure', '0.0.9'], { userExists: true, enabled: false });
    expect(systemctl(calls)).toEqual(['daemon-reload', 'is-enabled --quiet hall-server.service']);
  });

  it('without systemd (a container, a chroot) sets up the files and touches no service', () => {
    rmSync(join(root, 'run'), { recursive: true });
    const calls = run('postinst', ['configure']);
    expect(systemctl(calls)).toEqual([]);
    expect(existsSync(join(root, 'var', 'lib', 'hall'))).toBe(true);
  });
});

describe('prerm and postrm', () => {
  it('stops the service and its backup timer before an upgrade replaces the files', () => {
    expect(systemctl(run('prerm', ['upgrade', '0.2.0']))).toEqual(['stop hall-server.service hall-server-backup.timer']);
  });

  it('removal keeps the data and the configuration', () => {
    mkdirSync(join(root, 'var', 'lib', 'hall'), { recursive: true });
    writeFileSync(join(root, 'var', 'lib', 'hall', 'hall.db'), 'tickets');
    const calls = run('postrm', ['remove']);
    expect(systemctl(calls)).toEqual(['disable hall-server.service hall-server-backup.timer', 'daemon-reload']);
    expect(existsSync(join(root, 'var', 'lib', 'hall', 'hall.db'))).toBe(true);
    expect(existsSync(join(root, 'etc', 'hall', 'hall-server.env'))).toBe(true);
  });

  it('purge deletes the data and the configuration, and keeps the backups', () => {
    mkdirSync(join(root, 'var', 'lib', 'hall'), { recursive: true });
    chmodSync(join(root, 'var', 'lib', 'hall'), 0o700);
    mkdirSync(join(root, 'var', 'backups', 'hall'), { recursive: true });
    writeFileSync(join(root, 'var', 'backups', 'hall', 'hall-Mon.hbk'), 'sealed');
    run('postrm', ['purge']);
    expect(existsSync(join(root, 'var', 'lib', 'hall'))).toBe(false);
    expect(existsSync(join(root, 'etc', 'hall'))).toBe(false);
    expect(existsSync(join(root, 'var', 'backups', 'hall', 'hall-Mon.hbk'))).toBe(true);
  });
});
