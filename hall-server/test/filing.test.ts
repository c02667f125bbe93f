import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { BodyIn, Contract } from '../src/contract/index.ts';
import { createLogger } from '../src/log.ts';
import { newTrackingCode, parseTrackingCode } from '../src/forms.ts';
import { COMPANY, LI, MEDICAL_FILING, PASSPORT, SOCIAL_INSURANCE, ZHANG, filePassport, passportForm, scannedPage, sha256, upload } from './filing-fixtures.ts';
import { demoConfig, received, refusal, startHall, statusOf, tempDir, type TestClient, type TestHall } from './harness.ts';
import { hallPerTest, perTest } from './per-test.ts';

const HOUR = 3600_000;

function rows(hall: TestHall, table: string): number {
  return hall.app.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** Every file under DATA/files, read whole (temporary ones included: a refused upload must leave none). */
function storedFiles(dataDir: string): Buffer[] {
  const root = join(dataDir, 'files');
  return readdirSync(root).flatMap((bucket) => readdirSync(join(root, bucket)).map((name) => readFileSync(join(root, bucket, name))));
}

describe('filing over HTTP (自助申报)', () => {
  const hall = hallPerTest();
  const kiosk = perTest(() => hall.client(hall.token('kiosk')));
  const counter3 = perTest(() => hall.client(hall.token('counter', 3)));
  const manager = perTest(() => hall.client(hall.token('manager')));

  const filing = (trackingCode: string) => ({ params: { trackingCode } });
  const pageOf = (bytes: Buffer, contentType = 'image/jpeg') => ({ params: { sha256: sha256(bytes) }, raw: { contentType, bytes } });

  /** A clerk signs in at window 3 with their PIN: only then does the window see personal data. */
  async function signIn3(): Promise<void> {
    await hall.app.staff.upsert({ staffNo: '3007', name: '周敏' }, '2468');
    await expect(counter3.call('signIn', { params: { windowNo: 3 }, body: { staffNo: '3007', pin: '2468' } })).resolves.toBeDefined();
  }

  /** The person, with a ticket linked to the filing (if given), called to window 3 where a clerk signed in. */
  async function atWindow3(person = ZHANG, trackingCode?: string): Promise<{ id: string }> {
    await signIn3();
    const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT, idNumber: person.idNumber } });
    if (trackingCode) await expect(kiosk.call('linkFilingTicket', { ...filing(trackingCode), body: { ticketId: ticket.id } })).resolves.toBeDefined();
    expect((await counter3.call('callNext', { params: { windowNo: 3 } }))?.id).toBe(ticket.id);
    return ticket;
  }

  describe('the catalogue', () => {
    it('lists the items offered for filing, with whom they take and whether they are open', async () => {
      const { services } = await kiosk.call('listFilingServices');
      expect(services.length).toBeGreaterThanOrEqual(5);
      expect(services).toContainEqual({
        serviceCode: PASSPORT,
        name: { 'zh-CN': '普通护照签发', en: expect.any(String) },
        category: '出入境',
        applicant: 'citizen',
        open: true,
      });
      expect(services.find((s) => s.serviceCode === SOCIAL_INSURANCE)!.applicant).toBe('company');
    });

    it('gives an item’s guide with its materials, legal basis, fees, place and form', async () => {
      const guide = await kiosk.call('getServiceGuide', { params: { serviceCode: PASSPORT } });
      expect(guide).toMatchObject({
        serviceCode: PASSPORT,
        legalTimeLimitDays: 7,
        promisedTimeLimitDays: 5,
        fees: { free: false },
        filing: { enabled: true, applicant: 'citizen', open: true },
      });
      expect(guide.legalBasis[0]).toContain('护照法');
      expect(guide.location).toContain('3号窗口');
      expect(guide.materials[0]).toEqual({
        id: 'id-card',
        name: '居民身份证',
        form: 'original',
        copies: 1,
        note: '正反两面',
        required: true,
        reusable: true,
        accept: ['image/jpeg', 'image/png'],
        maxPages: 2,
      });
      expect(guide.filing.form.fields.find((f) => f.key === 'name')).toMatchObject({ type: 'text', required: true, prefill: 'card.name' });
    });

    it('gives a guide for an item not offered for filing, and 404 for an unknown item', async () => {
      const plain = await kiosk.call('getServiceGuide', { params: { serviceCode: '330106-HJ-002' } });
      expect(plain.filing).toEqual({ enabled: false, applicant: 'citizen', open: false, form: { fields: [] } });
      expect(plain.materials.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
      await expect(kiosk.call('getServiceGuide', { params: { serviceCode: 'NOPE-1' } })).rejects.toMatchObject({ status: 404, code: 'SERVICE_NOT_FOUND' });
    });
  });

  describe('uploads', () => {
    it('stores a page once: 201 the first time, 200 when the same bytes come again', async () => {
      const page = scannedPage(7);
      const first = await kiosk.call('uploadFilingFile', pageOf(page));
      expect(kiosk.lastStatus()).toBe(201);
      expect(first).toEqual({ sha256: sha256(page), size: page.length, contentType: 'image/jpeg' });
      await kiosk.call('uploadFilingFile', { ...pageOf(page), params: { sha256: sha256(page).toUpperCase() } });
      expect(kiosk.lastStatus()).toBe(200);
      expect(storedFiles(hall.dataDir)).toHaveLength(1);
      expect(rows(hall, 'filing_files')).toBe(1);
    });

    it('refuses bytes whose SHA-256 is not the path with 400 FILE_HASH_MISMATCH and stores nothing', async () => {
      const page = scannedPage(8);
      await expect(kiosk.call('uploadFilingFile', { ...pageOf(page), params: { sha256: sha256(scannedPage(9)) } })).rejects.toMatchObject({
        status: 400,
        code: 'FILE_HASH_MISMATCH',
      });
      expect(storedFiles(hall.dataDir)).toHaveLength(0);
    });

    it('refuses bytes that are not what their type says, and types it does not take, with 415 FILE_TYPE_NOT_ALLOWED', async () => {
      const notJpeg = Buffer.from('%PDF-1.7 not a jpeg at all');
      await expect(kiosk.call('uploadFilingFile', pageOf(notJpeg))).rejects.toMatchObject({ status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
      expect(await statusOf(kiosk, kiosk.call('uploadFilingFile', pageOf(notJpeg, 'application/pdf')))).toBe(201);
      const gif = Buffer.from('GIF89a......');
      await expect(kiosk.call('uploadFilingFile', pageOf(gif, 'image/gif'))).rejects.toMatchObject({ status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
      expect(rows(hall, 'filing_files')).toBe(1);
    });

    it('refuses a page over filingLimits.maxFileBytes with 413 FILE_TOO_LARGE, by its declared length', async () => {
      const big = scannedPage(10, 5 * 1024 * 1024 + 1);
      await expect(kiosk.call('uploadFilingFile', pageOf(big))).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
      expect(rows(hall, 'filing_files')).toBe(0);
    });

    it('refuses a page that comes without a length and grows past the limit, keeping nothing of it', async () => {
      const config = demoConfig();
      await hall.restart({ config: { ...config, filingLimits: { ...config.filingLimits, maxFileBytes: 64 * 1024 } } });
      const page = scannedPage(12, 200 * 1024);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < page.length; at += 16 * 1024) controller.enqueue(page.subarray(at, at + 16 * 1024));
          controller.close();
        },
      });
      const res = await fetch(`${hall.url}/api/v1/filing-files/${sha256(page)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${hall.token('kiosk')}`, 'content-type': 'image/jpeg' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
      expect(storedFiles(hall.dataDir)).toHaveLength(0);
      expect(rows(hall, 'filing_files')).toBe(0);
      const small = scannedPage(13, 60 * 1024);
      const another = hall.client(hall.token('kiosk'));
      expect(await statusOf(another, another.call('uploadFilingFile', pageOf(small)))).toBe(201);
    });

    it('keeps pages encrypted on disk: no stored file holds the plaintext, or any 64-byte run of it', async () => {
      const page = scannedPage(11, 20_000);
      await upload(kiosk, [page]);
      const [stored] = storedFiles(hall.dataDir);
      expect(stored!.length).toBe(page.length + 4 + 12 + 16);
      for (let at = 0; at + 64 <= page.length; at += 997) expect(stored!.includes(page.subarray(at, at + 64))).toBe(false);
      expect(readdirSync(join(hall.dataDir, 'files')).flatMap((b) => readdirSync(join(hall.dataDir, 'files', b)))).not.toContain(sha256(page));
    });
  });

  describe('submitting', () => {
    it('takes a filing with its pages and gives a tracking code, a due date in working days and the masked view', async () => {
      const filed = await filePassport(kiosk);
      expect(kiosk.lastStatus()).toBe(201);
      expect(parseTrackingCode(filed.trackingCode)).toBe(filed.trackingCode);
      expect(filed).toMatchObject({
        serviceCode: PASSPORT,
        status: 'submitted',
        applicant: { kind: 'citizen', masked: '330***********001X', nameMasked: '张**' },
        offline: false,
        history: [{ status: 'submitted' }],
      });
      expect(filed.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(filed.materials).toEqual([
        { materialId: 'id-card', name: '居民身份证', reused: false, pageCount: 2, pages: [] },
        { materialId: 'photo-receipt', name: '出入境证件数码相片回执', reused: false, pageCount: 1, pages: [] },
      ]);
      const text = JSON.stringify(filed);
      expect(text).not.toContain(ZHANG.idNumber);
      expect(text).not.toContain(ZHANG.name);
      expect(filed.form).toBeUndefined();
    });

    it('shows a kiosk, a manager and an integration the masked filing, and a counter the whole case', async () => {
      const filed = await filePassport(kiosk);
      const code = filed.trackingCode;
      for (const client of [kiosk, counter3, hall.client(hall.token('integration'))]) {
        const masked = await client.call('getFiling', filing(code));
        expect(masked.form).toBeUndefined();
        expect(masked.applicant.number).toBeUndefined();
        expect(JSON.stringify(masked)).not.toContain(ZHANG.idNumber);
      }
      expect((await manager.call('getFiling', filing(code))).form).toEqual(passportForm());
      await atWindow3(ZHANG, code);
      const full = await counter3.call('getFiling', filing(code.toLowerCase().replace(/-/g, ' ')));
      expect(full.applicant).toEqual({ kind: 'citizen', masked: '330***********001X', nameMasked: '张**', number: ZHANG.idNumber, name: ZHANG.name });
      expect(full.form).toEqual(passportForm());
      expect(full.fields!.map((f) => f.key)).toContain('emergencyPhone');
      expect(full.materials[0]!.pages).toEqual([
        { sha256: sha256(scannedPage(1)), contentType: 'image/jpeg', size: 4096 },
        { sha256: sha256(scannedPage(1001)), contentType: 'image/jpeg', size: 4096 },
      ]);
      const page = await counter3.call('getFilingFile', { params: { sha256: sha256(scannedPage(1)) } });
      expect(page.contentType).toBe('image/jpeg');
      expect(Buffer.from(page.bytes).equals(scannedPage(1))).toBe(true);
    });

    it('serves no upload that is not a page of a filing', async () => {
      const [ref] = await upload(kiosk, [scannedPage(42)]);
      const stray = { params: { sha256: ref!.sha256 } };
      await expect(manager.call('getFilingFile', stray)).rejects.toMatchObject({ status: 404 });
      await expect(counter3.call('getFilingFile', stray)).rejects.toMatchObject({ status: 403 });
    });

    it('refuses a tracking code with a bad check symbol with 400 BAD_TRACKING_CODE, before looking anything up', async () => {
      const code = newTrackingCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7])).replace(/-/g, '');
      const bad = code.slice(0, 11) + (code[11] === '0' ? '1' : '0');
      const lookUp = vi.spyOn(hall.app.filings.store, 'byCode');
      await expect(kiosk.call('getFiling', filing(bad))).rejects.toMatchObject({ status: 400, code: 'BAD_TRACKING_CODE' });
      expect(lookUp).not.toHaveBeenCalled();
      await expect(kiosk.call('getFiling', filing(code))).rejects.toMatchObject({ status: 404, code: 'FILING_NOT_FOUND' });
    });

    it('refuses an invalid form with 400 FORM_INVALID naming each field, and stores nothing of it', async () => {
      const card = await upload(kiosk, [scannedPage(1)]);
      const photo = await upload(kiosk, [scannedPage(2)]);
      const res = await refusal(
        kiosk.call('submitFiling', {
          body: {
            serviceCode: PASSPORT,
            applicant: ZHANG,
            form: { ...passportForm(), phone: '12345', birthDate: '1985-02-30', purpose: 'smuggling', favouriteColour: 'red' },
            materials: [
              { materialId: 'id-card', pages: card },
              { materialId: 'photo-receipt', pages: photo },
            ],
            keepForReuse: true,
          },
        }),
      );
      expect(res).toMatchObject({ status: 400, code: 'FORM_INVALID' });
      const fields = res.details!.fields as { key: string; code: string; message: Record<string, string> }[];
      expect(fields.map((f) => [f.key, f.code])).toEqual([
        ['birthDate', 'BAD_DATE'],
        ['purpose', 'NOT_AN_OPTION'],
        ['phone', 'BAD_PHONE'],
        ['favouriteColour', 'UNKNOWN_FIELD'],
      ]);
      expect(fields[2]!.message['zh-CN']).toContain('联系电话');
      expect(rows(hall, 'filings')).toBe(0);
      expect(rows(hall, 'filing_history')).toBe(0);
      expect(rows(hall, 'my_materials')).toBe(0);
      expect(hall.app.store.db.prepare('SELECT count(*) FROM filing_files WHERE referenced = 1').pluck().get()).toBe(0);
    });

    it('refuses a missing required material, an unknown one, a page never uploaded and a type the material does not take', async () => {
      const card = await upload(kiosk, [scannedPage(1)]);
      const photo = await upload(kiosk, [scannedPage(2)]);
      const withMaterials = (materials: BodyIn<Contract['submitFiling']>['materials']) =>
        kiosk.call('submitFiling', { body: { serviceCode: PASSPORT, applicant: ZHANG, form: passportForm(), materials } });
      const missing = await refusal(withMaterials([{ materialId: 'id-card', pages: card }]));
      expect([missing.status, missing.code, missing.details]).toEqual([400, 'MATERIAL_MISSING', { materialIds: ['photo-receipt'] }]);
      const unknown = withMaterials([
        { materialId: 'id-card', pages: card },
        { materialId: 'photo-receipt', pages: photo },
        { materialId: 'selfie', pages: photo },
      ]);
      await expect(unknown).rejects.toMatchObject({ status: 400, code: 'UNKNOWN_MATERIAL' });
      const never = withMaterials([
        { materialId: 'id-card', pages: card },
        { materialId: 'photo-receipt', pages: [{ sha256: sha256(scannedPage(99)), contentType: 'image/jpeg' }] },
      ]);
      await expect(never).rejects.toMatchObject({ status: 400, code: 'FILE_NOT_UPLOADED' });
      const pdf = Buffer.from('%PDF-1.4 a scanned card');
      await kiosk.call('uploadFilingFile', pageOf(pdf, 'application/pdf'));
      const wrongType = withMaterials([
        { materialId: 'id-card', pages: [{ sha256: sha256(pdf), contentType: 'application/pdf' }] },
        { materialId: 'photo-receipt', pages: photo },
      ]);
      await expect(wrongType).rejects.toMatchObject({ status: 400, code: 'FILE_TYPE_NOT_ALLOWED' });
      const tooMany = withMaterials([
        { materialId: 'id-card', pages: [...card, ...card, ...card] },
        { materialId: 'photo-receipt', pages: photo },
      ]);
      await expect(tooMany).rejects.toMatchObject({ status: 400, code: 'TOO_MANY_PAGES' });
      expect(rows(hall, 'filings')).toBe(0);
    });

    it('refuses an item not offered for filing with 409 FILING_NOT_OFFERED, and an unknown one with 404', async () => {
      const notOffered = kiosk.call('submitFiling', { body: { serviceCode: '330106-HJ-002', applicant: ZHANG, form: {}, materials: [] } });
      await expect(notOffered).rejects.toMatchObject({ status: 409, code: 'FILING_NOT_OFFERED' });
      const unknown = kiosk.call('submitFiling', { body: { serviceCode: 'NOPE-1', applicant: ZHANG, form: {}, materials: [] } });
      await expect(unknown).rejects.toMatchObject({ status: 404, code: 'SERVICE_NOT_FOUND' });
    });

    it('takes a company item only from a company, and a citizen item only from a person', async () => {
      const licence = await upload(kiosk, [scannedPage(20)]);
      const agentCard = await upload(kiosk, [scannedPage(21)]);
      const form = await upload(kiosk, [scannedPage(22)]);
      const body = {
        serviceCode: SOCIAL_INSURANCE,
        form: {
          uscc: COMPANY.idNumber,
          companyName: COMPANY.name,
          legalRepresentative: '王五',
          address: '杭州市西湖区西溪路 556 号',
          employees: '12',
          contactName: ZHANG.name,
          contactPhone: '13900139000',
        },
        materials: [
          { materialId: 'business-licence', pages: licence },
          { materialId: 'agent-id-card', pages: agentCard },
          { materialId: 'registration-form', pages: form },
        ],
      };
      await expect(kiosk.call('submitFiling', { body: { ...body, applicant: ZHANG } })).rejects.toMatchObject({ status: 400, code: 'APPLICANT_NOT_ALLOWED' });
      const asCompany = await kiosk.call('submitFiling', { body: { ...body, applicant: COMPANY } });
      expect(kiosk.lastStatus()).toBe(201);
      expect(asCompany.applicant).toEqual({ kind: 'company', masked: '913***********1C29', nameMasked: '杭*********' });
      await expect(filePassport(kiosk, COMPANY)).rejects.toMatchObject({ status: 400, code: 'APPLICANT_NOT_ALLOWED' });
    });

    it('gives no due date to an item done on the spot', async () => {
      const card = await upload(kiosk, [scannedPage(30)]);
      const form = await upload(kiosk, [scannedPage(31)]);
      const filed = await kiosk.call('submitFiling', {
        body: {
          serviceCode: MEDICAL_FILING,
          applicant: LI,
          form: { name: LI.name, idNumber: LI.idNumber, kind: 'temporary', destination: '上海市', startDate: '2026-03-01', phone: '13700137000' },
          materials: [
            { materialId: 'id-card', pages: card },
            { materialId: 'registration-form', pages: form },
          ],
        },
      });
      expect(kiosk.lastStatus()).toBe(201);
      expect(filed.dueDate).toBeUndefined();
    });

    it('answers a retry with the same Idempotency-Key with the same filing, and files nothing twice', async () => {
      const token = hall.token('kiosk');
      const raw = hall.api(token);
      const headers = { 'idempotency-key': 'filing-retry-1' };
      const card = await upload(hall.client(token), [scannedPage(1)]);
      const photo = await upload(hall.client(token), [scannedPage(2)]);
      const body = {
        serviceCode: PASSPORT,
        applicant: ZHANG,
        form: passportForm(),
        materials: [
          { materialId: 'id-card', pages: card },
          { materialId: 'photo-receipt', pages: photo },
        ],
      };
      const first = await raw.post('/api/v1/filings', body, headers);
      const retry = await raw.post('/api/v1/filings', body, headers);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replay')).toBe('true');
      expect(retry.body.trackingCode).toBe(first.body.trackingCode);
      expect(rows(hall, 'filings')).toBe(1);
    });

    it('takes a kiosk’s offline filing with the code it chose and its time, and takes it again as the same filing', async () => {
      const code = newTrackingCode(new Uint8Array([9, 9, 9, 9, 9, 9, 9]));
      const submittedAt = new Date(Date.now() - 2 * HOUR).toISOString();
      const first = await filePassport(kiosk, ZHANG, 1, { trackingCode: code.toLowerCase(), submittedAt, terminal: 'kiosk-2' });
      expect(kiosk.lastStatus()).toBe(201);
      expect(first).toMatchObject({ trackingCode: code, offline: true, submittedAt });
      const resent = await filePassport(kiosk, ZHANG, 1, { trackingCode: code, submittedAt });
      expect(kiosk.lastStatus()).toBe(200);
      expect(resent.id).toBe(first.id);
      await expect(filePassport(kiosk, LI, 50, { trackingCode: code, submittedAt })).rejects.toMatchObject({ status: 409, code: 'TRACKING_CODE_TAKEN' });
      const bad = filePassport(kiosk, ZHANG, 1, { trackingCode: code.slice(0, -1) + (code.endsWith('0') ? '1' : '0') });
      await expect(bad).rejects.toMatchObject({ status: 400, code: 'BAD_TRACKING_CODE' });
      expect(rows(hall, 'filings')).toBe(1);
    });

    it('finds a person’s filings by their number, newest first, masked', async () => {
      const older = await filePassport(kiosk, ZHANG, 1);
      await filePassport(kiosk, LI, 100);
      const newer = await filePassport(kiosk, ZHANG, 200);
      await atWindow3(ZHANG);
      const { filings } = await counter3.call('findFilings', { body: { idNumber: ZHANG.idNumber.toLowerCase() } });
      expect(filings.map((f) => f.trackingCode)).toEqual([newer.trackingCode, older.trackingCode]);
      expect(Object.keys(filings[0]!).sort()).toEqual(['dueDate', 'serviceCode', 'serviceName', 'status', 'submittedAt', 'trackingCode']);
      await expect(kiosk.call('findFilings', { body: { idNumber: '330106198503120011' } })).rejects.toMatchObject({ status: 400, code: 'INVALID_ID_NUMBER' });
    });
  });

  describe('status', () => {
    it('goes submitted → accepted → in review → done, each change kept with its time, window and clerk', async () => {
      hall.app.staff.upsert({ staffNo: '3007', name: '周敏' }, '2468');
      await counter3.call('signIn', { params: { windowNo: 3 }, body: { staffNo: '3007', pin: '2468' } });
      const { trackingCode } = await filePassport(kiosk);
      for (const status of ['accepted', 'in-review', 'done'] as const) {
        const changed = await counter3.call('updateFilingStatus', { ...filing(trackingCode), body: { status } });
        expect(changed.status).toBe(status);
      }
      const seen = await manager.call('getFiling', filing(trackingCode));
      expect(seen.history.map((h) => h.status)).toEqual(['submitted', 'accepted', 'in-review', 'done']);
      expect(seen.history[1]!.by).toEqual({ role: 'counter', name: 'counter3', windowNo: 3, staffNo: '3007' });
      const atKiosk = await kiosk.call('getFiling', filing(trackingCode));
      expect(atKiosk.history[1]!.by).toBeUndefined();
    });

    it('returns a filing only with a reason, shown to the visitor', async () => {
      const { trackingCode } = await filePassport(kiosk);
      await expect(counter3.call('updateFilingStatus', { ...filing(trackingCode), body: { status: 'returned' } })).rejects.toMatchObject({
        status: 400,
        code: 'REASON_REQUIRED',
      });
      const returned = manager.call('updateFilingStatus', { ...filing(trackingCode), body: { status: 'returned', reason: '相片回执已过期，请重新拍摄' } });
      await expect(returned).resolves.toBeDefined();
      const atKiosk = await kiosk.call('getFiling', filing(trackingCode));
      expect(atKiosk).toMatchObject({ status: 'returned', returnReason: '相片回执已过期，请重新拍摄' });
      const phone = await fetch(`${hall.url}/track/filing/${trackingCode}`);
      expect(await phone.text()).toContain('相片回执已过期');
    });

    it('refuses a step the lifecycle does not have with 409 FILING_TRANSITION_NOT_ALLOWED', async () => {
      const { trackingCode } = await filePassport(kiosk);
      const skip = await refusal(counter3.call('updateFilingStatus', { ...filing(trackingCode), body: { status: 'done' } }));
      expect([skip.status, skip.code]).toEqual([409, 'FILING_TRANSITION_NOT_ALLOWED']);
      expect(skip.details).toEqual({ status: 'submitted', allowed: ['accepted', 'returned'] });
      await counter3.call('updateFilingStatus', { ...filing(trackingCode), body: { status: 'accepted' } });
      await expect(counter3.call('updateFilingStatus', { ...filing(trackingCode), body: { status: 'accepted' } })).rejects.toMatchObject({ status: 409 });
      expect(rows(hall, 'filing_history')).toBe(2);
    });
  });

  describe('我的材料', () => {
    async function keptFor(client: TestClient, idNumber: string) {
      return (await client.call('findMyMaterials', { body: { idNumber } })).materials;
    }

    it('keeps reusable materials only when the visitor agreed, and finds them by identity without images', async () => {
      await filePassport(kiosk, ZHANG, 1);
      expect(await keptFor(kiosk, ZHANG.idNumber)).toEqual([]);
      await filePassport(kiosk, ZHANG, 2, { keepForReuse: true });
      const kept = await keptFor(kiosk, ZHANG.idNumber);
      expect(kept).toEqual([
        { id: expect.any(String), materialId: 'id-card', name: '居民身份证', pages: 2, submittedAt: expect.any(String), expiresAt: expect.any(String) },
      ]);
      expect(Date.parse(kept[0]!.expiresAt) - Date.parse(kept[0]!.submittedAt)).toBe(180 * 24 * HOUR);
      expect(await keptFor(kiosk, LI.idNumber)).toEqual([]);
    });

    it('reuses a kept material only with consent and only for the same person', async () => {
      await filePassport(kiosk, ZHANG, 2, { keepForReuse: true });
      const [kept] = await keptFor(kiosk, ZHANG.idNumber);
      const photo = await upload(kiosk, [scannedPage(300)]);
      const reuse = (person: typeof ZHANG, reuseConsent?: boolean) =>
        kiosk.call('submitFiling', {
          body: {
            serviceCode: PASSPORT,
            applicant: person,
            form: passportForm(person),
            materials: [
              { materialId: 'id-card', reuse: kept!.id },
              { materialId: 'photo-receipt', pages: photo },
            ],
            reuseConsent,
          },
        });
      await expect(reuse(ZHANG)).rejects.toMatchObject({ status: 400, code: 'REUSE_CONSENT_REQUIRED' });
      await expect(reuse(LI, true)).rejects.toMatchObject({ status: 403, code: 'REUSE_NOT_ALLOWED' });
      const own = await reuse(ZHANG, true);
      expect(kiosk.lastStatus()).toBe(201);
      expect(own.materials[0]).toEqual({ materialId: 'id-card', name: '居民身份证', reused: true, pageCount: 2, pages: [] });
      const full = await manager.call('getFiling', filing(own.trackingCode));
      expect(full.materials[0]!.pages.map((p) => p.sha256)).toEqual([sha256(scannedPage(2)), sha256(scannedPage(1002))]);
    });

    it('refuses a kept material once it has expired', async () => {
      let now = Date.parse('2026-03-02T02:00:00Z');
      await hall.restart({ clock: () => now });
      const kiosk = hall.client(hall.token('kiosk'));
      await filePassport(kiosk, ZHANG, 2, { keepForReuse: true });
      const [kept] = await keptFor(kiosk, ZHANG.idNumber);
      now += 181 * 24 * HOUR;
      expect(await keptFor(kiosk, ZHANG.idNumber)).toEqual([]);
      const photo = await upload(kiosk, [scannedPage(300)]);
      const expired = kiosk.call('submitFiling', {
        body: {
          serviceCode: PASSPORT,
          applicant: ZHANG,
          form: passportForm(),
          materials: [
            { materialId: 'id-card', reuse: kept!.id },
            { materialId: 'photo-receipt', pages: photo },
          ],
          reuseConsent: true,
        },
      });
      await expect(expired).rejects.toMatchObject({ status: 403, code: 'REUSE_NOT_ALLOWED' });
      expect((await hall.app.filings.purge()).myMaterials).toBe(1);
      expect(rows(hall, 'my_materials')).toBe(0);
    });
  });

  describe('tickets (预登记)', () => {
    it('links a filing to a ticket, shows its code on the ticket, and gives the case to the window that calls it', async () => {
      const { trackingCode } = await filePassport(kiosk);
      const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT, idNumber: ZHANG.idNumber } });
      const link = { ...filing(trackingCode), body: { ticketId: ticket.id } };
      const linked = await kiosk.call('linkFilingTicket', link);
      expect(linked).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number });
      await expect(kiosk.call('linkFilingTicket', link)).resolves.toBeDefined();
      expect((await kiosk.call('getTicket', { params: { ticketId: ticket.id } })).filingCode).toBe(trackingCode);

      await expect(counter3.call('getTicketFiling', { params: { ticketId: ticket.id } })).rejects.toMatchObject({ status: 403, code: 'WRONG_WINDOW' });
      await signIn3();
      const called = await counter3.call('callNext', { params: { windowNo: 3 } });
      expect(called).toMatchObject({ id: ticket.id, filingCode: trackingCode });
      const atWindow = await counter3.call('getTicketFiling', { params: { ticketId: ticket.id } });
      expect(atWindow).toMatchObject({ trackingCode, form: passportForm(), applicant: { number: ZHANG.idNumber } });
    });

    it('links a filing at submission, and refuses a second ticket or a second filing for a ticket', async () => {
      const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT } });
      const other = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT } });
      const filed = await filePassport(kiosk, ZHANG, 1, { ticketId: ticket.id });
      expect(filed.ticketNumber).toBe(ticket.number);
      const moved = kiosk.call('linkFilingTicket', { ...filing(filed.trackingCode), body: { ticketId: other.id } });
      await expect(moved).rejects.toMatchObject({ status: 409, code: 'FILING_ALREADY_LINKED' });
      const second = await filePassport(kiosk, LI, 60);
      const taken = kiosk.call('linkFilingTicket', { ...filing(second.trackingCode), body: { ticketId: ticket.id } });
      await expect(taken).rejects.toMatchObject({ status: 409, code: 'TICKET_HAS_FILING' });
      const unknown = kiosk.call('linkFilingTicket', { ...filing(second.trackingCode), body: { ticketId: 'no-such-ticket' } });
      await expect(unknown).rejects.toMatchObject({ status: 404 });
    });

    it('gives the window that calls a ticket its filing code in the answer, managers in the broadcast, and no other window', async () => {
      const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT } });
      const { trackingCode } = await filePassport(kiosk, ZHANG, 1, { ticketId: ticket.id });
      const desks = await hall.connect('/counter', hall.token('counter', 4));
      const wall = await hall.connect('/manager', hall.token('manager'));
      const called = await counter3.call('callNext', { params: { windowNo: 3 } });
      expect(called!.filingCode).toBe(trackingCode);
      expect((await received(wall, 'ticket:updated', (t) => t.id === ticket.id && t.change === 'called')).filingCode).toBe(trackingCode);
      expect((await received(desks, 'ticket:updated', (t) => t.id === ticket.id && t.change === 'called')).filingCode).toBeUndefined();
    });

    it('answers 404 NO_FILING for a called ticket without a filing', async () => {
      const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT } });
      await signIn3();
      await counter3.call('callNext', { params: { windowNo: 3 } });
      await expect(counter3.call('getTicketFiling', { params: { ticketId: ticket.id } })).rejects.toMatchObject({ status: 404, code: 'NO_FILING' });
    });

    it('carries the filing to the window a ticket is transferred to', async () => {
      const ticket = await kiosk.call('issueTicket', { body: { serviceCode: PASSPORT } });
      const { trackingCode } = await filePassport(kiosk, ZHANG, 1, { ticketId: ticket.id });
      await counter3.call('callNext', { params: { windowNo: 3 } });
      const moved = await counter3.call('transferTicket', { params: { ticketId: ticket.id }, body: { toServiceCode: '330106-CRJ-002' } });
      expect((await manager.call('getTicket', { params: { ticketId: moved.id } })).filingCode).toBe(trackingCode);
    });
  });

  describe('durability', () => {
    it('keeps filings, history, kept materials and pages across a restart', async () => {
      const dataDir = tempDir();
      await hall.restart({ dataDir });
      const kiosk = hall.client(hall.token('kiosk'));
      const filed = await filePassport(kiosk, ZHANG, 5, { keepForReuse: true });
      await hall.client(hall.token('counter', 3)).call('updateFilingStatus', { ...filing(filed.trackingCode), body: { status: 'accepted' } });

      await hall.restart({ dataDir });
      const counter = hall.client(hall.token('manager'));
      const after = await counter.call('getFiling', filing(filed.trackingCode));
      expect(after).toMatchObject({ status: 'accepted', form: passportForm(), applicant: { number: ZHANG.idNumber } });
      const page = await counter.call('getFilingFile', { params: { sha256: sha256(scannedPage(5)) } });
      expect(Buffer.from(page.bytes).equals(scannedPage(5))).toBe(true);
      expect((await hall.client(hall.token('kiosk')).call('findMyMaterials', { body: { idNumber: ZHANG.idNumber } })).materials).toHaveLength(1);
    });

    it('replays an Idempotency-Key from the store after a restart, when the memory of it is gone', async () => {
      const dataDir = tempDir();
      await hall.restart({ dataDir });
      const token = hall.token('kiosk');
      await filePassport(hall.client(token), ZHANG, 1);
      const body = {
        serviceCode: PASSPORT,
        applicant: LI,
        form: passportForm(LI),
        materials: [
          { materialId: 'id-card', pages: await upload(hall.client(token), [scannedPage(70)]) },
          { materialId: 'photo-receipt', pages: await upload(hall.client(token), [scannedPage(71)]) },
        ],
      };
      const made = await hall.api(token).post('/api/v1/filings', body, { 'idempotency-key': 'k-77' });
      await hall.restart({ dataDir });
      const again = await hall.api(token).post('/api/v1/filings', body, { 'idempotency-key': 'k-77' });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replay')).toBe('true');
      expect(again.body.trackingCode).toBe(made.body.trackingCode);
      expect(rows(hall, 'filings')).toBe(2);
    });

    it('purges an upload no filing took up after 24 hours, and never a page of a filing', async () => {
      let now = Date.parse('2026-03-02T02:00:00Z');
      await hall.restart({ clock: () => now });
      const kiosk = hall.client(hall.token('kiosk'));
      await filePassport(kiosk, ZHANG, 1);
      const [stray] = await upload(kiosk, [scannedPage(500)]);
      now += 23 * HOUR;
      expect((await hall.app.filings.purge()).files).toBe(0);
      now += 2 * HOUR;
      expect((await hall.app.filings.purge()).files).toBe(1);
      expect(hall.app.filings.store.file(stray!.sha256)).toBeUndefined();
      expect(storedFiles(hall.dataDir)).toHaveLength(3);
      const counter = hall.client(hall.token('manager'));
      await expect(counter.call('getFilingFile', { params: { sha256: sha256(scannedPage(1)) } })).resolves.toBeDefined();
    });

    it('sweeps a file a crash left without its row, once it is a day old', async () => {
      const [ref] = await upload(kiosk, [scannedPage(700)]);
      hall.app.store.db.prepare('DELETE FROM filing_files WHERE sha256 = ?').run(ref!.sha256);
      expect((await hall.app.filings.purge()).files).toBe(0);
      const root = join(hall.dataDir, 'files');
      const [bucket] = readdirSync(root).filter((b) => readdirSync(join(root, b)).length > 0);
      const [name] = readdirSync(join(root, bucket!));
      const dayAndAHalfAgo = new Date(Date.now() - 36 * HOUR);
      utimesSync(join(root, bucket!, name!), dayAndAHalfAgo, dayAndAHalfAgo);
      expect((await hall.app.filings.purge()).files).toBe(1);
      expect(storedFiles(hall.dataDir)).toHaveLength(0);
    });

    it('renews an upload’s 24 hours when the same page comes again', async () => {
      let now = Date.parse('2026-03-02T02:00:00Z');
      await hall.restart({ clock: () => now });
      const kiosk = hall.client(hall.token('kiosk'));
      const page = scannedPage(600);
      await upload(kiosk, [page]);
      now += 20 * HOUR;
      await upload(kiosk, [page]);
      now += 20 * HOUR;
      expect((await hall.app.filings.purge()).files).toBe(0);
      expect(hall.app.filings.store.file(sha256(page))).toBeDefined();
      now += 5 * HOUR;
      expect((await hall.app.filings.purge()).files).toBe(1);
      expect(storedFiles(hall.dataDir)).toHaveLength(0);
    });
  });

  describe('outside the item’s hours', () => {
    it('refuses a filing with 409 FILING_CLOSED, and still takes one a kiosk made offline', async () => {
      const config = demoConfig();
      const limited = {
        ...config,
        services: config.services.map((s) =>
          s.code === PASSPORT ? { ...s, issuingHours: { days: [1, 2, 3, 4, 5], ranges: [{ from: '09:00', to: '17:00' }] } } : s,
        ),
      };
      // Sunday 8 March 2026, 10:00 in Hangzhou.
      await hall.restart({ config: limited, clock: () => Date.parse('2026-03-08T02:00:00Z') });
      const kiosk = hall.client(hall.token('kiosk'));
      const listed = await kiosk.call('listFilingServices');
      expect(listed.services.find((s) => s.serviceCode === PASSPORT)!.open).toBe(false);
      await expect(filePassport(kiosk)).rejects.toMatchObject({ status: 409, code: 'FILING_CLOSED' });
      const offline = await filePassport(kiosk, ZHANG, 1, { trackingCode: newTrackingCode(new Uint8Array(7)), submittedAt: '2026-03-06T03:00:00Z' });
      expect(kiosk.lastStatus()).toBe(201);
      // Filed on Friday 6 March with 5 working days promised: due Friday 13 March.
      expect(offline.dueDate).toBe('2026-03-13');
    });
  });
});

describe('filing logs', () => {
  it('never carry ID numbers, names or form values', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const hall = await startHall({ logger: createLogger({ level: 'debug', destination: sink }) });
    try {
      const kiosk = hall.client(hall.token('kiosk'));
      const filed = await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
      const counter = hall.client(hall.token('counter', 3));
      await counter.call('updateFilingStatus', { params: { trackingCode: filed.trackingCode }, body: { status: 'returned', reason: '材料不全' } });
      await refusal(kiosk.call('submitFiling', { body: { serviceCode: PASSPORT, applicant: ZHANG, form: { ...passportForm(), phone: 'x' }, materials: [] } }));
      const text = lines.join('');
      expect(text).toContain(filed.trackingCode);
      for (const secret of [ZHANG.idNumber, ZHANG.name, '13800138000', '文三路', '0571-87654321', '张翠山']) expect(text).not.toContain(secret);
    } finally {
      await hall.close();
    }
  });
});
