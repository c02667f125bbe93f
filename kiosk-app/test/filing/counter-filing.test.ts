/**
 * 前台一口受理: a visitor files at the filing machine and takes a ticket with
 * it; the clerk who calls that ticket sees the filing on the console (every
 * value under its label, the applicant in full, the pages), opens a page,
 * and moves the filing on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskError } from '../../src/shared/kiosk-api.ts';
import { counterAtWindow, type CounterStack } from '../../src/agent/testing/counter-rig.ts';
import {
  FILING_WINDOW,
  SHOP_FORM,
  SOLE,
  page64,
  pageBytes,
  shopFiling,
  startFilingRig,
  visitorAt,
  type FilingRig,
} from '../../src/agent/testing/filing-rig.ts';

describe('a filing at the counter', () => {
  let filingRig: FilingRig;
  let counter: CounterStack;

  beforeAll(async () => {
    filingRig = await startFilingRig();
    counter = await counterAtWindow(filingRig.hall, FILING_WINDOW, { evaluator: false, signIn: true });
  });
  afterAll(async () => {
    await counter?.close();
    await filingRig?.close();
  });

  it('the clerk who calls a linked ticket gets the filing in full, opens its pages, and moves it on', async () => {
    const machine = filingRig.agent.api;
    await visitorAt(filingRig).swipe();
    const idPage = await machine.stagePage({ materialId: 'id-card', contentType: 'image/png', dataBase64: page64('image/png', 'front of the card') });
    const premises = await machine.stagePage({ materialId: 'premises', contentType: 'image/jpeg', dataBase64: page64('image/jpeg', 'lease') });
    const { filing, ticket } = await machine.submitFiling(
      shopFiling(
        [
          { materialId: 'id-card', pageIds: [idPage.pageId] },
          { materialId: 'premises', pageIds: [premises.pageId] },
        ],
        { takeTicket: true },
      ),
    );
    await machine.forgetVisitor();

    const clerk = counter.agent.api;
    const called = await clerk.callTicket(ticket!.number);
    const current = called.state.current!;
    expect(current.number).toBe(ticket!.number);
    const f = current.filing!;
    expect(f).toMatchObject({ trackingCode: filing.trackingCode, status: 'submitted', serviceName: { 'zh-CN': '个体工商户设立登记' } });
    expect(f.applicant).toMatchObject({ kind: 'citizen', number: '110101199003078814', name: '张示例' });
    expect(f.form.map((v) => [v.key, v.label['zh-CN'], v.value])).toEqual(
      expect.arrayContaining([
        ['name', '经营者姓名', '张示例'],
        ['idNo', '身份证号码', '110101199003078814'],
        ['shopName', '个体户名称', SHOP_FORM.shopName],
        ['phone', '联系电话', SHOP_FORM.phone],
      ]),
    );
    expect(f.materials.map((m) => [m.materialId, m.pages.map((p) => p.sha256)])).toEqual([
      ['id-card', [idPage.sha256]],
      ['premises', [premises.sha256]],
    ]);

    const opened = await clerk.filingPage(idPage.sha256);
    expect(opened.contentType).toBe('image/png');
    expect(Buffer.from(opened.dataBase64, 'base64').equals(pageBytes('image/png', 'front of the card'))).toBe(true);
    // A page outside this visitor's filing is refused alike whether it exists or not: the window learns nothing of others.
    await expect(clerk.filingPage('f'.repeat(64))).rejects.toMatchObject({ code: 'NOT_YOUR_VISITOR' });

    const accepted = await clerk.updateFiling(filing.trackingCode, 'accepted');
    expect(accepted.current?.filing?.status).toBe('accepted');
    expect(accepted.current?.filing?.history.map((h) => h.status)).toEqual(['submitted', 'accepted']);
    expect(accepted.current?.filing?.history[1]?.by).toContain(`${FILING_WINDOW}号窗口`);
    const noReason = (await clerk.updateFiling(filing.trackingCode, 'returned').catch((e: unknown) => e)) as KioskError;
    expect(noReason.code).toBe('REASON_REQUIRED');
    const backwards = (await clerk.updateFiling(filing.trackingCode, 'accepted').catch((e: unknown) => e)) as KioskError;
    expect(backwards.code).toBe('FILING_TRANSITION_NOT_ALLOWED');
    expect(backwards.details).toMatchObject({ hallCode: 'FILING_TRANSITION_NOT_ALLOWED' });
    const returned = await clerk.updateFiling(filing.trackingCode, 'returned', '经营场所证明不清晰，请补正');

    // The visitor, back at the machine, sees why.
    expect(returned.current?.filing?.status).toBe('returned');
    expect(await machine.lookupFiling(filing.trackingCode)).toMatchObject({ status: 'returned', returnReason: '经营场所证明不清晰，请补正' });

    // The filing's values leave the console with the ticket.
    const finished = await clerk.finishTicket();
    expect(finished.state.current).toBeNull();
  });

  it('a ticket without a filing shows none', async () => {
    const kiosk = filingRig.hall.api(filingRig.hall.token('kiosk'));
    const issued = (await kiosk.post('/api/v1/tickets', { serviceCode: SOLE })).body as { number: string };
    const called = await counter.agent.api.callTicket(issued.number);
    expect(called.state.current?.number).toBe(issued.number);
    expect(called.state.current?.filing).toBeUndefined();
    await counter.agent.api.finishTicket();
  });
});
