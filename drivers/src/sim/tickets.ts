/** Fictional slips for demos, tests and the bench. */
import type { FilingReceiptPrint, TicketPrint } from '../printer/layouts.ts';

/** A ticket in the contract's JSON shape, with a multibyte tracking URL. */
export const SAMPLE_TICKET: TicketPrint = {
  number: 'A012',
  serviceName: '社保卡补办',
  windowHint: '5–8 号窗口',
  waitingAhead: 3,
  estimatedWaitMinutes: 15,
  issuedAt: '2025-03-14T01:30:00Z',
  trackUrl: 'https://zwfw.example.gov.cn/t/A012?d=20250314&h=社保',
};

export const SAMPLE_FILING: FilingReceiptPrint = {
  trackingCode: 'SL20250314-0042',
  serviceName: '个体工商户设立登记',
  submittedAt: '2025-03-14T02:05:00Z',
  applicant: '吉𠮷*',
  items: ['个体工商户设立登记'],
  materials: [
    { name: '身份证', copies: 1, original: true },
    { name: '经营场所证明', copies: 2 },
  ],
  trackUrl: 'https://zwfw.example.gov.cn/f/SL20250314-0042',
};
