/**
 * What the test suite needs from the machine beyond Node and npm, checked
 * before any test runs (the first step of `npm test`). On Debian as root the
 * missing packages are installed with apt; anywhere else the run stops here
 * with one message naming what is missing and the command that installs it,
 * rather than failing test by test later.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_NAMES, findChromium } from '@hall/server/testing/chromium';

export type Need = {
  /** The Debian package that provides it. */
  debian: string;
  /** What it is for, in the message. */
  why: string;
  /** How to get it where there is no apt. */
  elsewhere: string;
  present(): boolean;
};

const runs = (command: string, args: string[]): boolean => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
};

/** A shared library the dynamic linker can find (the libraries native addons load). */
const hasLibrary = (soname: string): boolean => {
  const cache = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  if (!cache.error && cache.status === 0) return cache.stdout.includes(soname);
  return ['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib'].some((dir) => existsSync(`${dir}/${soname}`));
};

export const NEEDS: Need[] = [
  {
    debian: 'socat',
    why: 'virtual serial ports for the device simulators',
    elsewhere: 'socat from your package manager (brew install socat, dnf install socat)',
    present: () => runs('socat', ['-V']),
  },
  {
    debian: 'chromium',
    why: 'headless browser for the page tests',
    elsewhere: `a Chromium or Chrome on PATH (${CHROMIUM_NAMES.join(', ')}), or HALL_CHROMIUM set to its binary`,
    present: () => findChromium() !== undefined,
  },
  {
    debian: 'openssl',
    why: 'certificates for the TLS tests',
    elsewhere: 'openssl from your package manager',
    present: () => runs('openssl', ['version']),
  },
  {
    debian: 'udev',
    why: 'udevadm, which lists serial ports with their USB ids',
    elsewhere: 'udevadm, from your distribution’s udev or systemd package',
    present: () => runs('udevadm', ['--version']),
  },
  {
    debian: 'libusb-1.0-0',
    why: 'libusb, loaded by the USB HID driver',
    elsewhere: 'libusb 1.0 from your package manager',
    present: () => hasLibrary('libusb-1.0.so.0'),
  },
  {
    debian: 'dpkg-dev',
    why: "dpkg-deb and dpkg-shlibdeps, which build and check the hall server's Debian package",
    elsewhere: 'a Debian-family machine (the package is built with Debian’s own tools)',
    present: () => runs('dpkg-deb', ['--version']) && runs('dpkg-shlibdeps', ['--version']),
  },
  {
    debian: 'systemd',
    why: "systemd-analyze, which verifies the hall server's service unit",
    elsewhere: 'systemd-analyze, from your distribution’s systemd package',
    present: () => runs('systemd-analyze', ['--version']),
  },
  {
    debian: 'mosquitto',
    why: "an MQTT broker, the city platform's production ingest, for its tests and benchmarks",
    elsewhere: 'Mosquitto 2 from your package manager (brew install mosquitto, dnf install mosquitto)',
    present: () => ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/opt/homebrew/sbin/mosquitto'].some(existsSync) || runs('mosquitto', ['-h']),
  },
  {
    debian: 'postgresql',
    why: "PostgreSQL's server, the city platform's production database, for its tests and benchmarks",
    elsewhere: 'PostgreSQL 15 or newer with initdb and pg_ctl (brew install postgresql, dnf install postgresql-server)',
    present: () => postgresBin('initdb') !== undefined,
  },
];

/** A PostgreSQL server program: Debian keeps them per major version under /usr/lib/postgresql/<n>/bin, newest wins. */
export function postgresBin(program: string): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (existsSync(`${root}/${v}/bin/${program}`)) return `${root}/${v}/bin/${program}`;
  const onPath = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : undefined;
}

export type Machine = { isRoot: boolean; hasApt: boolean };

export function thisMachine(): Machine {
  return { isRoot: process.getuid?.() === 0, hasApt: runs('apt-get', ['--version']) && runs('dpkg', ['--version']) };
}

/** The one message for a machine where the suite cannot install what it needs itself. */
export function missingMessage(missing: Need[], machine: Machine): string {
  const list = missing.map((n) => `  - ${n.debian}: ${n.why}`).join('\n');
  const packages = missing.map((n) => n.debian).join(' ');
  const how = machine.hasApt
    ? `Install them with:\n\n  sudo apt-get install -y --no-install-recommends ${packages}\n\n(npm test installs them itself when run as root.)`
    : `Install:\n${missing.map((n) => `  - ${n.elsewhere}`).join('\n')}`;
  return `npm test needs what this machine lacks:\n${list}\n\n${how}\nThen run npm test again. No test was run.`;
}

function aptInstall(packages: string[]): boolean {
  process.stdout.write(`npm test: installing ${packages.join(' ')} from Debian (needed by the tests)…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  return install.status === 0;
}

/** Makes sure every need is met; returns the message to stop with when one cannot be. */
export function ensureSystemDeps(needs: Need[] = NEEDS, machine: Machine = thisMachine(), install = aptInstall): string | undefined {
  const missing = needs.filter((n) => !n.present());
  if (missing.length === 0) return undefined;
  if (!(machine.isRoot && machine.hasApt)) return missingMessage(missing, machine);
  if (!install(missing.map((n) => n.debian)))
    return `apt-get could not install ${missing.map((n) => n.debian).join(' ')}.\n${missingMessage(missing, machine)}`;
  const still = missing.filter((n) => !n.present());
  return still.length === 0 ? undefined : missingMessage(still, machine);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problem = ensureSystemDeps();
  if (problem) {
    process.stderr.write(`\n${problem}\n`);
    process.exit(1);
  }
}
