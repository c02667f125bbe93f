/**
 * The filing receipt (收件回执) as the drivers' `filingReceiptDocument` prints
 * it: the tracking code big, as a barcode, and as a QR of the page that
 * follows the filing; the item, the masked applicant, the materials
 * received. A filing made offline says on paper that it will be submitted
 * once the hall is back, so the visitor knows it is not yet with the hall.
 */
import type { FilingReceiptPrint } from '@hall/drivers';

export type ReceiptInput = {
  trackingCode: string;
  serviceName: string;
  submittedAt: string;
  dueDate?: string;
  /** Masked: a name (张**) or a company's code; never a full ID number. */
  applicant?: string;
  materials: { name: string; pages: number; reused: boolean }[];
  pending: boolean;
  hallName?: string;
  trackBaseUrl: string;
};

export const PENDING_GUIDANCE =
  '【待提交】网络中断，本申报将在联网后提交大厅（Will be submitted once the hall is back online）。请妥善保管本回执，凭受理编号查询进度。';

/** `${trackBaseUrl}/filing/${code}`, however the base ends. */
export function filingTrackUrl(trackBaseUrl: string, trackingCode: string): string {
  return `${trackBaseUrl.replace(/\/+$/, '')}/filing/${encodeURIComponent(trackingCode)}`;
}

export function filingReceipt(input: ReceiptInput): FilingReceiptPrint {
  const receipt: FilingReceiptPrint = {
    trackingCode: input.trackingCode,
    serviceName: input.serviceName,
    submittedAt: input.submittedAt,
    items: [input.serviceName],
    materials: input.materials.map((m) => ({ name: m.reused ? `${m.name}（复用）` : m.name, copies: Math.max(1, m.pages) })),
    trackUrl: filingTrackUrl(input.trackBaseUrl, input.trackingCode),
  };
  if (input.applicant) receipt.applicant = input.applicant;
  if (input.hallName) receipt.hallName = input.hallName;
  if (input.pending) receipt.guidance = PENDING_GUIDANCE;
  else if (input.dueDate) receipt.guidance = `承诺办结日期：${input.dueDate}。请妥善保管本回执，凭受理编号查询办理进度。`;
  return receipt;
}
