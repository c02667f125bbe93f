/**
 * A filing machine on one machine, for tests: a real hall whose catalogue
 * lets two items be filed at machines (a person's 个体工商户设立登记 and a
 * company's 企业设立登记), the agent in the filing role with its ID reader,
 * printer and scanner on socat ptys, and pages to capture.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHallConfig, type HallConfig } from '@hall/server/config';
import type { FilingContractRig } from '../../shared/kiosk-api.filing.contract.ts';
import type { FilingMaterialChoice, KioskApi, StagePageRequest, SubmitFilingRequest } from '../../shared/kiosk-api.ts';
import { nextEvent } from '../../shared/next-event.ts';
import { liftCard, startKioskRig, type ContractCarrier, type KioskRig, type AgentOptions } from './rig.ts';

/** 个体工商户设立登记: filed by a person; window 7 (and 8) handle it. */
export const SOLE = '330106-SCJG-002';
/** 企业设立登记: filed by a company. */
export const COMPANY = '330106-SCJG-001';
/** A fictional company's unified social credit code (its GB 32100 check character is right). */
export const USCC = '91330100MA28ABCD35';
/** The window that handles both items. */
export const FILING_WINDOW = 7;

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** An item filed at machines by this kind of applicant, with this form. */
const filedHere = (applicant: 'citizen' | 'company', fields: Record<string, unknown>[]) => ({ enabled: true, applicant, form: { fields } });

/** The demo hall, every window open, with the two items above (and only those) open to filing at machines. */
export function filingHallConfig(): HallConfig {
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../hall-server/src/seed/demo-hall.json', import.meta.url)), 'utf8')) as {
    services: Record<string, unknown>[];
    windows: Record<string, unknown>[];
  };
  for (const item of raw.services) {
    // Exactly these two items are filed here, whatever the demo catalogue offers.
    delete item.filing;
    if (item.code === SOLE) {
      item.materials = [
        { id: 'id-card', name: '经营者身份证', form: 'copy', copies: 1, accept: ['image/jpeg', 'image/png'], maxPages: 2, reusable: true },
        { id: 'premises', name: '经营场所证明', form: 'copy', copies: 1, maxPages: 3 },
        { id: 'other', name: '其他材料', form: 'copy', copies: 1, required: false },
      ];
      item.guide = { legalBasis: ['《促进个体工商户发展条例》'], fees: { free: true }, location: '7号窗口 企业开办' };
      item.filing = filedHere('citizen', [
        { key: 'name', label: label('经营者姓名', 'Operator'), type: 'text', required: true, prefill: 'card.name' },
        { key: 'idNo', label: label('身份证号码', 'ID number'), type: 'id-number', required: true, prefill: 'card.idNumber' },
        {
          key: 'sex',
          label: label('性别', 'Sex'),
          type: 'select',
          prefill: 'card.gender',
          options: [
            { value: 'male', label: label('男', 'Male') },
            { value: 'female', label: label('女', 'Female') },
          ],
        },
        { key: 'address', label: label('住所', 'Address'), type: 'textarea', prefill: 'card.address' },
        { key: 'shopName', label: label('个体户名称', 'Business name'), type: 'text', required: true, maxLength: 60 },
        { key: 'phone', label: label('联系电话', 'Phone'), type: 'phone', required: true },
      ]);
    }
    if (item.code === COMPANY) {
      item.materials = [{ id: 'articles', name: '公司章程', form: 'electronic', copies: 1, accept: ['application/pdf'], maxPages: 5 }];
      item.filing = filedHere('company', [
        { key: 'uscc', label: label('统一社会信用代码', 'Credit code'), type: 'uscc', required: true, prefill: 'company.uscc' },
        { key: 'contact', label: label('联系人手机', 'Contact mobile'), type: 'phone', required: true },
      ]);
    }
  }
  raw.windows = raw.windows.map((w) => ({ ...w, initialState: 'open' }));
  return parseHallConfig(raw);
}

/** Pages as a document camera or a scanner would hand them over (right first bytes, some body). */
export function pageBytes(type: 'image/jpeg' | 'image/png' | 'application/pdf', body: string | number): Buffer {
  const head = {
    'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
    'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    'application/pdf': Buffer.from('%PDF-1.7\n'),
  }[type];
  const rest = typeof body === 'number' ? Buffer.alloc(body, 0x5a) : Buffer.from(body);
  return Buffer.concat([head, rest, type === 'application/pdf' ? Buffer.from('\n%%EOF\n') : Buffer.from([0xff, 0xd9])]);
}

export function page64(type: 'image/jpeg' | 'image/png' | 'application/pdf', body: string | number): string {
  return pageBytes(type, body).toString('base64');
}

/** What a person types into SOLE's form (the card's fields are the machine's to put in). */
export const SHOP_FORM = { shopName: '西湖示例小吃店', phone: '13800138000' };

/** A person's filing of SOLE with these materials, its choices all no unless told. */
export function shopFiling(materials: FilingMaterialChoice[], told: Partial<SubmitFilingRequest> = {}): SubmitFilingRequest {
  return { serviceCode: SOLE, form: SHOP_FORM, materials, keepForReuse: false, reuseConsent: false, ...told };
}

/** What a visitor does at the filing machine, through its KioskApi (the agent's, after a reboot too). */
export function visitorAt(rig: FilingRig) {
  const api = () => rig.agent.api;
  const stage = (materialId: string, body: string | number, type: StagePageRequest['contentType'] = 'image/jpeg') =>
    api().stagePage({ materialId, contentType: type, dataBase64: page64(type, body) });
  return {
    /** The sample resident card on the reader until the machine has it, then taken away. */
    async swipe(): Promise<void> {
      const card = nextEvent(api(), 'card');
      rig.sims.reader.insert('resident');
      await card;
      await liftCard(rig.sims.reader);
    },
    /** A page captured for a material (by default a photo). */
    stage,
    /** SOLE's two materials, a page of each just captured. */
    async shopMaterials(): Promise<FilingMaterialChoice[]> {
      const id = await stage('id-card', `id ${Math.random()}`);
      const premises = await stage('premises', `lease ${Math.random()}`);
      return [
        { materialId: 'id-card', pageIds: [id.pageId] },
        { materialId: 'premises', pageIds: [premises.pageId] },
      ];
    },
  };
}

/** A hall whose catalogue files the two items above, and a filing machine linked to it. */
export type FilingRig = KioskRig;

export function startFilingRig(options: AgentOptions = {}): Promise<FilingRig> {
  return startKioskRig({ ...options, role: 'filing', hallConfig: filingHallConfig() });
}

/** The filing contract's rig on this machine's devices and hall, for any carrier: the caller gives the KioskApi it reaches the agent by. */
export function filingContractRig(rig: FilingRig, api: KioskApi, carrier: ContractCarrier = {}): FilingContractRig {
  const lift = carrier.liftCard ?? liftCard;
  const manager = rig.hall.api(rig.hall.token('manager'));
  return {
    api,
    personItem: SOLE,
    companyItem: COMPANY,
    uscc: USCC,
    insertCard: async (kind) => rig.sims.reader.insert(kind),
    removeCard: () => lift(rig.sims.reader),
    scan: (text) => rig.sims.scanner.scan(text),
    printedText: () => rig.sims.printer.lines,
    printedQr: () => rig.sims.printer.printed.flatMap((p) => (p.kind === 'qr' ? [p.data] : [])),
    hallFiling: async (code) => {
      const res = await manager.get(`/api/v1/filings/${encodeURIComponent(code)}`);
      return res.status === 200 ? res.body : undefined;
    },
    close: async () => {
      await carrier.closeCarrier?.();
      await rig.close();
    },
  };
}
