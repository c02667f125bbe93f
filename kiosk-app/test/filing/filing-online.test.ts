/**
 * The filing machine's agent with the hall online, beyond the shared
 * contract: the receipt on paper, a ticket taken with the filing (预登记),
 * refusals that keep the hall untouched, the printer, and the logs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../src/shared/kiosk-api.contract.ts';
import type { KioskApi } from '../../src/shared/kiosk-api.ts';
import { createLogger } from '../../src/agent/log.ts';
import { COMPANY, SHOP_FORM, SOLE, USCC, shopFiling, startFilingRig, visitorAt, type FilingRig } from '../../src/agent/testing/filing-rig.ts';

const FULL_ID = '110101199003078814';
const FULL_NAME = '张示例';

/** Files the hall keeps for uploaded pages (DATA/files/xx/…). */
function storedFiles(dataDir: string): number {
  const walk = (dir: string): number =>
    readdirSync(dir).reduce((n, name) => {
      const path = join(dir, name);
      return n + (statSync(path).isDirectory() ? walk(path) : 1);
    }, 0);
  try {
    return walk(join(dataDir, 'files'));
  } catch {
    return 0;
  }
}

describe('the filing machine, online', () => {
  let rig: FilingRig;
  let api: KioskApi;
  let manager: ReturnType<FilingRig['hall']['api']>;
  const logLines: string[] = [];

  let visitor: ReturnType<typeof visitorAt>;

  beforeAll(async () => {
    rig = await startFilingRig({ logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }) });
    api = rig.agent.api;
    visitor = visitorAt(rig);
    manager = rig.hall.api(rig.hall.token('manager'));
  });
  afterAll(async () => rig?.close());

  it('the receipt carries the code, the QR of its tracking page, the masked applicant and the materials, never the full identity', async () => {
    await visitor.swipe();
    const printedBefore = rig.sims.printer.printed.length;
    const { filing, printed } = await api.submitFiling(shopFiling(await visitor.shopMaterials()));
    expect(printed).toBe(true);
    const slip = rig.sims.printer.printed.slice(printedBefore);
    const lines = slip.flatMap((p) => (p.kind === 'line' ? [p.text] : []));
    const text = lines.join('\n');
    expect(text).toContain('收件回执');
    expect(text).toContain(filing.trackingCode);
    expect(text).toContain('个体工商户设立登记');
    expect(text).toContain('张**');
    expect(text).toContain('经营者身份证');
    expect(text).toContain('经营场所证明');
    expect(text).not.toContain(FULL_ID);
    expect(text).not.toContain(FULL_NAME);
    expect(text).not.toContain('将在联网后提交');
    const trackBase = (await api.info()).trackBaseUrl.replace(/\/+$/, '');
    expect(slip.filter((p) => p.kind === 'qr').map((p) => (p as { data: string }).data)).toEqual([`${trackBase}/filing/${filing.trackingCode}`]);
    expect(slip.some((p) => p.kind === 'barcode' && p.data === filing.trackingCode)).toBe(true);
    await api.forgetVisitor();
  });

  it('预登记: a ticket taken with the filing is printed after the receipt and linked to it in the hall', async () => {
    await visitor.swipe();
    const { filing, ticket, ticketError } = await api.submitFiling(shopFiling(await visitor.shopMaterials(), { takeTicket: true }));
    expect(ticketError).toBeUndefined();
    expect(ticket).toMatchObject({ serviceCode: SOLE, offline: false });
    const lines = rig.sims.printer.lines.map((l) => l.trim());
    expect(lines.lastIndexOf(ticket!.number)).toBeGreaterThan(lines.findLastIndex((l) => l.includes(filing.trackingCode)));
    const inHall = (await manager.get(`/api/v1/filings/${filing.trackingCode}`)).body;
    expect(inHall.ticketNumber).toBe(ticket!.number);
    const hallTicket = (await manager.get(`/api/v1/tickets/${ticket!.id}`)).body;
    expect(hallTicket.filingCode).toBe(filing.trackingCode);
    // Issued with the card: the ticket carries the person's masked identity.
    expect(hallTicket.identity.masked).toBe('110***********8814');
    await api.forgetVisitor();
  });

  it('an invalid form is refused at the machine with every field at fault, and no page reaches the hall', async () => {
    await visitor.swipe();
    const before = storedFiles(rig.hall.dataDir);
    const materials = await visitor.shopMaterials();
    const e = await refusal(api.submitFiling(shopFiling(materials, { form: { shopName: '', phone: 'call me' } })));
    expect(e.code).toBe('FORM_INVALID');
    expect(((e.details?.fields ?? []) as { key: string; code: string }[]).map((f) => [f.key, f.code])).toEqual([
      ['shopName', 'REQUIRED'],
      ['phone', 'BAD_PHONE'],
    ]);
    expect(storedFiles(rig.hall.dataDir)).toBe(before);
    // The pages are still held: the visitor corrects the form and submits them.
    const { filing } = await api.submitFiling(shopFiling(materials));
    expect(filing.pending).toBe(false);
    expect(storedFiles(rig.hall.dataDir)).toBe(before + 2);
    await api.forgetVisitor();
  });

  it('each material is held to its guide: accepted types, page count, required ones', async () => {
    await visitor.swipe();
    const pdf = await visitor.stage('id-card', 'not an image', 'application/pdf');
    const premises = await visitor.stage('premises', 'p');
    expect(
      await refusal(
        api.submitFiling(
          shopFiling([
            { materialId: 'id-card', pageIds: [pdf.pageId] },
            { materialId: 'premises', pageIds: [premises.pageId] },
          ]),
        ),
      ),
    ).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: { materialId: 'id-card' },
    });
    const three = await Promise.all([1, 2, 3].map((i) => visitor.stage('id-card', `side ${i}`)));
    expect(
      await refusal(
        api.submitFiling(
          shopFiling([
            { materialId: 'id-card', pageIds: three.map((p) => p.pageId) },
            { materialId: 'premises', pageIds: [premises.pageId] },
          ]),
        ),
      ),
    ).toMatchObject({
      code: 'TOO_MANY_PAGES',
      details: { materialId: 'id-card' },
    });
    expect(await refusal(api.submitFiling(shopFiling([{ materialId: 'premises', pageIds: [premises.pageId] }])))).toMatchObject({
      code: 'MATERIAL_MISSING',
      details: { materialIds: ['id-card'] },
    });
    expect(
      await refusal(
        api.submitFiling(
          shopFiling([
            { materialId: 'id-card', reuse: 'x1' },
            { materialId: 'premises', pageIds: [premises.pageId] },
          ]),
        ),
      ),
    ).toMatchObject({ code: 'REUSE_CONSENT_REQUIRED' });
    expect((await refusal(api.submitFiling(shopFiling([{ materialId: 'licence', pageIds: [premises.pageId] }])))).code).toBe('UNKNOWN_MATERIAL');
    await api.forgetVisitor();
  });

  it('with the paper out a filing still goes in and says it was not printed; a ticket is then refused before anything is filed', async () => {
    await visitor.swipe();
    rig.sims.printer.setState('paper-out');
    try {
      const { filing, printed } = await api.submitFiling(shopFiling(await visitor.shopMaterials()));
      expect(printed).toBe(false);
      expect((await manager.get(`/api/v1/filings/${filing.trackingCode}`)).status).toBe(200);
      const before = storedFiles(rig.hall.dataDir);
      const e = await refusal(api.submitFiling(shopFiling(await visitor.shopMaterials(), { takeTicket: true })));
      expect(e.code).toBe('PRINTER_PAPER_OUT');
      expect(storedFiles(rig.hall.dataDir)).toBe(before);
    } finally {
      rig.sims.printer.setState('ok');
      await api.forgetVisitor();
    }
  });

  it('the person filing for a company takes the ticket with their own card', async () => {
    await visitor.swipe();
    await api.identifyCompany(USCC);
    const articles = await visitor.stage('articles', 'articles of association', 'application/pdf');
    const { filing, ticket } = await api.submitFiling({
      serviceCode: COMPANY,
      form: { contact: '13900139000' },
      materials: [{ materialId: 'articles', pageIds: [articles.pageId] }],
      keepForReuse: false,
      reuseConsent: false,
      takeTicket: true,
    });
    const inHall = (await manager.get(`/api/v1/filings/${filing.trackingCode}`)).body;
    expect(inHall.applicant).toMatchObject({ kind: 'company', masked: '913***********CD35' });
    expect((await manager.get(`/api/v1/tickets/${ticket!.id}`)).body.identity.masked).toBe('110***********8814');
    await api.forgetVisitor();
  });

  it('我的材料: a document kept with the visitor’s consent is offered next time and reused with their consent', async () => {
    await visitor.swipe();
    expect(await api.myMaterials()).toEqual([]);
    await api.submitFiling(shopFiling(await visitor.shopMaterials(), { keepForReuse: true }));
    const kept = await api.myMaterials();
    expect(kept.map((m) => [m.materialId, m.pages])).toEqual([['id-card', 1]]);
    const premises = await visitor.stage('premises', 'a second shop');
    const reused = [
      { materialId: 'id-card', reuse: kept[0]!.id },
      { materialId: 'premises', pageIds: [premises.pageId] },
    ];
    const { filing } = await api.submitFiling(shopFiling(reused, { form: { ...SHOP_FORM, shopName: '第二家店' }, reuseConsent: true }));
    const inHall = (await manager.get(`/api/v1/filings/${filing.trackingCode}`)).body;
    expect(inHall.materials.map((m: { materialId: string; reused: boolean }) => [m.materialId, m.reused])).toEqual([
      ['id-card', true],
      ['premises', false],
    ]);
    const mine = await api.myFilings();
    expect(mine[0]?.trackingCode).toBe(filing.trackingCode);
    await api.forgetVisitor();
    expect((await refusal(api.myMaterials())).code).toBe('NO_VISITOR');
  });

  it('no log line carries an ID number, a name or a form value', () => {
    const log = logLines.join('\n');
    expect(logLines.some((l) => l.includes('filing submitted'))).toBe(true);
    for (const secret of [FULL_ID, FULL_NAME, SHOP_FORM.phone, SHOP_FORM.shopName, '13900139000']) expect(log).not.toContain(secret);
  });
});
