import { beforeEach, describe, expect, it } from 'vitest';
import { filePassport, LI, scannedPage, sha256, ZHANG } from './filing-fixtures.ts';
import type { TestClient } from './harness.ts';
import { hallPerTest, perTest, tempDirsPerTest } from './per-test.ts';

const DAY = 86_400_000;
/** A Monday, 10:00 in the hall's time zone: filing is open. */
const MONDAY = Date.parse('2026-03-02T02:00:00Z');

describe('withdrawing consent to 我的材料', () => {
  const hall = hallPerTest({ clock: () => MONDAY });
  const kiosk = perTest(() => hall.client(hall.token('kiosk')));
  const keptFor = async (idNumber: string) => (await kiosk.call('findMyMaterials', { body: { idNumber } })).materials;
  const withdraw = (client: TestClient, idNumber: string) => client.call('withdrawMaterialsConsent', { body: { idNumber } });

  it('at a kiosk holding the card deletes every kept material of that person and answers how many, naming nobody', async () => {
    await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
    await filePassport(kiosk, LI, 5, { keepForReuse: true });
    expect(await keptFor(ZHANG.idNumber)).toHaveLength(1);

    expect(await withdraw(kiosk, ZHANG.idNumber)).toEqual({ deleted: 1 });
    expect(await keptFor(ZHANG.idNumber)).toEqual([]);
    expect(await keptFor(LI.idNumber)).toHaveLength(1);

    const [entry] = hall.app.audit.list('2026-03-02', '2026-03-02').filter((e) => e.operation === 'withdrawMaterialsConsent');
    expect(entry).toMatchObject({ actor: { role: 'kiosk' }, target: 'my-materials', after: { deleted: 1 } });
    const written = JSON.stringify(entry);
    for (const personal of [ZHANG.idNumber, ZHANG.name, ZHANG.idNumber.slice(-6)]) expect(written).not.toContain(personal);
  });

  it('at the counter handling the person does the same, and a second withdrawal finds nothing left to delete', async () => {
    await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
    const counter = hall.client(hall.token('counter', 3));
    // Only for the visitor at that window, with a clerk signed in: another number is refused.
    await hall.app.staff.upsert({ staffNo: '3007', name: '周敏' }, '2468');
    await counter.call('signIn', { params: { windowNo: 3 }, body: { staffNo: '3007', pin: '2468' } });
    await expect(withdraw(counter, ZHANG.idNumber)).rejects.toMatchObject({ status: 403, code: 'NOT_YOUR_VISITOR' });
    await kiosk.call('issueTicket', { body: { serviceCode: '330106-CRJ-001', idNumber: ZHANG.idNumber } });
    await counter.call('callNext', { params: { windowNo: 3 } });
    expect(await withdraw(counter, ZHANG.idNumber)).toEqual({ deleted: 1 });
    expect(await withdraw(counter, ZHANG.idNumber)).toEqual({ deleted: 0 });
  });

  it('is refused to displays, and an invalid number is refused before anything is deleted', async () => {
    await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
    const display = hall.client(hall.token('display'));
    await expect(withdraw(display, ZHANG.idNumber)).rejects.toMatchObject({ status: 403 });
    await expect(withdraw(kiosk, '110101199003078815')).rejects.toMatchObject({ status: 400 });
    expect(await keptFor(ZHANG.idNumber)).toHaveLength(1);
  });

  it('keeps the filing itself and its pages: only the kept copies for reuse go', async () => {
    const filed = await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
    await withdraw(kiosk, ZHANG.idNumber);
    const counter = hall.client(hall.token('counter', 3));
    await expect(counter.call('getFiling', { params: { trackingCode: filed.trackingCode } })).resolves.toBeDefined();
    await expect(hall.client(hall.token('manager')).call('getFilingFile', { params: { sha256: sha256(scannedPage(1)) } })).resolves.toBeDefined();
  });
});

describe('retention of filings', () => {
  const tempDir = tempDirsPerTest();
  let now = MONDAY;
  beforeEach(() => {
    now = MONDAY;
  });
  const hall = hallPerTest({ clock: () => now });

  it('purges filings past filingRetentionDays with their history, kept materials and pages, and records the purge', async () => {
    const kiosk = hall.client(hall.token('kiosk'));
    const old = await filePassport(kiosk, ZHANG, 1, { keepForReuse: true });
    // 1096 days on, a Monday again at 10:00 (1096 = 156 weeks + 4 days; go to the next Monday).
    now = MONDAY + 1099 * DAY;
    const recent = await filePassport(kiosk, LI, 7);
    expect(kiosk.lastStatus()).toBe(201);

    const outcome = await hall.app.retention.run();
    expect(outcome).toMatchObject({ ran: true, filings: { filings: 1, myMaterials: 1, pages: 3 } });
    const counter = hall.client(hall.token('counter', 3));
    await expect(counter.call('getFiling', { params: { trackingCode: old.trackingCode } })).rejects.toMatchObject({ status: 404 });
    await expect(counter.call('getFiling', { params: { trackingCode: recent.trackingCode } })).resolves.toBeDefined();
    for (const seed of [1, 1001, 2001]) {
      expect(hall.app.filings.store.file(sha256(scannedPage(seed)))).toBeUndefined();
      expect(await hall.app.filings.files.has(sha256(scannedPage(seed)))).toBe(false);
    }
    expect(await hall.app.filings.files.has(sha256(scannedPage(7)))).toBe(true);
    const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
    const [entry] = hall.app.audit.list('2026-01-01', day).filter((e) => e.operation === 'purgeFilings');
    expect(entry).toMatchObject({
      actor: { role: 'system', name: 'retention' },
      target: 'filings',
      after: { filings: 1, myMaterials: 1, pages: 3, retentionDays: 1095 },
    });
  });

  it('keeps a page that a newer filing also holds', async () => {
    const kiosk = hall.client(hall.token('kiosk'));
    await filePassport(kiosk, ZHANG, 1);
    now = MONDAY + 1099 * DAY;
    // The same scans of the card, filed again: content-addressed, one stored page for both filings.
    await filePassport(kiosk, ZHANG, 1);
    const outcome = await hall.app.retention.run();
    expect(outcome).toMatchObject({ ran: true, filings: { filings: 1, pages: 0 } });
    expect(await hall.app.filings.files.has(sha256(scannedPage(1)))).toBe(true);
  });

  it('with a clock ten years ahead at start purges no more than the window behind the newest filing allows', async () => {
    const dataDir = tempDir();
    await hall.restart({ clock: () => now, dataDir });
    const kiosk = hall.client(hall.token('kiosk'));
    const filed = await filePassport(kiosk, ZHANG, 1);
    now = MONDAY + 3653 * DAY;
    await hall.restart({ clock: () => now, dataDir });
    expect(await hall.app.retention.run()).toMatchObject({ ran: true, filings: { filings: 0 }, personal: { identities: 0 } });
    expect(hall.app.filings.store.byCode(filed.trackingCode)).toBeDefined();
  });
});
