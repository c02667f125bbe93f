/**
 * The filing machine's methods (`filing` in kiosk-methods.ts): its items
 * and guides, the visitor (card or company), pages staged, the submission
 * and the look-ups.
 */
import { parseTrackingCode } from '@hall/server/forms';
import {
  KioskError,
  type FilingGuideView,
  type FilingLookup,
  type FilingResult,
  type FilingService,
  type KioskErrorBody,
  type KioskEvents,
  type MaskedCard,
  type MyMaterial,
  type ServiceGuide,
  type StagedPage,
  type StagePageRequest,
  type SubmitFilingRequest,
  type UndeliveredFiling,
  type VisitorIdentity,
} from '../../../shared/kiosk-api.ts';
import { AT } from './common.ts';
import { FakeTicketRole, ticketFor } from './ticket.ts';

/** A valid unified social credit code (GB 32100 check character included). */
export const COMPANY_USCC = '91330106MA2KXY3R41';
/** A valid tracking code, and one with its check symbol wrong. */
export const TRACKING_CODE = '7G1A-02C0-280Q';
export const TRACKING_CODE_BAD = '7G1A-02C0-280R';

export function filingServices(): FilingService[] {
  return [
    { serviceCode: 'HJ-001', name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' }, category: '户籍', applicant: 'citizen', open: true },
    { serviceCode: 'SCJG-002', name: { 'zh-CN': '企业变更登记', en: 'Company change registration' }, category: '市场监管', applicant: 'company', open: true },
    {
      serviceCode: 'GJJ-002',
      name: { 'zh-CN': '住房公积金贷款申请', en: 'Housing provident fund loan' },
      category: '公积金',
      applicant: 'either',
      open: false,
    },
  ];
}

/** 户口迁入登记 as a filing: a form prefilled from the card, three materials of which two may be reused. */
export function filingGuideFor(serviceCode = 'HJ-001', overrides: Partial<ServiceGuide> = {}): ServiceGuide {
  const material = (id: string, name: string, more: Partial<ServiceGuide['materials'][number]> = {}) => ({
    id,
    name,
    form: 'original',
    copies: 1,
    required: true,
    reusable: false,
    accept: ['image/jpeg', 'image/png', 'application/pdf'] as ('image/jpeg' | 'image/png' | 'application/pdf')[],
    maxPages: 4,
    ...more,
  });
  return {
    serviceCode,
    name: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    category: '户籍',
    conditions: ['在本区有合法稳定住所', '与户主为直系亲属关系'],
    materials: [
      material('id-card', '居民身份证', { reusable: true, maxPages: 2 }),
      material('hukou-book', '户口簿', { reusable: true }),
      material('house-deed', '房屋所有权证明', { form: 'copy', required: false }),
    ],
    legalBasis: ['《中华人民共和国户口登记条例》第十三条'],
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 5,
    fees: { free: true },
    location: '西湖区政务服务中心一楼 3、4 号窗口',
    notes: ['未满 16 周岁的由监护人代为申报'],
    filing: {
      enabled: true,
      applicant: 'citizen',
      open: true,
      form: {
        fields: [
          { key: 'name', label: { 'zh-CN': '姓名', en: 'Name' }, type: 'text', required: true, prefill: 'card.name' },
          { key: 'idNumber', label: { 'zh-CN': '公民身份号码', en: 'ID number' }, type: 'id-number', required: true, prefill: 'card.idNumber' },
          { key: 'phone', label: { 'zh-CN': '联系电话', en: 'Phone' }, type: 'phone', required: true },
          { key: 'fromAddress', label: { 'zh-CN': '迁出地址', en: 'Moving from' }, type: 'text', required: true, input: 'hanzi' },
          {
            key: 'reason',
            label: { 'zh-CN': '迁入原因', en: 'Reason' },
            type: 'select',
            required: true,
            options: [
              { value: 'family', label: { 'zh-CN': '投靠亲属', en: 'Joining family' } },
              { value: 'work', label: { 'zh-CN': '工作调动', en: 'Job transfer' } },
              { value: 'house', label: { 'zh-CN': '购房落户', en: 'Bought a home' } },
            ],
          },
          { key: 'moveDate', label: { 'zh-CN': '拟迁入日期', en: 'Moving date' }, type: 'date', required: false },
        ],
      },
    },
    ...overrides,
  };
}

export function myMaterial(materialId: string, overrides: Partial<MyMaterial> = {}): MyMaterial {
  return {
    id: `mm-${materialId}`,
    materialId,
    name: materialId === 'id-card' ? '居民身份证' : '户口簿',
    pages: 2,
    submittedAt: '2025-01-10T02:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function filingLookup(overrides: Partial<FilingLookup> = {}): FilingLookup {
  return {
    trackingCode: TRACKING_CODE,
    serviceCode: 'HJ-001',
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    status: 'accepted',
    submittedAt: AT,
    dueDate: '2025-03-10',
    ...overrides,
  };
}

export class FakeFilingRole extends FakeTicketRole {
  filingServicesValue = filingServices();
  guides: Record<string, ServiceGuide> = { 'HJ-001': filingGuideFor('HJ-001') };
  /** What filingGuide prefills for a citizen visitor (name and ID number locked and masked, as the host does). */
  prefillValue: FilingGuideView['prefill'] = { name: { value: '张*明', locked: true }, idNumber: { value: '3301**********1234', locked: true } };
  visitorValue: VisitorIdentity | null = null;
  myMaterialsValue: MyMaterial[] = [];
  /** The next stagePage fails with this. */
  nextStageRefusal: KioskErrorBody | null = null;
  /** Pages held for the current visitor, by page id. */
  staged = new Map<string, StagedPage>();
  private pageSeq = 0;
  /** The next submit answers with this (a result or a refusal); by default a filing made from the request. */
  nextFiling: FilingResult | KioskErrorBody | null = null;
  /** While set, submitFiling waits for it (a long upload). */
  submitGate: Promise<void> | null = null;
  filings = new Map<string, FilingLookup>([[TRACKING_CODE, filingLookup()]]);
  myFilingsValue: FilingLookup[] = [filingLookup()];
  /** What the staff panel lists as refused for good (none by default). */
  undeliveredValue: UndeliveredFiling[] = [];

  /** A card swiped makes its holder the visitor. */
  override emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]) {
    if (event === 'card') {
      const card = payload as MaskedCard;
      this.visitorValue = { kind: 'citizen', masked: card.idMasked, nameMasked: card.nameMasked };
    }
    super.emit(event, payload);
  }

  protected override forget() {
    super.forget();
    this.visitorValue = null;
    this.staged.clear();
  }

  async filingServices() {
    return this.answer('filingServices', this.filingServicesValue);
  }
  async filingGuide(serviceCode: string): Promise<FilingGuideView> {
    this.record('filingGuide', [serviceCode]);
    const guide = this.guides[serviceCode] ?? this.refuse('FILING_NOT_OFFERED');
    const keys = new Set(guide.filing.form.fields.map((f) => f.key));
    return { guide, prefill: Object.fromEntries(Object.entries(this.prefillValue).filter(([k]) => keys.has(k))) };
  }
  async visitor() {
    return this.answer('visitor', this.visitorValue);
  }
  async identifyCompany(uscc: string) {
    this.record('identifyCompany', [uscc]);
    if (uscc !== COMPANY_USCC) this.refuse('INVALID_USCC');
    this.visitorValue = { kind: 'company', masked: uscc };
    return this.visitorValue;
  }
  async stagePage(request: StagePageRequest) {
    this.record('stagePage', [request]);
    const refusal = this.nextStageRefusal;
    this.nextStageRefusal = null;
    if (refusal) throw new KioskError(refusal);
    if (!this.visitorValue) this.refuse('NO_VISITOR');
    const n = ++this.pageSeq;
    const page: StagedPage = {
      pageId: `page-${n}`,
      materialId: request.materialId,
      sha256: n.toString(16).padStart(64, '0'),
      size: Math.floor((request.dataBase64.length * 3) / 4),
      contentType: request.contentType,
    };
    this.staged.set(page.pageId, page);
    return page;
  }
  async dropPage(pageId: string) {
    this.record('dropPage', [pageId]);
    this.staged.delete(pageId);
  }
  async myMaterials() {
    return this.answer('myMaterials', this.myMaterialsValue);
  }
  async submitFiling(request: SubmitFilingRequest): Promise<FilingResult> {
    this.record('submitFiling', [request]);
    const pages = request.materials.reduce((n, m) => n + ('pageIds' in m ? m.pageIds.length : 0), 0);
    this.emit('filing:progress', { stage: 'checking', done: 0, total: 1 });
    this.emit('filing:progress', { stage: 'uploading', done: 0, total: pages });
    if (this.submitGate) await this.submitGate;
    const next = this.nextFiling;
    this.nextFiling = null;
    if (next && 'code' in next) throw new KioskError(next);
    if (next) return next;
    const online = this.hallValue.online;
    const guide = this.guides[request.serviceCode];
    return {
      filing: {
        trackingCode: TRACKING_CODE,
        serviceCode: request.serviceCode,
        serviceName: guide?.name ?? { 'zh-CN': request.serviceCode, en: request.serviceCode },
        status: 'submitted',
        submittedAt: AT,
        dueDate: '2025-03-10',
        pending: !online,
      },
      printed: true,
      ...(request.takeTicket ? { ticket: ticketFor(request.serviceCode, { offline: !online }) } : {}),
    };
  }
  async lookupFiling(code: string) {
    this.record('lookupFiling', [code]);
    const parsed = parseTrackingCode(code) ?? this.refuse('BAD_TRACKING_CODE');
    return this.filings.get(parsed) ?? this.refuse('FILING_NOT_FOUND');
  }
  async myFilings() {
    this.record('myFilings', []);
    if (!this.held) this.refuse('NO_CARD');
    return this.myFilingsValue;
  }
  async undeliveredFilings() {
    return this.answer('undeliveredFilings', this.undeliveredValue);
  }
}
