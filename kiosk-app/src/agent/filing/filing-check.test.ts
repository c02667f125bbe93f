import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '@hall/drivers';
import type { ServiceGuide, SubmitFilingRequest } from '../../shared/kiosk-api.ts';
import { refusalOf } from '../testing/thrown.ts';
import { holderName } from '../card-view.ts';
import { checkFiling, type Filer } from './filing-check.ts';
import { MAX_FILING_BYTES, type HeldPage } from './filing-session.ts';

const label = (zh: string) => ({ 'zh-CN': zh, en: zh });
const card = SAMPLE_CARDS.resident!;
const NAME = holderName(card)!;

const GUIDE: ServiceGuide = {
  serviceCode: 'SC-GT-001',
  name: label('个体工商户设立登记'),
  category: '市场监管',
  conditions: [],
  materials: [
    { id: 'id-card', name: '身份证', form: '原件', copies: 1, required: true, reusable: true, accept: ['image/jpeg', 'image/png'], maxPages: 2 },
    {
      id: 'premises',
      name: '经营场所证明',
      form: '复印件',
      copies: 1,
      required: true,
      reusable: false,
      accept: ['image/jpeg', 'application/pdf'],
      maxPages: 5,
    },
    { id: 'photo', name: '门头照片', form: '照片', copies: 1, required: false, reusable: false, accept: ['image/jpeg'], maxPages: 1 },
  ],
  legalBasis: [],
  legalTimeLimitDays: 3,
  fees: { free: true },
  location: '2号楼',
  notes: [],
  filing: {
    enabled: true,
    applicant: 'citizen',
    open: true,
    form: {
      fields: [
        { key: 'name', label: label('经营者姓名'), type: 'text', required: true, prefill: 'card.name' },
        { key: 'shopName', label: label('店名'), type: 'text', required: true },
        { key: 'phone', label: label('手机'), type: 'phone', required: true },
      ],
    },
  },
};

function page(id: string, contentType: HeldPage['contentType'] = 'image/jpeg', size = 1000): HeldPage {
  return { pageId: id, materialId: '', sha256: id.padEnd(64, '0'), size, contentType, bytes: Buffer.alloc(0) };
}

function filer(pages: HeldPage[], overrides: Partial<Filer> = {}): Filer {
  const held = new Map(pages.map((p) => [p.pageId, p]));
  return {
    applicant: { kind: 'citizen', idNumber: card.idNumber, name: NAME },
    card,
    company: undefined,
    take: (ids) => ids.map((id) => held.get(id)!),
    ...overrides,
  };
}

const FORM = { shopName: '西湖示例小吃店', phone: '13800138000' };
const request = (materials: SubmitFilingRequest['materials'], more: Partial<SubmitFilingRequest> = {}): SubmitFilingRequest => ({
  serviceCode: GUIDE.serviceCode,
  form: FORM,
  materials,
  keepForReuse: false,
  reuseConsent: false,
  ...more,
});
const BOTH = [
  { materialId: 'id-card', pageIds: ['front', 'back'] },
  { materialId: 'premises', pageIds: ['lease'] },
];
const PAGES = [page('front'), page('back'), page('lease', 'application/pdf')];

describe('a filing checked at the machine', () => {
  it('becomes the hall’s body: the name from the card whatever the screen sent, the pages by hash, the terminal', () => {
    const checked = checkFiling(request(BOTH, { form: { ...FORM, name: '别人' } }), GUIDE, filer(PAGES), '申报机1');
    expect(checked.body).toMatchObject({
      serviceCode: GUIDE.serviceCode,
      applicant: { idNumber: card.idNumber, name: NAME },
      terminal: '申报机1',
      keepForReuse: false,
    });
    expect(checked.body.form).toEqual({ ...FORM, name: NAME });
    expect(checked.body.materials?.[0]).toEqual({
      materialId: 'id-card',
      pages: [
        { sha256: PAGES[0]!.sha256, contentType: 'image/jpeg' },
        { sha256: PAGES[1]!.sha256, contentType: 'image/jpeg' },
      ],
    });
    expect(checked.pageIds).toEqual(['front', 'back', 'lease']);
    expect(checked.materials).toEqual([
      { name: '身份证', pages: 2, reused: false },
      { name: '经营场所证明', pages: 1, reused: false },
    ]);
  });

  it('refuses a form the hall would refuse, naming every field at fault', () => {
    const e = refusalOf(() => checkFiling(request(BOTH, { form: { shopName: '', phone: 'call me' } }), GUIDE, filer(PAGES), 't'));
    expect(e.code).toBe('FORM_INVALID');
    expect(((e.details?.fields ?? []) as { key: string }[]).map((f) => f.key)).toEqual(['shopName', 'phone']);
  });

  it('refuses an item not filed at machines, and an applicant of the wrong kind', () => {
    expect(refusalOf(() => checkFiling(request(BOTH), { ...GUIDE, filing: { ...GUIDE.filing, enabled: false } }, filer(PAGES), 't')).code).toBe(
      'FILING_NOT_OFFERED',
    );
    const company = filer(PAGES, { applicant: { kind: 'company', idNumber: '91330100MA28ABCD35' }, card: undefined, company: '91330100MA28ABCD35' });
    expect(refusalOf(() => checkFiling(request(BOTH), GUIDE, company, 't')).code).toBe('APPLICANT_NOT_ALLOWED');
  });

  it('holds each material to its guide: known, chosen once, its types, its page count, the required ones there', () => {
    const check = (materials: SubmitFilingRequest['materials'], pages = PAGES) => refusalOf(() => checkFiling(request(materials), GUIDE, filer(pages), 't'));
    expect(check([...BOTH, { materialId: 'licence', pageIds: ['lease'] }])).toMatchObject({ code: 'UNKNOWN_MATERIAL', details: { materialId: 'licence' } });
    expect(check([...BOTH, { materialId: 'premises', pageIds: ['lease'] }])).toMatchObject({ code: 'DUPLICATE_MATERIAL', details: { materialId: 'premises' } });
    expect(check([{ materialId: 'id-card', pageIds: ['lease'] }, BOTH[1]!])).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: { materialId: 'id-card' },
    });
    expect(check([{ materialId: 'id-card', pageIds: ['front', 'back', 'x'] }, BOTH[1]!], [...PAGES, page('x')])).toMatchObject({
      code: 'TOO_MANY_PAGES',
      details: { materialId: 'id-card' },
    });
    expect(check([BOTH[1]!])).toMatchObject({ code: 'MATERIAL_MISSING', details: { materialIds: ['id-card'] } });
  });

  it('an optional material without pages is simply not handed in', () => {
    const checked = checkFiling(request([...BOTH, { materialId: 'photo', pageIds: [] }]), GUIDE, filer(PAGES), 't');
    expect(checked.body.materials?.map((m) => m.materialId)).toEqual(['id-card', 'premises']);
  });

  it('reuses a kept document only where the guide allows it and the visitor consented', () => {
    const reuse = [{ materialId: 'id-card', reuse: 'm1' }, BOTH[1]!];
    expect(refusalOf(() => checkFiling(request(reuse), GUIDE, filer(PAGES), 't')).code).toBe('REUSE_CONSENT_REQUIRED');
    const premises = [BOTH[0]!, { materialId: 'premises', reuse: 'm2' }];
    expect(refusalOf(() => checkFiling(request(premises, { reuseConsent: true }), GUIDE, filer(PAGES), 't')).code).toBe('REUSE_NOT_ALLOWED');
    const checked = checkFiling(request(reuse, { reuseConsent: true }), GUIDE, filer(PAGES), 't');
    expect(checked.body.materials?.[0]).toEqual({ materialId: 'id-card', reuse: 'm1' });
    expect(checked.materials[0]).toEqual({ name: '身份证', pages: 1, reused: true });
  });

  it('counts a page handed in twice once, and refuses a filing over the size limit in all', () => {
    const same = [
      { materialId: 'id-card', pageIds: ['front'] },
      { materialId: 'premises', pageIds: ['front'] },
    ];
    expect(checkFiling(request(same), GUIDE, filer(PAGES), 't').pages).toHaveLength(1);
    const big = [page('front', 'image/jpeg', MAX_FILING_BYTES / 2), page('back', 'image/jpeg', MAX_FILING_BYTES / 2), page('lease', 'application/pdf', 1)];
    expect(refusalOf(() => checkFiling(request(BOTH), GUIDE, filer(big), 't')).code).toBe('FILING_TOO_LARGE');
  });
});
