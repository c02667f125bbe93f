/**
 * Headless Chromium for the page tests and benches of every package: Debian's
 * browser (never a downloaded one), with the switches that keep it from
 * calling out of this machine and let pages play sound without a tap.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.HALL_CHROMIUM ?? '/usr/bin/chromium';

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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
