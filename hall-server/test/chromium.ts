/**
 * Headless Chromium for the page tests and benches of every package: a
 * browser installed on the machine (Debian's, never a downloaded one), with
 * the switches that keep it from calling out of this machine and let pages
 * play sound without a tap.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Names a Chromium or Chrome binary goes by on PATH, in order of preference. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Said wherever a browser is needed and none is found; `npm test` installs one on Debian when run as root. */
export const CHROMIUM_MISSING = "no Chromium found: install Debian's chromium (apt-get install chromium), or set HALL_CHROMIUM to a Chromium or Chrome binary";

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The browser to drive: HALL_CHROMIUM when set (and then only it, so a wrong
 * value is noticed rather than passed over), else the first of
 * CHROMIUM_NAMES on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.HALL_CHROMIUM;
  if (chosen) return executable(chosen) ? chosen : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** The browser's path, or an error that says how to get one. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found) return found;
  throw new Error(process.env.HALL_CHROMIUM ? `HALL_CHROMIUM=${process.env.HALL_CHROMIUM} is not an executable file` : CHROMIUM_MISSING);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}
