/**
 * The two slips the hall prints: the queue ticket the kiosk issues (from the
 * contract's ticket JSON) and the filing receipt (收件回执). Both are plain
 * PrintDocuments, in zh-CN with an English line where configured, laid out
 * for the paper width in the printer options.
 */
import type { PrintBlock, PrintDocument, PrinterOptions } from './types.ts';

/** The contract's ticket JSON (`hall-drivers printer print-ticket --ticket FILE.json`). */
export interface TicketPrint {
  number: string;
  serviceName: string;
  windowHint: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  /** ISO 8601 timestamp. */
  issuedAt: string;
  trackUrl: string;
  hallName?: string;
  guidance?: string;
  /** Add English lines under the Chinese ones. */
  english?: boolean;
}

export interface FilingReceiptPrint {
  trackingCode: string;
  serviceName: string;
  /** ISO 8601 timestamp. */
  submittedAt: string;
  /** The application items filed, e.g. 营业执照变更登记. */
  items: readonly string[];
  /** Materials received, with copies and whether the original was shown. */
  materials: readonly { name: string; copies: number; original?: boolean }[];
  /** Masked applicant name (张**); never print a full ID number on a receipt. */
  applicant?: string;
  trackUrl?: string;
  hallName?: string;
  guidance?: string;
  english?: boolean;
}

export interface LayoutOptions {
  /** Offset of hall time from UTC in minutes (default +480, China Standard Time). */
  utcOffsetMinutes?: number;
}

const DEFAULT_HALL = '政务服务中心';

/** `2025-03-14T01:30:00Z` → `2025-03-14 09:30` in hall time. */
export function hallTime(iso: string, utcOffsetMinutes = 480): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TypeError(`not an ISO timestamp: ${JSON.stringify(iso)}`);
  const d = new Date(t + utcOffsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function text(v: unknown, name: string, max = 200): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new TypeError(`${name} must be a non-empty string of at most ${max} characters`);
  return v.trim();
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000) throw new TypeError(`${name} must be a non-negative integer`);
  return v;
}

/** Checks a parsed ticket JSON; TypeError naming the first bad field. */
export function validateTicket(input: unknown): TicketPrint {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('the ticket must be a JSON object');
  const t = input as Record<string, unknown>;
  const out: TicketPrint = {
    number: text(t.number, 'number', 16),
    serviceName: text(t.serviceName, 'serviceName'),
    windowHint: text(t.windowHint, 'windowHint'),
    waitingAhead: count(t.waitingAhead, 'waitingAhead'),
    estimatedWaitMinutes: count(t.estimatedWaitMinutes, 'estimatedWaitMinutes'),
    issuedAt: text(t.issuedAt, 'issuedAt', 40),
    trackUrl: text(t.trackUrl, 'trackUrl', 1000),
  };
  hallTime(out.issuedAt);
  if (t.hallName !== undefined) out.hallName = text(t.hallName, 'hallName');
  if (t.guidance !== undefined) out.guidance = text(t.guidance, 'guidance', 500);
  if (t.english !== undefined) {
    if (typeof t.english !== 'boolean') throw new TypeError('english must be true or false');
    out.english = t.english;
  }
  return out;
}

/** The queue ticket. */
export function ticketDocument(ticket: TicketPrint, printer: PrinterOptions, options: LayoutOptions = {}): PrintDocument {
  const t = validateTicket(ticket);
  const en = t.english === true;
  const narrow = printer.paperWidthMm === 58;
  const b: PrintBlock[] = [];
  b.push({ type: 'text', text: t.hallName ?? DEFAULT_HALL, align: 'center', bold: true, height: 2 });
  if (en) b.push({ type: 'text', text: 'Queue ticket', align: 'center' });
  b.push({ type: 'rule' });
  b.push({ type: 'text', text: en ? '您的号码 Your number' : '您的号码', align: 'center' });
  b.push({ type: 'text', text: t.number, align: 'center', bold: true, width: narrow ? 3 : 4, height: narrow ? 3 : 4 });
  b.push({ type: 'text', text: t.serviceName, align: 'center', bold: true, height: 2 });
  b.push({ type: 'rule' });
  b.push({ type: 'columns', left: en ? '办理窗口 Window' : '办理窗口', right: t.windowHint });
  b.push({ type: 'columns', left: en ? '前面等候 Ahead' : '前面等候', right: en ? `${t.waitingAhead} 人 people` : `${t.waitingAhead} 人` });
  b.push({
    type: 'columns',
    left: en ? '预计等候 Wait' : '预计等候',
    right: en ? `约 ${t.estimatedWaitMinutes} 分钟 min` : `约 ${t.estimatedWaitMinutes} 分钟`,
  });
  b.push({ type: 'columns', left: en ? '取号时间 Issued' : '取号时间', right: hallTime(t.issuedAt, options.utcOffsetMinutes) });
  b.push({ type: 'feed', lines: 1 });
  b.push({ type: 'qr', data: t.trackUrl, moduleSize: narrow ? 5 : 6, errorCorrection: 'M', align: 'center' });
  b.push({ type: 'text', text: '微信扫码查看排队进度', align: 'center' });
  if (en) b.push({ type: 'text', text: 'Scan to follow the queue', align: 'center' });
  b.push({ type: 'rule' });
  b.push({ type: 'text', text: t.guidance ?? '请留意叫号，过号请到服务台重新取号。', align: 'left' });
  if (en && t.guidance === undefined) b.push({ type: 'text', text: 'Please listen for your number. If you miss it, ask at the service desk.', align: 'left' });
  b.push({ type: 'cut' });
  return b;
}

/** The filing receipt handed over when materials are submitted. */
export function filingReceiptDocument(r: FilingReceiptPrint, printer: PrinterOptions, options: LayoutOptions = {}): PrintDocument {
  text(r.trackingCode, 'trackingCode', 64);
  text(r.serviceName, 'serviceName');
  if (!Array.isArray(r.items) || !Array.isArray(r.materials)) throw new TypeError('items and materials must be arrays');
  const en = r.english === true;
  const b: PrintBlock[] = [];
  b.push({ type: 'text', text: r.hallName ?? DEFAULT_HALL, align: 'center', bold: true, height: 2 });
  b.push({ type: 'text', text: en ? '收件回执 Filing receipt' : '收件回执', align: 'center', bold: true });
  b.push({ type: 'rule' });
  b.push({ type: 'text', text: en ? '受理编号 Tracking code' : '受理编号', align: 'center' });
  b.push({ type: 'text', text: r.trackingCode, align: 'center', bold: true, width: 2, height: 2 });
  if (/^[\x20-\x7e]+$/.test(r.trackingCode)) b.push({ type: 'barcode', data: r.trackingCode, height: 60, align: 'center', hri: 'none' });
  b.push({ type: 'columns', left: en ? '办理事项 Service' : '办理事项', right: r.serviceName });
  if (r.applicant) b.push({ type: 'columns', left: en ? '申请人 Applicant' : '申请人', right: r.applicant });
  b.push({ type: 'columns', left: en ? '提交时间 Submitted' : '提交时间', right: hallTime(r.submittedAt, options.utcOffsetMinutes) });
  b.push({ type: 'rule' });
  b.push({ type: 'text', text: en ? '申请事项 Items' : '申请事项', bold: true });
  r.items.forEach((item, i) => b.push({ type: 'text', text: `${i + 1}. ${text(item, `items[${i}]`)}` }));
  b.push({ type: 'text', text: en ? '已收材料 Materials received' : '已收材料', bold: true });
  r.materials.forEach((m, i) => {
    const copies = count(m.copies, `materials[${i}].copies`);
    const kind = m.original ? (en ? '原件 original' : '原件') : en ? '复印件 copy' : '复印件';
    b.push({ type: 'columns', left: `${i + 1}. ${text(m.name, `materials[${i}].name`)}`, right: `${kind} ×${copies}` });
  });
  b.push({ type: 'rule' });
  if (r.trackUrl) {
    b.push({ type: 'qr', data: r.trackUrl, moduleSize: printer.paperWidthMm === 58 ? 4 : 5, align: 'center' });
    b.push({ type: 'text', text: en ? '扫码查询办理进度 Scan to track' : '扫码查询办理进度', align: 'center' });
  }
  b.push({ type: 'text', text: r.guidance ?? '请妥善保管本回执，凭受理编号查询或领取结果。' });
  if (en && r.guidance === undefined) b.push({ type: 'text', text: 'Keep this receipt; quote the tracking code to check or collect the result.' });
  b.push({ type: 'feed', lines: 1 });
  b.push({ type: 'columns', left: en ? '收件人签字 Received by' : '收件人签字', right: '________' });
  b.push({ type: 'cut' });
  return b;
}
