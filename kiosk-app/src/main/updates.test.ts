import { describe, expect, it } from 'vitest';
import { memoryLogger } from './log.ts';
import { manualTimers } from './testing/manual-timers.ts';
import { compareVersions, createUpdateChecker, feedFileName, idleFor, parseUpdateManifest, UPDATE_INTERVAL_MS } from './updates.ts';

const LATEST_LINUX = `version: 1.4.0
files:
  - url: HallKiosk-1.4.0.AppImage
    sha512: bW9jaw==
    size: 104857600
    blockMapSize: 110000
  - url: hall-kiosk_1.4.0_amd64.deb
    sha512: ZGVi
    size: 73400320
path: HallKiosk-1.4.0.AppImage
sha512: bW9jaw==
releaseDate: '2026-11-20T08:00:00.000Z'
`;

describe('update manifests', () => {
  it('reads electron-builder’s latest-linux.yml', () => {
    expect(parseUpdateManifest(LATEST_LINUX)).toEqual({
      version: '1.4.0',
      path: 'HallKiosk-1.4.0.AppImage',
      sha512: 'bW9jaw==',
      releaseDate: '2026-11-20T08:00:00.000Z',
      files: [
        { url: 'HallKiosk-1.4.0.AppImage', sha512: 'bW9jaw==', size: 104857600 },
        { url: 'hall-kiosk_1.4.0_amd64.deb', sha512: 'ZGVi', size: 73400320 },
      ],
    });
  });

  it('refuses a manifest without a version', () => {
    expect(() => parseUpdateManifest('path: x.AppImage\n')).toThrow(/version/);
    expect(() => parseUpdateManifest('<html>404</html>')).toThrow(/version/);
  });

  it('names the file electron-builder publishes for each platform', () => {
    expect(feedFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(feedFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(feedFileName('win32', 'x64')).toBe('latest.yml');
  });

  it.each([
    ['1.4.0', '1.3.9', 1],
    ['1.10.0', '1.9.0', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.4.0', '1.4.0', 0],
    ['v1.4.0', '1.4.0', 0],
    ['1.4.0', '1.4.0-beta.2', 1],
    ['1.4.0-beta.10', '1.4.0-beta.2', 1],
    ['1.4.0-alpha', '1.4.0-beta', -1],
    ['1.4.0-beta', '1.4.0-beta.1', -1],
    ['1.4.0-1', '1.4.0-alpha', -1],
    ['1.4.0+build.7', '1.4.0', 0],
  ])('compares %s with %s by semantic-version precedence', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it('refuses something that is not a version', () => {
    expect(() => compareVersions('latest', '1.0.0')).toThrow(TypeError);
  });
});

describe('update checks', () => {
  function setUp(options: { current?: string; manifest?: string; status?: number; idle?: () => boolean } = {}) {
    const timers = manualTimers();
    const log = memoryLogger();
    const fetched: string[] = [];
    const reports: string[] = [];
    const checker = createUpdateChecker({
      feedUrl: 'http://updates.hall.lan/kiosk',
      currentVersion: options.current ?? '1.3.0',
      platform: 'linux',
      arch: 'x64',
      fetch: async (url) => {
        fetched.push(url);
        return new Response(options.manifest ?? LATEST_LINUX, { status: options.status ?? 200 });
      },
      isIdle: options.idle ?? (() => true),
      onAvailable: (check) => reports.push(check.manifest.version),
      log,
      timers,
    });
    return { checker, timers, log, fetched, reports };
  }

  it('checks the feed at start and reports a newer version', async () => {
    const { checker, timers, fetched, reports } = setUp();
    checker.start();
    await timers.advance(0);
    expect(fetched).toEqual(['http://updates.hall.lan/kiosk/latest-linux.yml']);
    expect(reports).toEqual(['1.4.0']);
  });

  it('says nothing when the kiosk is up to date or ahead', async () => {
    for (const current of ['1.4.0', '1.5.0-beta.1']) {
      const { checker, reports } = setUp({ current });
      expect(await checker.checkNow()).toMatchObject({ status: 'current', latest: '1.4.0' });
      expect(reports).toEqual([]);
    }
  });

  it('checks again every six hours', async () => {
    const { checker, timers, fetched } = setUp({ current: '1.4.0' });
    checker.start();
    await timers.advance(0);
    await timers.advance(UPDATE_INTERVAL_MS - 1);
    expect(fetched).toHaveLength(1);
    await timers.advance(1);
    expect(fetched).toHaveLength(2);
    checker.stop();
    await timers.advance(UPDATE_INTERVAL_MS * 2);
    expect(fetched).toHaveLength(2);
  });

  it('stays quiet while a visitor is using the kiosk, and checks once they have gone', async () => {
    let visitor = true;
    const { checker, timers, fetched, reports } = setUp({ idle: () => !visitor });
    checker.start();
    await timers.advance(5 * 60_000);
    expect(fetched).toEqual([]);
    expect(reports).toEqual([]);
    visitor = false;
    await timers.advance(60_000);
    expect(fetched).toHaveLength(1);
    expect(reports).toEqual(['1.4.0']);
  });

  it('logs an unreachable or broken feed and tries again sooner than six hours', async () => {
    const { checker, timers, fetched, log } = setUp({ status: 404 });
    checker.start();
    await timers.advance(0);
    expect(log.entries).toEqual([expect.objectContaining({ level: 'warn', message: 'update check failed' })]);
    expect(timers.pending()).toEqual([5 * 60_000]);
    await timers.advance(5 * 60_000);
    expect(fetched).toHaveLength(2);
    expect(await checker.checkNow()).toMatchObject({ status: 'failed', error: expect.stringContaining('404') });
  });

  it('counts the kiosk as idle from the system’s idle time', () => {
    let idle = 30;
    const isIdle = idleFor(120, () => idle);
    expect(isIdle()).toBe(false);
    idle = 120;
    expect(isIdle()).toBe(true);
  });
});
