/**
 * The KioskApi contract of the filing machine (role `filing`), for any
 * carrier: the WebSocket to the device agent and Electron's preload bridge
 * run the same suite. The world (a real hall whose catalogue lets a person's
 * item and a company's item be filed, simulated reader, scanner and printer)
 * comes from a FilingContractRig; the suite checks only what a renderer can
 * see, and what the hall and the printer received.
 *
 * Carrier-agnostic: nothing here imports Node or Electron.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from './kiosk-api.contract.ts';
import { nextEvent } from './next-event.ts';
import type { FilingMaterialChoice, FilingProgress, KioskApi, SubmitFilingRequest } from './kiosk-api.ts';

export type FilingContractRig = {
  api: KioskApi;
  /** An item a person files (fields prefilled from the card; materials `id-card`, `premises`, optional `other`). */
  personItem: string;
  /** An item a company files (the credit code prefilled; material `articles`, PDF only). */
  companyItem: string;
  /** A valid unified social credit code of a fictional company. */
  uscc: string;
  insertCard(kind: 'resident'): Promise<void>;
  removeCard(): Promise<void>;
  scan(text: string): Promise<void>;
  /** Text lines the printer simulator printed. */
  printedText(): string[];
  /** QR payloads the printer simulator printed. */
  printedQr(): string[];
  /** A filing as the hall's manager sees it, or undefined when the hall has none with this code. */
  hallFiling(
    trackingCode: string,
  ): Promise<
    { trackingCode: string; serviceCode: string; status: string; offline: boolean; materials: { materialId: string; pageCount: number }[] } | undefined
  >;
  close(): Promise<void>;
};

const FULL_ID = '110101199003078814';
const FULL_NAME = '张示例';

function bytes(head: number[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set(head);
  for (let i = head.length; i < size; i++) out[i] = (i * 31) & 0xff;
  return out;
}
const JPEG = (size: number) => bytes([0xff, 0xd8, 0xff, 0xe0], size);
const PDF = (size: number) => bytes([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37], size);

function base64(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function describeFilingApiContract(label: string, setup: () => Promise<FilingContractRig>): void {
  describe(`KioskApi filing contract: ${label}`, () => {
    let rig: FilingContractRig;
    let api: KioskApi;
    const swipe = async () => {
      const card = nextEvent(api, 'card');
      await rig.insertCard('resident');
      await card;
      await rig.removeCard();
    };
    const form = { shopName: '示例小吃店', phone: '13800138000' };
    /** A person's filing of the person's item with these materials, its choices all no unless told. */
    const personFiling = (materials: FilingMaterialChoice[], told: Partial<SubmitFilingRequest> = {}): SubmitFilingRequest => ({
      serviceCode: rig.personItem,
      form,
      materials,
      keepForReuse: false,
      reuseConsent: false,
      ...told,
    });

    beforeAll(async () => {
      rig = await setup();
      api = rig.api;
    });
    afterAll(async () => rig?.close());

    it('the machine says it is a filing machine and lists the items that can be filed here', async () => {
      expect((await api.info()).role).toBe('filing');
      const services = await api.filingServices();
      expect(services.map((s) => s.serviceCode).sort()).toEqual([rig.companyItem, rig.personItem].sort());
      expect(services.find((s) => s.serviceCode === rig.personItem)).toMatchObject({ applicant: 'citizen', open: true });
      expect((await api.hall()).pendingFilings).toBe(0);
    });

    it('the guide comes with the form prefilled from the swiped card: name and number locked and masked', async () => {
      expect(await api.visitor()).toBeNull();
      await swipe();
      expect(await api.visitor()).toEqual({ kind: 'citizen', masked: '110***********8814', nameMasked: '张**' });
      const view = await api.filingGuide(rig.personItem);
      expect(view.guide.materials.map((m) => m.id)).toEqual(['id-card', 'premises', 'other']);
      expect(view.prefill.name).toEqual({ value: '张**', locked: true });
      expect(view.prefill.idNo).toEqual({ value: '110***********8814', locked: true });
      expect(view.prefill.sex?.locked).toBe(false);
      const wire = JSON.stringify(view);
      expect(wire).not.toContain(FULL_ID);
      expect(wire).not.toContain(FULL_NAME);
      await api.forgetVisitor();
      expect(await api.visitor()).toBeNull();
    });

    it('a page crosses to the host whole (a 2 MB photo), and a page that is not what it claims is refused on the spot', async () => {
      const photo = JPEG(2 * 1024 * 1024);
      const staged = await api.stagePage({ materialId: 'premises', contentType: 'image/jpeg', dataBase64: base64(photo) });
      expect(staged).toMatchObject({ materialId: 'premises', contentType: 'image/jpeg', size: photo.length, sha256: await sha256(photo) });
      const e = await refusal(api.stagePage({ materialId: 'premises', contentType: 'image/png', dataBase64: base64(JPEG(1000)) }));
      expect(e.code).toBe('FILE_TYPE_NOT_ALLOWED');
      await api.dropPage(staged.pageId);
      await api.forgetVisitor();
    });

    it('submitting without anyone identified is refused', async () => {
      expect((await refusal(api.submitFiling(personFiling([])))).code).toBe('NO_VISITOR');
    });

    it('a submit that is not a filing request is refused before anything is checked, sent or printed', async () => {
      await swipe();
      const stages: FilingProgress['stage'][] = [];
      const off = api.on('filing:progress', (p) => stages.push(p.stage));
      const lines = rig.printedText().length;
      const submit = api.submitFiling as (...params: unknown[]) => Promise<unknown>;
      const e = await refusal(submit({ ...personFiling([]), form: { ...form, idNo: Number(FULL_ID) } }));
      off();
      expect(e.code).toBe('INVALID_REQUEST');
      expect(e.details).toEqual({ method: 'submitFiling', path: [0, 'form', 'idNo'] });
      expect(stages).toEqual([]);
      expect(rig.printedText()).toHaveLength(lines);
      expect((await api.hall()).pendingFilings).toBe(0);
      await api.forgetVisitor();
    });

    it('a filing submitted online is with the hall, on a printed receipt with its code and QR, and found by that code', async () => {
      await swipe();
      const id = await api.stagePage({ materialId: 'id-card', contentType: 'image/jpeg', dataBase64: base64(JPEG(3000)) });
      const premises = await Promise.all(
        [1, 2].map(() =>
          api.stagePage({ materialId: 'premises', contentType: 'image/jpeg', dataBase64: base64(JPEG(5000 + Math.floor(Math.random() * 1000))) }),
        ),
      );
      const stages: FilingProgress['stage'][] = [];
      const off = api.on('filing:progress', (p) => stages.push(p.stage));
      const result = await api.submitFiling(
        personFiling([
          { materialId: 'id-card', pageIds: [id.pageId] },
          { materialId: 'premises', pageIds: premises.map((p) => p.pageId) },
        ]),
      );
      off();
      expect(result.printed).toBe(true);
      expect(result.filing).toMatchObject({ serviceCode: rig.personItem, status: 'submitted', pending: false });
      const code = result.filing.trackingCode;
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(stages).toEqual(expect.arrayContaining(['checking', 'uploading', 'submitting', 'printing']));
      expect(rig.printedText().some((l) => l.includes(code))).toBe(true);
      expect(rig.printedQr().some((q) => q.endsWith(`/filing/${code}`))).toBe(true);
      expect(await rig.hallFiling(code)).toMatchObject({
        serviceCode: rig.personItem,
        offline: false,
        materials: [
          { materialId: 'id-card', pageCount: 1 },
          { materialId: 'premises', pageCount: 2 },
        ],
      });
      const found = await api.lookupFiling(code.replaceAll('-', ' ').toLowerCase());
      expect(found).toMatchObject({ trackingCode: code, serviceCode: rig.personItem, status: 'submitted' });
      expect(found.pending).toBeFalsy();
      // A look-up answers the filing's summary: never who filed it or what the form said.
      expect(found).not.toHaveProperty('applicant');
      expect(found).not.toHaveProperty('form');
      // The pages went with the filing: they are not held for the next one.
      expect((await refusal(api.submitFiling(personFiling([{ materialId: 'id-card', pageIds: [id.pageId] }])))).code).toBe('PAGE_NOT_FOUND');
      const mine = await api.myFilings();
      expect(mine.map((f) => f.trackingCode)).toContain(code);
      await api.forgetVisitor();
    });

    it('a form the hall would refuse is refused with the field at fault', async () => {
      await swipe();
      const id = await api.stagePage({ materialId: 'id-card', contentType: 'image/jpeg', dataBase64: base64(JPEG(2000)) });
      const premises = await api.stagePage({ materialId: 'premises', contentType: 'image/jpeg', dataBase64: base64(JPEG(2100)) });
      const e = await refusal(
        api.submitFiling(
          personFiling(
            [
              { materialId: 'id-card', pageIds: [id.pageId] },
              { materialId: 'premises', pageIds: [premises.pageId] },
            ],
            { form: { shopName: '示例小吃店', phone: '12345' } },
          ),
        ),
      );
      expect(e.code).toBe('FORM_INVALID');
      expect(e.details?.fields).toEqual([expect.objectContaining({ key: 'phone', code: 'BAD_PHONE' })]);
      expect((await refusal(api.submitFiling(personFiling([{ materialId: 'id-card', pageIds: [id.pageId] }])))).code).toBe('MATERIAL_MISSING');
      await api.forgetVisitor();
    });

    it('a company identified by its scanned credit code files its own item; a person’s item is refused to it', async () => {
      await api.forgetVisitor();
      const scanned = nextEvent(api, 'scan');
      await rig.scan(rig.uscc);
      expect((await scanned).kind).toBe('uscc');
      expect((await api.visitor())?.kind).toBe('company');
      const view = await api.filingGuide(rig.companyItem);
      expect(view.prefill.uscc).toEqual({ value: rig.uscc, locked: true });
      const articles = await api.stagePage({ materialId: 'articles', contentType: 'application/pdf', dataBase64: base64(PDF(4000)) });
      expect((await refusal(api.submitFiling(personFiling([])))).code).toBe('APPLICANT_NOT_ALLOWED');
      const result = await api.submitFiling({
        serviceCode: rig.companyItem,
        form: { contact: '13900139000' },
        materials: [{ materialId: 'articles', pageIds: [articles.pageId] }],
        keepForReuse: false,
        reuseConsent: false,
      });
      expect(await rig.hallFiling(result.filing.trackingCode)).toMatchObject({ serviceCode: rig.companyItem });
      expect((await refusal(api.identifyCompany('91330100MA28ABCD30'))).code).toBe('INVALID_USCC');
      await api.forgetVisitor();
    });

    it('a code with a wrong check symbol is refused before the hall is asked; an unknown good one is not found', async () => {
      expect((await refusal(api.lookupFiling('0000-0000-0001'))).code).toBe('BAD_TRACKING_CODE');
      expect((await refusal(api.lookupFiling('0000-0000-0000'))).code).toBe('FILING_NOT_FOUND');
    });

    it('counter methods and the ticket kiosk’s own are refused at a filing machine', async () => {
      expect((await refusal(api.callNext())).code).toBe('NOT_COUNTER');
      expect((await refusal(api.grantStaff('1001', '1357'))).code).toBe('NOT_TICKET_KIOSK');
      expect((await refusal(api.lookupTicket('A001'))).code).toBe('NOT_TICKET_KIOSK');
    });
  });
}
