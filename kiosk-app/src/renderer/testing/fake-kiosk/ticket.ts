/** The ticket kiosk's methods (`ticket` in kiosk-methods.ts): issuing, checking in, looking up, the green channel's staff, reprints. */
import { KioskError, type IssuedTicket, type IssueRequest, type IssueResult, type KioskErrorBody, type TicketLookup } from '../../../shared/kiosk-api.ts';
import { AT, FakeTerminal } from './common.ts';

export function ticketFor(serviceCode: string, overrides: Partial<IssuedTicket> = {}): IssuedTicket {
  return {
    id: 't-1',
    number: 'A012',
    serviceCode,
    serviceName: { 'zh-CN': '户口迁入登记', en: 'Household registration: moving in' },
    windowHint: '3、4 号窗口',
    waitingAhead: 4,
    estimatedWaitMinutes: 16,
    issuedAt: AT,
    trackUrl: 'http://hall.local/t/A012?k=abc',
    offline: false,
    ...overrides,
  };
}

/** The appointment code the fake hall knows. */
const APPOINTMENT_CODE = '20250303';

export class FakeTicketRole extends FakeTerminal {
  /** The next issue or check-in answers with this, or fails with it when it is an error body. */
  nextIssue: IssueResult | KioskErrorBody | null = null;
  lookups = new Map<string, TicketLookup>();
  /** The hall's answer to grantStaff: who vouches (for `clerkStaffNo` and `staffPin`), or this refusal. */
  nextGrantRefusal: KioskErrorBody | null = null;
  private last: IssuedTicket | null = null;

  private issue(serviceCode: string): IssueResult {
    const next = this.nextIssue;
    this.nextIssue = null;
    if (next && 'code' in next) throw new KioskError(next);
    const result = next ?? { ticket: ticketFor(serviceCode, { offline: !this.hallValue.online }), printed: true };
    this.last = result.ticket;
    return result;
  }
  async issueTicket(request: IssueRequest) {
    this.record('issueTicket', [request]);
    if (request.withCard && !this.held) this.refuse('NO_CARD');
    return this.issue(request.serviceCode);
  }
  async checkIn(code: string) {
    this.record('checkIn', [code]);
    if (code !== APPOINTMENT_CODE) this.refuse('APPOINTMENT_NOT_FOUND');
    return this.issue('HJ-001');
  }
  async lookupTicket(number: string) {
    this.record('lookupTicket', [number]);
    return this.lookups.get(number) ?? this.refuse('TICKET_NOT_FOUND');
  }
  async grantStaff(staffNo: string, pin: string) {
    this.record('grantStaff', [staffNo, pin]);
    const refusal = this.nextGrantRefusal;
    this.nextGrantRefusal = null;
    if (refusal) throw new KioskError(refusal);
    if (!this.hallValue.online) this.refuse('GREEN_CHANNEL_OFFLINE');
    if (staffNo !== this.clerkStaffNo || pin !== this.staffPin) this.refuse('WRONG_PIN');
    return { staffNo, name: '王晓梅', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() };
  }
  async reprintLast() {
    this.record('reprintLast', []);
    return { ticket: this.last ?? this.refuse('NOTHING_TO_REPRINT'), printed: true };
  }
}
