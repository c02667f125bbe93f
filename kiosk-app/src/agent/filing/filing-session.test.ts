import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '@hall/drivers';
import { refusalOf } from '../testing/thrown.ts';
import { VisitorSession } from '../visitor.ts';
import { FilingSession } from './filing-session.ts';

const USCC = '91330100MA28ABCD35';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1');

function session(options: { now?: () => number; maxPages?: number; maxPageBytes?: number; maxTotalBytes?: number } = {}) {
  const visitor = new VisitorSession({ now: options.now ?? Date.now });
  let n = 0;
  const filing = new FilingSession({ visitor, newId: () => `p${++n}`, ...options });
  return { visitor, filing };
}

describe('the filing visitor', () => {
  it('a swiped card makes a masked citizen applicant; the full number stays in the host', () => {
    const { visitor, filing } = session();
    expect(filing.view()).toBeNull();
    visitor.hold(SAMPLE_CARDS.resident!);
    expect(filing.view()).toEqual({ kind: 'citizen', masked: '110***********8814', nameMasked: '张**' });
    expect(filing.applicant()).toEqual({ kind: 'citizen', idNumber: '110101199003078814', name: '张示例' });
    visitor.forget();
  });

  it('a company identified by a checked credit code is the applicant; a bad code is refused', () => {
    const { visitor, filing } = session();
    expect(refusalOf(() => filing.identifyCompany('91330100MA28ABCD36')).code).toBe('INVALID_USCC');
    expect(refusalOf(() => filing.identifyCompany(42)).code).toBe('INVALID_USCC');
    visitor.hold(SAMPLE_CARDS.resident!);
    // Typed in lower case with spaces: read as the code.
    expect(filing.identifyCompany(' 91330100ma28 abcd35 ')).toEqual({ kind: 'company', masked: '913***********CD35' });
    expect(filing.applicant()).toEqual({ kind: 'company', idNumber: USCC });
    // The person filing for the company is still there (their ticket, their name on the form).
    expect(filing.card?.idNumber).toBe('110101199003078814');
    // A card swiped afterwards starts again as that person.
    visitor.hold(SAMPLE_CARDS.resident!);
    filing.cardSwiped();
    expect(filing.applicant()?.kind).toBe('citizen');
    visitor.forget();
  });

  it('forgetting the visitor drops the card, the company and every captured page', () => {
    const { visitor, filing } = session();
    visitor.hold(SAMPLE_CARDS.resident!);
    filing.identifyCompany(USCC);
    const page = filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    visitor.forget();
    expect(filing.view()).toBeNull();
    expect(refusalOf(() => filing.take([page.pageId])).code).toBe('PAGE_NOT_FOUND');
  });

  it('a visitor who walks away loses their pages after the idle time, card or not', () => {
    let now = 0;
    const { filing } = session({ now: () => now });
    filing.identifyCompany(USCC);
    const page = filing.stage({ materialId: 'm1', contentType: 'image/png', dataBase64: PNG.toString('base64') });
    now += 59_000;
    expect(filing.take([page.pageId])).toHaveLength(1);
    now += 61_000;
    expect(refusalOf(() => filing.take([page.pageId])).code).toBe('PAGE_NOT_FOUND');
    expect(filing.view()).toBeNull();
  });
});

describe('captured pages', () => {
  it('are checked on the spot: their first bytes must be of the type they claim', () => {
    const { filing } = session();
    for (const [type, bytes] of [
      ['image/jpeg', JPEG],
      ['image/png', PNG],
      ['application/pdf', PDF],
    ] as const) {
      const page = filing.stage({ materialId: 'm1', contentType: type, dataBase64: bytes.toString('base64') });
      expect(page).toMatchObject({ materialId: 'm1', contentType: type, size: bytes.length });
      expect(page.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(page).not.toHaveProperty('bytes');
    }
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/png', dataBase64: JPEG.toString('base64') })).code).toBe(
      'FILE_TYPE_NOT_ALLOWED',
    );
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/gif', dataBase64: JPEG.toString('base64') })).code).toBe(
      'FILE_TYPE_NOT_ALLOWED',
    );
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: 'not base64!' })).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: '' })).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(refusalOf(() => filing.stage({ materialId: 'No Such', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') })).code).toBe(
      'UNKNOWN_MATERIAL',
    );
  });

  it('a page over the size limit is refused, and so is one page too many or too much in all', () => {
    const { filing } = session({ maxPageBytes: 1024, maxPages: 3, maxTotalBytes: 2000 });
    const big = Buffer.concat([JPEG, Buffer.alloc(1100)]);
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: big.toString('base64') })).code).toBe('FILE_TOO_LARGE');
    const fits = Buffer.concat([JPEG, Buffer.alloc(900)]);
    filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: fits.toString('base64') });
    filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: fits.toString('base64') });
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: fits.toString('base64') })).code).toBe('FILING_TOO_LARGE');
    filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(refusalOf(() => filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') })).code).toBe('TOO_MANY_STAGED');
  });

  it('a dropped page is gone, and the others stay', () => {
    const { filing } = session();
    const a = filing.stage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    const b = filing.stage({ materialId: 'm1', contentType: 'image/png', dataBase64: PNG.toString('base64') });
    filing.drop(a.pageId);
    expect(refusalOf(() => filing.take([a.pageId, b.pageId])).code).toBe('PAGE_NOT_FOUND');
    expect(filing.take([b.pageId]).map((p) => p.bytes.equals(PNG))).toEqual([true]);
  });
});
