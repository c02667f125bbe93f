import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '@hall/server/testing/chromium';
import { ensureSystemDeps, NEEDS, type Need } from './system-deps.ts';

const need = (debian: string, present: () => boolean): Need => ({ debian, why: `${debian} for the tests`, elsewhere: `${debian} from somewhere`, present });

describe('before any test runs, npm test makes sure the machine has what the tests need', () => {
  it('a machine that has everything goes straight on to the tests', () => {
    const install = () => {
      throw new Error('nothing should be installed');
    };
    expect(ensureSystemDeps([need('socat', () => true)], { isRoot: false, hasApt: true }, install)).toBeUndefined();
  });

  it('as root on Debian, the missing packages are installed with apt, and only those', () => {
    const installed = new Set<string>();
    const asked: string[][] = [];
    const needs = [need('socat', () => installed.has('socat')), need('chromium', () => installed.has('chromium')), need('udev', () => true)];
    const problem = ensureSystemDeps(needs, { isRoot: true, hasApt: true }, (packages) => {
      asked.push(packages);
      packages.forEach((p) => installed.add(p));
      return true;
    });
    expect(problem).toBeUndefined();
    expect(asked).toEqual([['socat', 'chromium']]);
  });

  it('not root on Debian: it stops with what is missing and the exact apt command', () => {
    const problem = ensureSystemDeps([need('socat', () => false), need('chromium', () => false)], { isRoot: false, hasApt: true }, () => true);
    expect(problem).toContain('- socat: socat for the tests');
    expect(problem).toContain('sudo apt-get install -y --no-install-recommends socat chromium');
    expect(problem).toContain('No test was run.');
  });

  it('without apt: it says how to get each missing tool elsewhere', () => {
    const problem = ensureSystemDeps([need('socat', () => false)], { isRoot: true, hasApt: false }, () => true);
    expect(problem).toContain('socat from somewhere');
    expect(problem).not.toContain('apt-get');
  });

  it('an apt install that fails stops the run and says so', () => {
    const problem = ensureSystemDeps([need('socat', () => false)], { isRoot: true, hasApt: true }, () => false);
    expect(problem).toMatch(/^apt-get could not install socat/);
  });

  it('the project’s needs are socat, a Chromium, openssl, udev, libusb, dpkg-dev, systemd-analyze, Mosquitto and PostgreSQL, and this machine has them all (npm test saw to it)', () => {
    expect(NEEDS.map((n) => n.debian)).toEqual(['socat', 'chromium', 'openssl', 'udev', 'libusb-1.0-0', 'dpkg-dev', 'systemd', 'mosquitto', 'postgresql']);
    expect(NEEDS.filter((n) => !n.present()).map((n) => n.debian)).toEqual([]);
  });
});

describe('the browser is found on PATH or through HALL_CHROMIUM, not at one fixed path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chromium-find-'));
  const fake = (name: string) => {
    const file = join(dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the first of chromium, chromium-browser, google-chrome on PATH', () => {
    const chrome = fake('google-chrome');
    expect(findChromium({ PATH: `/nonexistent:${dir}` })).toBe(chrome);
    const browser = fake('chromium-browser');
    expect(findChromium({ PATH: dir })).toBe(browser);
  });

  it('HALL_CHROMIUM wins, and a wrong HALL_CHROMIUM finds nothing rather than something else', () => {
    const chosen = fake('my-chrome');
    expect(findChromium({ PATH: dir, HALL_CHROMIUM: chosen })).toBe(chosen);
    expect(findChromium({ PATH: dir, HALL_CHROMIUM: join(dir, 'missing') })).toBeUndefined();
  });

  it('no browser anywhere is undefined', () => {
    expect(findChromium({ PATH: '/nonexistent' })).toBeUndefined();
  });
});
