/**
 * The filing machine (自助申报) end to end in headless Chromium: the built
 * renderer served by a real hall at /kiosk/, the device agent in the filing
 * role on simulated reader, printer and scanner (socat ptys), and Chromium's
 * fake camera standing in for the document camera. A visitor swipes their
 * card, picks the item, reads its guide, types on the on-screen keyboard,
 * photographs their materials, submits and takes a ticket; what they see is
 * checked against the printed receipt and what the hall stored, and the
 * clerk who calls that ticket at a counter console has the case at hand.
 * Then the hall goes away, a visitor files anyway, the machine reboots with
 * the filing in its outbox, and the hall gets it when it is back.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TRACKING_ALPHABET, TRACKING_CODE_PATTERN as CODE, trackingCheckSymbol } from '@hall/server/forms';
import { filingHallConfig, FILING_WINDOW, SOLE } from '../../src/agent/testing/filing-rig.ts';
import { CLERK, counterAtWindow } from '../../src/agent/testing/counter-rig.ts';
import { liftCard, until } from '../../src/agent/testing/rig.ts';
import {
  atStep,
  CONSOLE_SCREEN,
  hallTickets,
  printedLines,
  printedQrs,
  residentCard,
  sel,
  signInAtConsole,
  serveRendererLocally,
  tap,
  textOf,
  ticketCut,
  type KioskPage,
} from '../e2e/kiosk-e2e.ts';
import { builtRendererInChromium, kioskStackOn } from '../e2e/fixtures.ts';
import { cameraLive, jpegSize, lookUp, photograph, typeDigits, typeHanzi } from './filing-hands.ts';

const JPEG_MAGIC = 'ffd8ff';

type HallFiling = {
  trackingCode: string;
  serviceCode: string;
  status: string;
  offline: boolean;
  ticketNumber?: string;
  applicant: { masked: string; number?: string; name?: string };
  form?: Record<string, string>;
  materials: { materialId: string; pageCount: number; pages: { sha256: string; contentType: string }[] }[];
};

describe('filing machine in headless Chromium', () => {
  const chromium = builtRendererInChromium({ camera: true });
  const machine = kioskStackOn(chromium, {}, { role: 'filing', seed: filingHallConfig() });

  /** The page from the hall (as in a browser), or from `origin` (the machine's own copy). */
  function open(origin?: string): Promise<KioskPage> {
    const page = new URL(machine.stack.agent.pageUrl);
    return chromium.open(origin ? `${origin}${page.pathname}${page.search}${page.hash}` : page.href);
  }

  /** A card on the reader until the screen shows what it led to, then taken away. */
  async function swipe(card: ReturnType<typeof residentCard>, shown: () => Promise<void>): Promise<void> {
    machine.stack.sims.reader.insert(card);
    await shown();
    await liftCard(machine.stack.sims.reader);
  }

  /** Identify → item → guide → form → materials → review, as a visitor does it; leaves the page on the review. */
  async function fileUpToReview(
    page: Page,
    card: ReturnType<typeof residentCard>,
    shop: [string, string][],
    phone: string,
    idCard: 'photograph' | 'photograph and keep' | 'reuse' = 'photograph',
  ): Promise<void> {
    await tap(page, 'start');
    await atStep(page, 'identify');
    await swipe(card, () => atStep(page, 'items'));
    await tap(page, `filing-item-${SOLE}`);

    await atStep(page, 'guide');
    expect(await textOf(page, 'guide-name')).toBe('个体工商户设立登记');
    expect(await textOf(page, 'guide-location')).toContain('7号窗口');
    await page.locator(sel('guide-material-premises')).waitFor();
    await tap(page, 'guide-next');

    await atStep(page, 'form');
    // Prefilled from the card, locked, and masked on screen.
    await expect
      .poll(() => page.locator(sel('form-field-idNo')).inputValue(), { timeout: 5000 })
      .toBe(`${card.idNumber.slice(0, 3)}***********${card.idNumber.slice(-4)}`);
    expect(await page.locator(sel('form-field-idNo')).getAttribute('readonly')).not.toBeNull();
    // Moving on with the shop's name and the phone left empty names both.
    await tap(page, 'form-next');
    await page.locator(sel('form-error-shopName')).waitFor();
    await page.locator(sel('form-error-phone')).waitFor();
    await atStep(page, 'form');

    await page.locator(sel('form-field-shopName')).click();
    await page.locator(sel('keyboard')).waitFor();
    await typeHanzi(page, shop);
    await page.locator(sel('form-field-phone')).click();
    await typeDigits(page, phone);
    await tap(page, 'kb-done');
    await tap(page, 'form-next');

    await atStep(page, 'materials');
    if (idCard === 'reuse') {
      // 我的材料: the card kept from an earlier filing, offered instead of the camera, used only with consent.
      const kept = page.locator(`${sel('material-id-card-reuse')} input[data-test^="material-id-card-reuse-"]:not([data-test$="-none"])`);
      await kept.first().check();
      await page.locator(sel('materials-blocked')).waitFor();
      await page.locator(sel('reuse-consent')).check();
    } else {
      await tap(page, 'material-id-card-capture');
      // A retake throws the still away and goes back to the live picture.
      await cameraLive(page);
      await tap(page, 'camera-capture');
      await tap(page, 'camera-retake');
      await photograph(page, 'id-card', 0);
      await photograph(page, 'id-card', 1);
      await tap(page, 'camera-close');
      expect(await textOf(page, 'material-id-card-count')).toContain('2');
      if (idCard === 'photograph and keep') await page.locator(sel('keep-for-reuse')).check();
    }
    await tap(page, 'material-premises-capture');
    await photograph(page, 'premises', 0, { cropToHalf: true });
    await tap(page, 'camera-close');
    await tap(page, 'materials-next');
    await atStep(page, 'review');
  }

  const shopPages = (f: HallFiling) => Object.fromEntries(f.materials.map((m) => [m.materialId, m.pageCount]));

  const regular = residentCard('林申报', '33010619880215341');
  /** The first visitor's filing and the ticket they took with it, for the clerk who calls it. */
  let preRegistered: { code: string; ticketNumber: string; premisesPage: string } | undefined;

  it('a visitor swipes, fills the form by pinyin, photographs their materials, and leaves with a receipt and a ticket for the window', async () => {
    const { stack } = machine;
    const card = regular;
    const kiosk = await open();
    const { page } = kiosk;
    const printedFrom = stack.sims.printer.printed.length;

    await fileUpToReview(
      page,
      card,
      [
        ['xi', '西'],
        ['hu', '湖'],
        ['xiao', '小'],
        ['chi', '吃'],
        ['dian', '店'],
      ],
      '13800138000',
      'photograph and keep',
    );
    expect(await textOf(page, 'review-field-shopName')).toBe('西湖小吃店');
    expect(await textOf(page, 'review-field-phone')).toBe('13800138000');
    expect(await textOf(page, 'review-material-id-card')).toContain('2');
    await page.locator(sel('take-ticket')).check();
    await tap(page, 'review-submit');

    await atStep(page, 'receipt', 20_000);
    const code = await textOf(page, 'receipt-code');
    expect(code).toMatch(CODE);
    expect(await page.locator(sel('receipt-pending')).count()).toBe(0);
    expect(await page.locator(sel('receipt-not-printed')).count()).toBe(0);
    const ticketLine = await textOf(page, 'receipt-ticket');

    // The receipt on paper: its code, and the QR that opens the phone page for it.
    await ticketCut(stack.sims, printedFrom);
    const lines = printedLines(stack.sims, printedFrom).join('\n');
    expect(lines).toContain(code);
    expect(lines).toContain('个体工商户设立登记');
    expect(printedQrs(stack.sims, printedFrom).some((q) => q.includes(`/track/filing/${code}`))).toBe(true);

    // The hall has the filing: the form as typed, the card's data, the pages, and the ticket it is waiting with.
    // A manager reads it in full (recorded in the security log); a window only once it handles the visitor.
    const counter = stack.manager;
    const res = await counter.get(`/api/v1/filings/${code}`);
    expect(res.status).toBe(200);
    const filing = res.body as HallFiling;
    expect(filing).toMatchObject({ serviceCode: SOLE, status: 'submitted', offline: false });
    expect(filing.applicant.number).toBe(card.idNumber);
    expect(filing.form).toMatchObject({ shopName: '西湖小吃店', phone: '13800138000', idNo: card.idNumber, name: card.name });
    expect(shopPages(filing)).toEqual({ 'id-card': 2, premises: 1 });
    const shots = filing.materials.flatMap((m) => m.pages);
    expect(new Set(shots.map((p) => p.sha256)).size).toBe(3);
    const sizes: Record<string, { width: number; height: number }[]> = {};
    for (const m of filing.materials) {
      for (const shot of m.pages) {
        const file = await counter.bytes(`/api/v1/filing-files/${shot.sha256}`);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toBe('image/jpeg');
        expect(file.bytes.subarray(0, 3).toString('hex'), 'a JPEG from the camera').toBe(JPEG_MAGIC);
        (sizes[m.materialId] ??= []).push(jpegSize(file.bytes));
      }
    }
    // The page cropped by hand is half as wide and high as one taken with the default crop.
    const [whole] = sizes['id-card']!;
    const [cropped] = sizes.premises!;
    expect(cropped!.width / whole!.width).toBeCloseTo(0.5, 1);
    expect(cropped!.height / whole!.height).toBeCloseTo(0.5, 1);
    expect(filing.ticketNumber).toBeDefined();
    expect(ticketLine).toContain(filing.ticketNumber!);
    preRegistered = { code, ticketNumber: filing.ticketNumber!, premisesPage: filing.materials.find((m) => m.materialId === 'premises')!.pages[0]!.sha256 };
    const [ticket] = await hallTickets(stack.manager, filing.ticketNumber!);
    expect(ticket).toMatchObject({ serviceCode: SOLE, status: 'waiting' });

    // Nothing on the page or its socket carries the full number.
    expect(await page.content()).not.toContain(card.idNumber);
    expect(kiosk.frames.join('\n')).not.toContain(card.idNumber);

    // Progress by tracking code, then by swiping the card at the look-up.
    await tap(page, 'done');
    await atStep(page, 'attract');
    await tap(page, 'lookup');
    await lookUp(page, code);
    await atStep(page, 'lookup-result');
    expect(await page.locator(`${sel(`lookup-result-${code}`)} ${sel('lookup-status')}`).textContent()).toContain('已提交');
    await swipe(card, () => page.locator(sel(`lookup-result-${code}`)).waitFor());
  }, 60_000);

  it('the clerk at the window who calls that ticket has the filing at hand: the form, the applicant in full, the pages, and accepts it (前台一口受理)', async () => {
    const { stack } = machine;
    expect(preRegistered, 'the first visitor filed with a ticket').toBeDefined();
    const { code, ticketNumber, premisesPage } = preRegistered!;
    const counter = await counterAtWindow(stack.hall, FILING_WINDOW);
    try {
      const { page } = await chromium.openPage(counter.agent.pageUrl, CONSOLE_SCREEN);
      await signInAtConsole(page, CLERK);

      await tap(page, 'action-call-next');
      await page.locator(`${sel('current-number')}:has-text("${ticketNumber}")`).waitFor();
      await page.locator(sel('current-filing')).waitFor();
      expect(await textOf(page, 'filing-code')).toBe(code);
      expect(await textOf(page, 'filing-value-shopName')).toBe('西湖小吃店');
      // The clerk needs the applicant in full to check the original documents.
      expect(await textOf(page, 'filing-applicant')).toContain(regular.idNumber);
      await tap(page, `filing-page-${premisesPage}`);
      await page.locator(`${sel('dialog-filing-page')} ${sel('filing-page-large')}`).waitFor();
      await tap(page, 'dialog-cancel');
      await tap(page, 'filing-action-accepted');
      await expect.poll(async () => (await stack.manager.get(`/api/v1/filings/${code}`)).body.status, { timeout: 5000 }).toBe('accepted');
    } finally {
      await counter.close();
    }
  }, 60_000);

  it('the same visitor back for a second shop reuses the ID card kept from the first filing instead of photographing it again', async () => {
    const { stack } = machine;
    const { page } = await open();
    await fileUpToReview(
      page,
      regular,
      [
        ['bei', '北'],
        ['shan', '山'],
        ['dian', '店'],
      ],
      '13800138000',
      'reuse',
    );
    expect(await textOf(page, 'review-material-id-card')).toBe('使用我的材料');
    await tap(page, 'review-submit');
    await atStep(page, 'receipt', 20_000);
    const code = await textOf(page, 'receipt-code');
    const res = await stack.manager.get(`/api/v1/filings/${code}`);
    expect(res.status).toBe(200);
    const byMaterial = Object.fromEntries((res.body as HallFiling & { materials: { reused: boolean }[] }).materials.map((m) => [m.materialId, m]));
    expect(byMaterial['id-card']).toMatchObject({ reused: true, pageCount: 2 });
    expect(byMaterial.premises).toMatchObject({ reused: false, pageCount: 1 });
  }, 60_000);

  it('a tracking code with a wrong check symbol is refused at the look-up before the hall is asked', async () => {
    const { page, frames } = await open();
    const body = '7K3M9QXW2RT';
    const right = trackingCheckSymbol(body);
    const wrong = TRACKING_ALPHABET[(TRACKING_ALPHABET.indexOf(right) + 1) % TRACKING_ALPHABET.length]!;
    await tap(page, 'lookup');
    await atStep(page, 'lookup');
    const framesBefore = frames.length;
    for (const ch of body + wrong) await tap(page, `key-${ch}`);
    await page.locator(sel('lookup-problem')).waitFor();
    expect(await page.locator(sel('submit-lookup')).isDisabled()).toBe(true);
    expect(frames.slice(framesBefore).join('\n')).not.toContain('lookupFiling');
    // The right check symbol in its place clears the refusal.
    await tap(page, 'key-erase');
    await tap(page, `key-${right}`);
    expect(await page.locator(sel('lookup-problem')).count()).toBe(0);
    expect(await page.locator(sel('submit-lookup')).isDisabled()).toBe(false);
  });

  it('a filing made in a hall outage prints "will be submitted", survives the machine rebooting, and reaches the hall when it is back', async () => {
    const { stack } = machine;
    const card = residentCard('周离线', '33010619920730262');
    let kiosk = await open();
    // The machine has been up a while: what its screens load on demand has arrived.
    await kiosk.page.waitForLoadState('networkidle');
    await stack.hall.stop();
    await until(async () => !(await stack.agent.api.hall()).online, 10_000, 'the agent to see the hall gone');
    const printedFrom = stack.sims.printer.printed.length;

    await fileUpToReview(
      kiosk.page,
      card,
      [
        ['dong', '东'],
        ['po', '坡'],
        ['mian', '面'],
        ['guan', '馆'],
      ],
      '13900139000',
    );
    await tap(kiosk.page, 'review-submit');
    await atStep(kiosk.page, 'receipt', 20_000);
    const code = await textOf(kiosk.page, 'receipt-code');
    expect(code).toMatch(CODE);
    await kiosk.page.locator(sel('receipt-pending')).waitFor();
    await ticketCut(stack.sims, printedFrom);
    const slip = printedLines(stack.sims, printedFrom).join('\n');
    expect(slip).toContain(code);
    expect(slip).toContain('将在联网后提交');

    // The machine reboots with the filing in its outbox: a new agent on the same data, the page loaded again.
    await kiosk.close();
    // The machine's own copy of the renderer is a page origin the agent was told to accept.
    const local = await serveRendererLocally(chromium.rendererDir);
    await stack.restartAgent({ pageOrigins: [local.origin] });
    expect(await stack.agent.api.hall()).toMatchObject({ online: false, pendingFilings: 1 });
    kiosk = await open(local.origin);
    await tap(kiosk.page, 'lookup');
    await lookUp(kiosk.page, code);
    await kiosk.page.locator(`${sel(`lookup-result-${code}`)} ${sel('lookup-pending')}`).waitFor();

    // The hall returns; the machine delivers by itself, under the code on the receipt.
    await stack.hall.start();
    await until(async () => (await stack.agent.api.hall()).pendingFilings === 0, 20_000, 'the filing outbox to drain');
    const res = await stack.manager.get(`/api/v1/filings/${code}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ trackingCode: code, serviceCode: SOLE, status: 'submitted', offline: true });
    expect(shopPages(res.body as HallFiling)).toEqual({ 'id-card': 2, premises: 1 });

    // Looked up again, the answer is the hall's.
    await tap(kiosk.page, 'back');
    await lookUp(kiosk.page, code);
    await kiosk.page.locator(`${sel(`lookup-result-${code}`)} ${sel('lookup-status')}`).waitFor();
    expect(await kiosk.page.locator(`${sel(`lookup-result-${code}`)} ${sel('lookup-pending')}`).count()).toBe(0);
    await local.close();
  }, 90_000);
});
