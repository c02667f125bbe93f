/** Pages, people and forms for filing tests against the demo catalogue. */
import { createHash } from 'node:crypto';
import type { HallClient } from '../src/contract/client.ts';
import type { SubmitFilingRequest } from '../src/protocol.ts';

export const PASSPORT = '330106-CRJ-001';
export const SOCIAL_INSURANCE = '330106-SB-001';
export const MEDICAL_FILING = '330106-YB-002';

export const ZHANG = { idNumber: '33010619850312001X', name: '张三丰' };
export const LI = { idNumber: '330106199007153028', name: '李四' };
export const COMPANY = { idNumber: '91330106MA28AB1C29', name: '杭州西子科技有限公司' };

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A page that looks like a scan: JPEG magic, then bytes that do not compress or repeat. */
export function scannedPage(seed: number, size = 4096): Buffer {
  const page = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    page[i] = x & 0xff;
  }
  page[0] = 0xff;
  page[1] = 0xd8;
  page[2] = 0xff;
  page[3] = 0xe0;
  return page;
}

export function passportForm(person = ZHANG): Record<string, string> {
  return {
    name: person.name,
    idNumber: person.idNumber,
    gender: 'male',
    birthDate: `${person.idNumber.slice(6, 10)}-${person.idNumber.slice(10, 12)}-${person.idNumber.slice(12, 14)}`,
    address: '浙江省杭州市西湖区文三路 90 号',
    purpose: 'tourism',
    phone: '13800138000',
    emergencyName: '张翠山',
    emergencyPhone: '0571-87654321',
  };
}

/** Uploads pages and returns their references for a filing. */
export async function upload(kiosk: HallClient, pages: Buffer[]): Promise<{ sha256: string; contentType: 'image/jpeg' }[]> {
  const refs = [];
  for (const page of pages) {
    await kiosk.call('uploadFilingFile', { params: { sha256: sha256(page) }, raw: { contentType: 'image/jpeg', bytes: page } });
    refs.push({ sha256: sha256(page), contentType: 'image/jpeg' as const });
  }
  return refs;
}

/** A whole passport filing by `person`, with fresh pages made from `seed`. */
export async function filePassport(kiosk: HallClient, person = ZHANG, seed = 1, extra: Partial<SubmitFilingRequest> = {}) {
  const card = await upload(kiosk, [scannedPage(seed), scannedPage(seed + 1000)]);
  const photo = await upload(kiosk, [scannedPage(seed + 2000)]);
  return kiosk.call('submitFiling', {
    body: {
      serviceCode: PASSPORT,
      applicant: person,
      form: passportForm(person),
      materials: [
        { materialId: 'id-card', pages: card },
        { materialId: 'photo-receipt', pages: photo },
      ],
      ...extra,
    },
  });
}
