/**
 * A hall outage at the filing machine: filings made during it are kept with
 * their pages and a code of the machine's own, the receipt says they will be
 * submitted, the agent restarts mid-outage, and when the hall is back they
 * are delivered once each, in order, under the codes the visitors hold; one
 * the hall refuses for good is parked and does not hold up the next.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '@hall/server/testing';
import type { KioskError, FilingResult, KioskApi } from '../../src/shared/kiosk-api.ts';
import { createLogger } from '../../src/agent/log.ts';
import { OfflineStore } from '../../src/agent/offline/offline-store.ts';
import { COMPANY, SHOP_FORM, SOLE, USCC, shopFiling, startFilingRig, visitorAt, type FilingRig } from '../../src/agent/testing/filing-rig.ts';
import { STAFF_PIN, until } from '../../src/agent/testing/rig.ts';
import { nextEvent } from '../../src/shared/next-event.ts';

const FULL_ID = '110101199003078814';

describe('filing through a hall outage', () => {
  let rig: FilingRig;
  const api = (): KioskApi => rig.agent.api;
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (l) => logLines.push(l) });

  let visitor: ReturnType<typeof visitorAt>;

  beforeAll(async () => {
    rig = await startFilingRig({ logger, host: { lease: { blockSize: 5, lowWater: 2 } } });
    visitor = visitorAt(rig);
  });
  afterAll(async () => rig?.close());

  it('files offline, survives an agent restart, and delivers in order under the machine’s codes once the hall is back', async () => {
    // Online first: the guides are kept, and a few numbers are leased for the item.
    expect((await api().filingServices()).length).toBe(2);
    await api().filingGuide(SOLE);
    await api().filingGuide(COMPANY);
    const peek = new OfflineStore(join(rig.dataDir, 'outbox.db'));
    const day = (rig.hall.app.hall.state.counters as { day: string }).day;
    await until(() => peek.remaining(SOLE, day) >= 3, 10_000, 'a lease');
    peek.close();

    await rig.hallDown();
    await until(async () => !(await api().hall()).online, 5000, 'the agent to see the hall gone');

    // The guide and its prefill come from what the machine kept.
    await visitor.swipe();
    const view = await api().filingGuide(SOLE);
    expect(view.prefill.idNo).toEqual({ value: '110***********8814', locked: true });

    // 1: a person's filing with a ticket.
    const printedBefore = rig.sims.printer.lines.length;
    const pending = nextEvent(api(), 'hall', (h) => h.pendingFilings === 1);
    const id1 = await visitor.stage('id-card', 'front');
    const prem1 = await visitor.stage('premises', 'lease contract');
    const first: FilingResult = await api().submitFiling(
      shopFiling(
        [
          { materialId: 'id-card', pageIds: [id1.pageId] },
          { materialId: 'premises', pageIds: [prem1.pageId] },
        ],
        { takeTicket: true },
      ),
    );
    expect(first.filing).toMatchObject({ serviceCode: SOLE, status: 'submitted', pending: true });
    expect(first.printed).toBe(true);
    expect(first.ticket).toMatchObject({ serviceCode: SOLE, offline: true });
    expect((await pending).online).toBe(false);
    const slip = rig.sims.printer.lines.slice(printedBefore).join('\n');
    expect(slip).toContain(first.filing.trackingCode);
    expect(slip).toContain('将在联网后提交');
    expect(await api().lookupFiling(first.filing.trackingCode)).toMatchObject({ trackingCode: first.filing.trackingCode, status: 'submitted', pending: true });

    // 2: reuses a stored document the hall will not know: the hall refuses it for good later.
    const prem2 = await visitor.stage('premises', 'another lease');
    const unknownKept = [
      { materialId: 'id-card', reuse: 'not-a-kept-material' },
      { materialId: 'premises', pageIds: [prem2.pageId] },
    ];
    const second = await api().submitFiling(shopFiling(unknownKept, { form: { ...SHOP_FORM, shopName: '第二家店' }, reuseConsent: true }));
    expect(second.filing.pending).toBe(true);

    // 3: a company's filing, after the one that will be refused.
    await api().forgetVisitor();
    await api().identifyCompany(USCC);
    const articles = await visitor.stage('articles', 'articles', 'application/pdf');
    const third = await api().submitFiling({
      serviceCode: COMPANY,
      form: { contact: '13900139000' },
      materials: [{ materialId: 'articles', pageIds: [articles.pageId] }],
      keepForReuse: false,
      reuseConsent: false,
    });
    expect(third.filing.pending).toBe(true);
    const codes = [first, second, third].map((r) => r.filing.trackingCode);
    expect(new Set(codes).size).toBe(3);

    // The agent restarts mid-outage: the filings and their pages are still there.
    await rig.restartAgent();
    expect(await api().hall()).toMatchObject({ online: false, pendingFilings: 3, parkedFilings: 0, pendingOffline: 1 });
    expect((await api().lookupFiling(codes[0]!)).pending).toBe(true);
    expect((await api().filingGuide(COMPANY)).guide.serviceCode).toBe(COMPANY);

    // The hall comes back on the same data and port; the machine delivers by itself.
    const manager = await rig.hallBack();
    await until(
      async () => {
        const h = await api().hall();
        return h.online && h.pendingFilings === 0 && h.pendingOffline === 0;
      },
      15_000,
      'the filing outbox to drain',
    );
    expect((await api().hall()).parkedFilings).toBe(1);

    const delivered = [];
    for (const [i, r] of [first, third].entries()) {
      const res = await manager.get(`/api/v1/filings/${r.filing.trackingCode}`);
      expect(res.status, `filing ${i}`).toBe(200);
      expect(res.body).toMatchObject({ trackingCode: r.filing.trackingCode, serviceCode: r.filing.serviceCode, status: 'submitted', offline: true });
      // The time the visitor filed, as on the receipt (the hall keeps it to the millisecond or the second).
      expect(Math.abs(Date.parse(res.body.submittedAt) - Date.parse(r.filing.submittedAt))).toBeLessThan(1000);
      delivered.push(res.body);
    }
    expect(delivered[0].materials.map((m: { materialId: string; pageCount: number }) => [m.materialId, m.pageCount])).toEqual([
      ['id-card', 1],
      ['premises', 1],
    ]);
    // In the order filed: the hall's ids are time-ordered (UUIDv7).
    expect(delivered[0].id < delivered[1].id).toBe(true);
    expect((await manager.get(`/api/v1/filings/${codes[1]}`)).status).toBe(404);

    // Once each: the person has exactly the one filing the hall took.
    const kiosk = apiClient(rig.hall.url, rig.token);
    const theirs = (await kiosk.post('/api/v1/filings/lookup', { idNumber: FULL_ID })).body.filings as { trackingCode: string }[];
    expect(theirs.map((f) => f.trackingCode)).toEqual([codes[0]]);

    // The parked one tells the visitor to bring the receipt to the desk.
    const parked = await api()
      .lookupFiling(codes[1]!)
      .then(
        () => undefined,
        (e: unknown) => e as KioskError,
      );
    expect(parked?.code).toBe('FILING_UNDELIVERED');
    expect(parked?.details).toEqual({ hallCode: 'REUSE_NOT_ALLOWED' });
    expect(logLines.some((l) => l.includes('parked') && l.includes(codes[1]!) && l.includes('REUSE_NOT_ALLOWED'))).toBe(true);

    // Staff at the machine see it with the hall's reason, and nothing of the person.
    const notStaff = await api()
      .undeliveredFilings()
      .then(
        () => undefined,
        (e: unknown) => e as KioskError,
      );
    expect(notStaff?.code).toBe('STAFF_ONLY');
    expect(await api().staffLogin(STAFF_PIN)).toBe(true);
    const undelivered = await api().undeliveredFilings();
    expect(undelivered).toEqual([
      {
        trackingCode: codes[1],
        serviceCode: SOLE,
        serviceName: expect.objectContaining({ 'zh-CN': '个体工商户设立登记' }),
        submittedAt: second.filing.submittedAt,
        refusedAt: expect.any(String),
        hallCode: 'REUSE_NOT_ALLOWED',
      },
    ]);

    // The ticket issued offline reached the hall, and the filing is linked to it.
    await until(
      async () => (await manager.get(`/api/v1/filings/${codes[0]}`)).body.ticketNumber === first.ticket!.number,
      10_000,
      'the link to the offline ticket',
    );
    const [ticket] = (await manager.get(`/api/v1/tickets?number=${first.ticket!.number}`)).body.tickets;
    expect(ticket.filingCode).toBe(codes[0]);

    // Looked up at the machine now, the hall answers.
    expect(await api().lookupFiling(codes[0]!)).toMatchObject({ trackingCode: codes[0], status: 'submitted' });
    expect((await api().lookupFiling(codes[0]!)).pending).toBeFalsy();
  });
});
