import { describe, expect, it } from 'vitest';
import { parseHallConfig, type ServiceItem } from '../domain/config.ts';
import { DomainError } from '../domain/errors.ts';
import { testService } from '../domain/testing.ts';
import type { MyMaterial } from './model.ts';
import { DAY_MS } from './reuse.ts';
import { checkSubmission, type SubmissionContext, type SubmissionRequest } from './submission.ts';

const NOW = Date.parse('2026-03-02T02:00:00Z');
const ZHANG = '33010619850312001X';
const LI = '330106199007153028';
const COMPANY = '91330106MA28AB1C29';
const hash = (n: string) => `h:${n}`;

function catalogue() {
  return parseHallConfig({
    hallId: 'H',
    name: { 'zh-CN': '大厅', en: 'Hall' },
    services: [
      {
        code: 'move-in',
        name: { 'zh-CN': '户口迁入', en: 'Moving in' },
        prefix: 'A',
        category: '户籍',
        legalTimeLimitDays: 10,
        materials: [
          { id: 'id-card', name: '居民身份证', form: 'original', reusable: true, accept: ['image/jpeg'], maxPages: 2 },
          { id: 'deed', name: '房产证', form: 'copy' },
          { id: 'kinship', name: '亲属关系证明', form: 'copy', required: false },
        ],
        filing: {
          enabled: true,
          form: {
            fields: [
              { key: 'name', label: { 'zh-CN': '姓名', en: 'Name' }, type: 'text', required: true },
              { key: 'phone', label: { 'zh-CN': '电话', en: 'Phone' }, type: 'phone', required: true },
            ],
          },
        },
      },
      testService('company', '社保登记', 'Social insurance', 'B', { category: '社保', legalTimeLimitDays: 5, filing: { enabled: true, applicant: 'company' } }),
      testService('either', '咨询', 'Enquiry', 'C', { category: '综合', filing: { enabled: true, applicant: 'either' } }),
      testService('counter-only', '窗口办理', 'At the counter', 'D', { category: '综合' }),
    ],
    windows: [{ no: 1, name: '1', services: [{ code: 'move-in' }] }],
    filingLimits: { maxFilingBytes: 10_000 },
  });
}

const uploads = new Map([
  ['a'.repeat(64), { size: 3000, contentType: 'image/jpeg' as const }],
  ['b'.repeat(64), { size: 3000, contentType: 'image/jpeg' as const }],
  ['c'.repeat(64), { size: 3000, contentType: 'application/pdf' as const }],
  ['d'.repeat(64), { size: 6000, contentType: 'image/jpeg' as const }],
]);
const page = (c: string, contentType: 'image/jpeg' | 'application/pdf' = 'image/jpeg') => ({ sha256: c.repeat(64), contentType });
/** A page with its size, as the hall stores it. */
const stored = (c: string, contentType: 'image/jpeg' | 'application/pdf' = 'image/jpeg', size = 3000) => ({ ...page(c, contentType), size });

function kept(overrides: Partial<MyMaterial> = {}): MyMaterial {
  return {
    id: 'k1',
    ownerHash: hash(ZHANG),
    materialId: 'id-card',
    name: '居民身份证',
    filingId: 'f0',
    pages: [stored('a')],
    submittedAt: NOW - DAY_MS,
    expiresAt: NOW + DAY_MS,
    ...overrides,
  };
}

function context(item: ServiceItem | undefined, more: Partial<SubmissionContext> = {}): SubmissionContext {
  return {
    item,
    open: true,
    limits: catalogue().filingLimits,
    keyHash: hash,
    uploaded: (s) => uploads.get(s),
    kept: (id) => (id === 'k1' ? kept() : undefined),
    now: NOW,
    ...more,
  };
}

const item = (code = 'move-in') => catalogue().services.find((s) => s.code === code)!;

function request(more: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    serviceCode: 'move-in',
    applicant: { idNumber: ZHANG.toLowerCase(), name: ' 张三丰 ' },
    form: { name: '张三丰', phone: '138 0013 8000' },
    materials: [
      { materialId: 'id-card', pages: [page('a'), page('b')] },
      { materialId: 'deed', pages: [page('c', 'application/pdf')] },
    ],
    ...more,
  };
}

function refusal(req: SubmissionRequest, ctx: SubmissionContext = context(item())): { code: string; kind: string; details?: unknown } | undefined {
  try {
    checkSubmission(req, ctx);
    return undefined;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { code: err.code, kind: err.kind, details: err.details };
  }
}

describe('checking a filing before it is stored', () => {
  it('accepts a complete filing: normalised number, masks, keyed hash, stored form values, pages with sizes', () => {
    const s = checkSubmission(request(), context(item()));
    expect(s.applicant).toEqual({
      number: ZHANG,
      name: '张三丰',
      ref: { kind: 'citizen', hash: hash(ZHANG), masked: '330***********001X', nameMasked: '张**' },
    });
    expect(s.form).toEqual({ name: '张三丰', phone: '13800138000' });
    expect(s.materials).toEqual([
      {
        materialId: 'id-card',
        name: '居民身份证',
        reused: false,
        pages: [stored('a'), stored('b')],
      },
      { materialId: 'deed', name: '房产证', reused: false, pages: [stored('c', 'application/pdf')] },
    ]);
    expect(s.files).toEqual(['a', 'b', 'c'].map((c) => c.repeat(64)));
    expect(s.totalBytes).toBe(9000);
    expect(s.keep).toEqual([]);
  });

  it('refuses an unknown item (404), one not offered for filing and one closed now (409)', () => {
    expect(refusal(request(), context(undefined))).toMatchObject({ code: 'SERVICE_NOT_FOUND', kind: 'not-found' });
    expect(refusal(request(), context(item('counter-only')))).toMatchObject({ code: 'FILING_NOT_OFFERED', kind: 'conflict' });
    expect(refusal(request(), context(item(), { open: false }))).toMatchObject({ code: 'FILING_CLOSED', kind: 'conflict' });
  });

  it('checks the applicant’s number and kind: a person for a citizen item, a company for a company item, either for either', () => {
    expect(refusal(request({ applicant: { idNumber: '330106198503120011' } }))).toMatchObject({ code: 'INVALID_ID_NUMBER' });
    expect(refusal(request({ applicant: { idNumber: COMPANY } }))).toMatchObject({ code: 'APPLICANT_NOT_ALLOWED', details: { applicant: 'citizen' } });
    const asCompany = { serviceCode: 'company', applicant: { idNumber: COMPANY }, form: {}, materials: [] };
    expect(checkSubmission(asCompany, context(item('company'))).applicant.ref.kind).toBe('company');
    expect(refusal({ ...asCompany, applicant: { idNumber: ZHANG } }, context(item('company')))).toMatchObject({ code: 'APPLICANT_NOT_ALLOWED' });
    expect(checkSubmission({ ...asCompany, serviceCode: 'either', applicant: { idNumber: ZHANG } }, context(item('either'))).applicant.ref.kind).toBe(
      'citizen',
    );
    expect(checkSubmission({ ...asCompany, serviceCode: 'either' }, context(item('either'))).applicant.ref.kind).toBe('company');
  });

  it('refuses an invalid form with FORM_INVALID and every field’s error', () => {
    const r = refusal(request({ form: { phone: '110' } }));
    expect(r).toMatchObject({ code: 'FORM_INVALID', kind: 'invalid' });
    expect((r!.details as { fields: { key: string; code: string }[] }).fields.map((f) => `${f.key}:${f.code}`)).toEqual(['name:REQUIRED', 'phone:BAD_PHONE']);
  });

  it('checks the form before the materials', () => {
    expect(refusal(request({ form: {}, materials: [] }))).toMatchObject({ code: 'FORM_INVALID' });
  });

  it('refuses missing, unknown and repeated materials', () => {
    expect(refusal(request({ materials: [{ materialId: 'id-card', pages: [page('a')] }] }))).toMatchObject({
      code: 'MATERIAL_MISSING',
      details: { materialIds: ['deed'] },
    });
    expect(refusal(request({ materials: [...request().materials, { materialId: 'passport', pages: [page('a')] }] }))).toMatchObject({
      code: 'UNKNOWN_MATERIAL',
    });
    expect(refusal(request({ materials: [...request().materials, { materialId: 'deed', pages: [page('a')] }] }))).toMatchObject({ code: 'DUPLICATE_MATERIAL' });
  });

  it('refuses too many pages, a type the material does not take, a page not uploaded and a page uploaded as another type', () => {
    const withCard = (pages: { sha256: string; contentType: 'image/jpeg' | 'application/pdf' }[]) =>
      request({
        materials: [
          { materialId: 'id-card', pages },
          { materialId: 'deed', pages: [page('c', 'application/pdf')] },
        ],
      });
    expect(refusal(withCard([page('a'), page('a'), page('b')]))).toMatchObject({ code: 'TOO_MANY_PAGES', details: { maxPages: 2 } });
    expect(refusal(withCard([page('c', 'application/pdf')]))).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    expect(refusal(withCard([page('e')]))).toMatchObject({ code: 'FILE_NOT_UPLOADED', details: { sha256: 'e'.repeat(64) } });
    const deedAsJpeg = request({
      materials: [
        { materialId: 'id-card', pages: [page('a')] },
        { materialId: 'deed', pages: [page('c', 'image/jpeg' as never)] },
      ],
    });
    expect(refusal(deedAsJpeg)).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
  });

  it('refuses pages over the filing’s byte limit with FILING_TOO_LARGE (413)', () => {
    const big = request({
      materials: [
        { materialId: 'id-card', pages: [page('a'), page('d')] },
        { materialId: 'deed', pages: [page('c', 'application/pdf')] },
      ],
    });
    expect(refusal(big)).toMatchObject({ code: 'FILING_TOO_LARGE', kind: 'too-large' });
  });

  it('keeps the reusable, freshly scanned materials when the applicant agreed, until the configured days have passed', () => {
    const s = checkSubmission(request({ keepForReuse: true }), context(item()));
    expect(s.keep).toEqual([{ materialId: 'id-card', name: '居民身份证', pages: s.materials[0]!.pages, expiresAt: NOW + 180 * DAY_MS }]);
  });

  describe('reuse of 我的材料', () => {
    const reusing = (more: Partial<SubmissionRequest> = {}) =>
      request({
        materials: [
          { materialId: 'id-card', reuse: 'k1' },
          { materialId: 'deed', pages: [page('c', 'application/pdf')] },
        ],
        ...more,
      });

    it('takes the kept pages for the owner who consents, marked reused, and keeps no second copy of them', () => {
      const s = checkSubmission(reusing({ reuseConsent: true, keepForReuse: true }), context(item()));
      expect(s.materials[0]).toEqual({ materialId: 'id-card', name: '居民身份证', reused: true, pages: kept().pages });
      expect(s.keep).toEqual([]);
    });

    it('needs consent for this filing', () => {
      expect(refusal(reusing())).toMatchObject({ code: 'REUSE_CONSENT_REQUIRED', kind: 'invalid' });
      expect(refusal(reusing({ reuseConsent: false }))).toMatchObject({ code: 'REUSE_CONSENT_REQUIRED' });
    });

    it('refuses someone else’s material exactly as one that does not exist', () => {
      const stranger = refusal(reusing({ reuseConsent: true, applicant: { idNumber: LI }, form: { name: '李四', phone: '13800138000' } }));
      const nothing = refusal(
        reusing({
          reuseConsent: true,
          materials: [
            { materialId: 'id-card', reuse: 'k9' },
            { materialId: 'deed', pages: [page('c', 'application/pdf')] },
          ],
        }),
      );
      expect(stranger).toMatchObject({ code: 'REUSE_NOT_ALLOWED', kind: 'forbidden' });
      expect(stranger).toEqual(nothing);
    });

    it('refuses an expired material, one of another kind, and one for a material the item wants scanned', () => {
      const ctx = (k: MyMaterial) => context(item(), { kept: () => k });
      expect(refusal(reusing({ reuseConsent: true }), ctx(kept({ expiresAt: NOW })))).toMatchObject({ code: 'REUSE_NOT_ALLOWED' });
      expect(refusal(reusing({ reuseConsent: true }), ctx(kept({ materialId: 'household-register' })))).toMatchObject({ code: 'REUSE_NOT_ALLOWED' });
      const deedReuse = request({
        reuseConsent: true,
        materials: [
          { materialId: 'id-card', pages: [page('a')] },
          { materialId: 'deed', reuse: 'k1' },
        ],
      });
      expect(refusal(deedReuse, ctx(kept({ materialId: 'deed' })))).toMatchObject({ code: 'REUSE_NOT_ALLOWED' });
    });

    it('refuses kept pages the item’s material would not take', () => {
      const pdfCard = kept({ pages: [stored('c', 'application/pdf')] });
      expect(refusal(reusing({ reuseConsent: true }), context(item(), { kept: () => pdfCard }))).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
      const thick = kept({ pages: Array.from({ length: 3 }, () => kept().pages[0]!) });
      expect(refusal(reusing({ reuseConsent: true }), context(item(), { kept: () => thick }))).toMatchObject({ code: 'REUSE_NOT_ALLOWED' });
    });
  });
});
