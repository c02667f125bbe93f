/**
 * The kiosk's Debian package, as far as it can be checked without the
 * Electron binary (which cannot be downloaded here): its Depends name real
 * Debian packages for every library Electron loads, the udev rule covers
 * every USB device model the project drives, and the files it installs
 * outside /opt are mapped into the package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModels } from '@hall/hardware-profiles';
import { describe, expect, it } from 'vitest';
import config from '../electron-builder.config.ts';
import { ELECTRON_LIBRARIES, kioskDebDepends, UDEV_RULES_FILE, udevRules, writeLinuxFiles } from '../packaging/linux.ts';

/** The Debian packages that own the files the dynamic linker finds for each soname (one dpkg query for all). */
function owningPackages(sonames: readonly string[]): Map<string, string> {
  const cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).split('\n');
  for (const soname of sonames)
    if (!cache.some((line) => line.trim().startsWith(`${soname} `)))
      throw new Error(`${soname} is not installed here (Debian's chromium pulls it in: apt-get install chromium)`);
  // By name: with /usr merged, dpkg records /lib/… where the linker reports /usr/lib/….
  const owners = execFileSync('dpkg-query', ['-S', ...sonames.map((soname) => `*/${soname}`)], { encoding: 'utf8' });
  const found = new Map<string, string>();
  for (const line of owners.split('\n')) {
    const match = /^([^:]+)(?::[^:]+)?: .*\/([^/]+)$/.exec(line.trim());
    if (match && sonames.includes(match[2]!) && !found.has(match[2]!)) found.set(match[2]!, match[1]!);
  }
  return found;
}

describe('the kiosk deb on a minimal machine', () => {
  it('depends on the Debian package of every library Electron loads, libgbm1 among them', () => {
    const depends = kioskDebDepends();
    expect(config.deb?.depends).toEqual(depends);
    expect(depends).toContain('libgbm1');
    const owners = owningPackages(ELECTRON_LIBRARIES.map((lib) => lib.soname));
    for (const lib of ELECTRON_LIBRARIES) {
      expect(lib.packages, lib.soname).toContain(owners.get(lib.soname));
      expect(depends).toContain(lib.packages.join(' | '));
    }
    expect(depends).toEqual(expect.arrayContaining(['libusb-1.0-0', 'udev']));
  });

  it('installs the udev rule and the systemd user unit beside the application', () => {
    expect(config.deb?.fpm).toEqual(
      expect.arrayContaining([
        expect.stringMatching(`=/usr/lib/udev/rules.d/${UDEV_RULES_FILE}$`),
        expect.stringMatching(/=\/usr\/lib\/systemd\/user\/hall-kiosk\.service$/),
      ]),
    );
    for (const mapping of config.deb?.fpm ?? []) {
      const source = mapping.split('=')[0]!;
      if (source.endsWith('.service')) {
        expect(existsSync(source)).toBe(true);
        expect(readFileSync(source, 'utf8')).toContain('ExecStart=/opt/HallKiosk/hall-kiosk');
      }
    }
  });

  it('passes systemd-analyze verify as a user unit (pointed at stand-ins for the application and its settings)', () => {
    const unit = (config.deb?.fpm ?? []).map((m) => m.split('=')[0]!).find((s) => s.endsWith('.service'))!;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-unit-'));
    try {
      writeFileSync(join(dir, 'kiosk.env'), 'HALL_URL=https://hall.lan\n');
      const copy = join(dir, 'hall-kiosk.service');
      writeFileSync(
        copy,
        readFileSync(unit, 'utf8').replace('/opt/HallKiosk/hall-kiosk', '/bin/true').replace('/etc/hall-kiosk/kiosk.env', join(dir, 'kiosk.env')),
      );
      execFileSync('systemd-analyze', ['verify', '--user', copy], { env: { ...process.env, XDG_RUNTIME_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the udev rule', () => {
  const rules = udevRules(loadModels());

  it('lets plugdev open every HID-POS device and USB printer of the known models', () => {
    for (const [id, model] of loadModels()) {
      for (const iface of model.interfaces) {
        if (!('vendorId' in iface) || iface.vendorId === undefined || iface.productId === undefined) continue;
        const lines = rules.split('\n');
        const line = lines.find((l, i) => lines[i - 1] === `# ${id}` && l.includes(String(iface.productId).toLowerCase()));
        if (iface.type === 'usb-hid' && iface.usage !== 'keyboard') expect(line, id).toMatch(/^SUBSYSTEM=="hidraw", .*GROUP="plugdev"/);
        if (iface.type === 'usb-printer') expect(line, id).toMatch(/^SUBSYSTEM=="usbmisc", .*GROUP="plugdev"/);
        if (iface.type === 'usb-hid' && iface.usage === 'keyboard') expect(line, id).toBeUndefined();
      }
    }
  });

  it('names each device by its USB ids as lsusb prints them (the Newland HR200 scanner: 1eab:0110)', () => {
    expect(rules).toContain('ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="0110"');
  });

  it('holds nothing but comments and rules udev can read (no comment after a rule on its line)', () => {
    for (const line of rules.split('\n').filter(Boolean))
      expect(line).toMatch(
        /^(# .*|SUBSYSTEM=="[a-z]+", (KERNEL=="[^"]+", )?ATTRS\{idVendor\}=="[0-9a-f]{4}", ATTRS\{idProduct\}=="[0-9a-f]{4}", MODE="0660", GROUP="plugdev")$/,
      );
  });

  it('is written where the deb mapping takes it from, before electron-builder packs', () => {
    const written = writeLinuxFiles();
    expect(readFileSync(written, 'utf8')).toBe(rules);
    expect(config.deb?.fpm?.[0]?.startsWith(`${written}=`)).toBe(true);
    expect(typeof config.beforePack).toBe('function');
  });
});
