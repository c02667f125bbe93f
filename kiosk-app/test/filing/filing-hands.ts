/**
 * What a visitor's hands do at the filing machine's screen, for the tests
 * in headless Chromium: pinyin and digits on the on-screen keyboard, the
 * document camera (capture, crop, accept), a tracking code on the look-up's
 * keypad. Each waits for the screen to answer before the next touch.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { atStep, sel, tap, textOf } from '../e2e/kiosk-e2e.ts';

/** Types pinyin on the on-screen keyboard and picks each character from the candidates, paging on as a visitor would. */
export async function typeHanzi(page: Page, syllables: [string, string][]): Promise<void> {
  for (const [pinyin, char] of syllables) {
    for (const letter of pinyin) await tap(page, `kb-key-${letter}`);
    await expect.poll(() => textOf(page, 'kb-composing'), { timeout: 5000 }).toBe(pinyin);
    // The pinyin table arrives on demand: after a reload the candidates can follow the composing line by a moment, as a visitor would see.
    await expect.poll(() => page.locator('[data-test^="kb-cand-"]').count(), { timeout: 5000 }).toBeGreaterThan(0);
    for (let turn = 0; ; turn++) {
      const candidates = await page.locator('[data-test^="kb-cand-"]').allTextContents();
      const i = candidates.map((c) => c.trim()).indexOf(char);
      if (i >= 0) {
        await tap(page, `kb-cand-${i}`);
        break;
      }
      if (turn > 20) throw new Error(`${char} is not among the candidates for ${pinyin}`);
      const shown = candidates.join('');
      if (await page.locator(sel('kb-next')).isDisabled()) throw new Error(`${char} is not among the candidates for ${pinyin}: ${shown}`);
      await tap(page, 'kb-next');
      await expect.poll(async () => (await page.locator('[data-test^="kb-cand-"]').allTextContents()).join(''), { timeout: 5000 }).not.toBe(shown);
    }
  }
}

export async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await tap(page, `kb-key-${d}`);
}

/** The camera dialog shows the live picture, and the fake camera has sent frames: a still can be taken. */
export async function cameraLive(page: Page): Promise<void> {
  await page.locator(`${sel('camera')}[data-phase="live"]`).waitFor();
  await expect
    .poll(() => page.locator(sel('camera-live')).evaluate((video) => (video as unknown as { videoWidth: number }).videoWidth), { timeout: 10_000 })
    .toBeGreaterThan(0);
}

/**
 * Photographs one page with the document camera and accepts it (the camera
 * stays open for the next). `cropToHalf` first drags the crop's lower right
 * corner to the middle of the still, halving the default crop's sides.
 */
export async function photograph(page: Page, materialId: string, pagesBefore: number, options: { cropToHalf?: boolean } = {}): Promise<void> {
  await cameraLive(page);
  await tap(page, 'camera-capture');
  await page.locator(`${sel('camera')}[data-phase="still"]`).waitFor();
  if (options.cropToHalf) {
    const frame = (await page.locator(sel('crop')).boundingBox())!;
    const handle = (await page.locator(sel('crop-handle-br')).boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width * 0.5, frame.y + frame.height * 0.5, { steps: 5 });
    await page.mouse.up();
  }
  await tap(page, 'crop-accept');
  await page
    .locator(`${sel(`material-${materialId}`)} [data-test^="page-"]:not([data-test$="-delete"])`)
    .nth(pagesBefore)
    .waitFor();
}

/** Types a tracking code on the look-up's keypad and asks. */
export async function lookUp(page: Page, code: string): Promise<void> {
  await atStep(page, 'lookup');
  await tap(page, 'key-clear');
  for (const ch of code.replace(/-/g, '')) await tap(page, `key-${ch}`);
  await tap(page, 'submit-lookup');
}

/** Width and height from a JPEG's start-of-frame segment. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  for (let i = 2; i + 9 < bytes.length; ) {
    if (bytes[i] !== 0xff) throw new Error(`not a JPEG segment at byte ${i}`);
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  throw new Error('no start-of-frame segment in the JPEG');
}
