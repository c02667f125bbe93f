/**
 * One contract test suite for any KioskApi implementation: the WebSocket to
 * the device agent runs it (src/agent/ws-contract.test.ts), and Electron's
 * preload bridge runs the same suite over IPC. The suite drives the world
 * through a ContractRig (simulated devices, a real hall) and checks only
 * what a renderer can see.
 *
 * Carrier-agnostic: nothing here imports Node or Electron.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskError, type KioskApi } from './kiosk-api.ts';
import { nextEvent } from './next-event.ts';
import type { RpcResponse } from './rpc.ts';

export type ContractRig = {
  api: KioskApi;
  /** The PIN the host was started with. */
  staffPin: string;
  /** Puts a fictional sample card on the simulated reader (resident: 110101199003078814, 张示例). */
  insertCard(kind: 'resident' | 'foreign' | 'foreign2023' | 'hmt'): Promise<void>;
  /** Lifts the card; resolves once the reader has had time to notice (two polls). */
  removeCard(): Promise<void>;
  /** Sends a code from the simulated scanner. */
  scan(text: string): Promise<void>;
  setPrinter(state: 'ok' | 'paper-out' | 'cover-open'): Promise<void>;
  /** Ticket numbers the printer simulator has printed (the big number line of each ticket). */
  printedText(): string[];
  /** Bytes of print jobs the printer received (status queries excluded). */
  printerJobBytes(): number;
  /** Today's tickets in the hall with this number, as a manager sees them. */
  hallTickets(number: string): Promise<{ number: string; status: string; identity?: { masked: string; nameMasked?: string } }[]>;
  /** Number of tickets the hall issued today across services. */
  hallIssuedCount(): Promise<number>;
  /** Enrols a staff member in the hall with their PIN (what a hall manager does). */
  enrolStaff(staffNo: string, name: string, pin: string): Promise<void>;
  /** Books an appointment starting now for a service; returns its code. */
  createAppointment(serviceCode: string): Promise<string>;
  /** Sends one raw request over the carrier (for what KioskApi cannot express) and returns its answer. */
  sendRaw(message: unknown): Promise<RpcResponse | undefined>;
  close(): Promise<void>;
};

const FULL_ID = '110101199003078814';
const FULL_NAME = '张示例';

/** The KioskError a call fails with, a code the screen words (and no words of its own); an answer fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<KioskError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(KioskError);
    const e = err as KioskError;
    expect(e.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(e).not.toHaveProperty('messages');
    return e;
  }
  throw new Error('expected a refusal, got an answer');
}

export function describeKioskApiContract(label: string, setup: () => Promise<ContractRig>): void {
  describe(`KioskApi contract: ${label}`, () => {
    let rig: ContractRig;
    let api: KioskApi;
    const swipe = async (kind: Parameters<ContractRig['insertCard']>[0] = 'resident') => {
      const card = nextEvent(api, 'card');
      await rig.insertCard(kind);
      const masked = await card;
      await rig.removeCard();
      return masked;
    };

    beforeAll(async () => {
      rig = await setup();
      api = rig.api;
    });
    afterAll(async () => rig?.close());

    it('info names the role, the terminal, the hall and its policy', async () => {
      const info = await api.info();
      expect(info.role).toBe('ticket');
      expect(info.terminalName.length).toBeGreaterThan(0);
      expect(info.hall?.name['zh-CN']).toBeTruthy();
      expect(info.policy.greenChannelAge).toBeGreaterThanOrEqual(50);
      expect(info.trackBaseUrl).toMatch(/^https?:\/\//);
    });

    it('services are the hall catalogue with live load', async () => {
      const services = await api.services();
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) {
        expect(s.name['zh-CN']).toBeTruthy();
        expect(typeof s.load.waiting).toBe('number');
        expect(typeof s.issuingNow).toBe('boolean');
      }
    });

    it('devices lists the reader, the printer and the scanner, all working', async () => {
      const devices = await api.devices();
      expect(devices.map((d) => d.device).sort()).toEqual(['idReader', 'printer', 'scanner']);
      for (const d of devices) expect(d.state).toBe('ok');
      expect((await api.hall()).online).toBe(true);
    });

    it('a swiped card reaches the screen masked, never in full', async () => {
      const card = await swipe('resident');
      expect(card.idMasked).toBe('110***********8814');
      expect(card.nameMasked).toBe('张**');
      expect(card.cardType).toBe('resident');
      expect(card.age).toBeGreaterThan(18);
      expect(card.greenChannelByAge).toBe(false);
      const wire = JSON.stringify(card);
      expect(wire).not.toContain(FULL_ID);
      expect(wire).not.toContain(FULL_NAME);
      await api.forgetVisitor();
    });

    it('issuing with the swiped card prints the ticket and queues it in the hall under the masked identity', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow);
      await swipe('resident');
      const { ticket, printed } = await api.issueTicket({ serviceCode: service!.code, withCard: true });
      expect(printed).toBe(true);
      expect(ticket.offline).toBe(false);
      expect(ticket.number).toMatch(/^[A-Z]{1,2}\d{3,}$/);
      expect(ticket.trackUrl).toContain(ticket.number);
      expect(rig.printedText()).toContain(ticket.number);
      const [inHall] = await rig.hallTickets(ticket.number);
      expect(inHall?.status).toBe('waiting');
      expect(inHall?.identity?.masked).toBe('110***********8814');
    });

    it('the card is dropped once a ticket is issued: a second ticket with it needs a new swipe', async () => {
      const services = (await api.services()).filter((s) => s.issuingNow);
      const e = await refusal(api.issueTicket({ serviceCode: services[1]!.code, withCard: true }));
      expect(e.code).toBe('NO_CARD');
    });

    it('forgetVisitor drops the swiped card', async () => {
      const services = (await api.services()).filter((s) => s.issuingNow);
      await swipe('resident');
      await api.forgetVisitor();
      const e = await refusal(api.issueTicket({ serviceCode: services[2]!.code, withCard: true }));
      expect(e.code).toBe('NO_CARD');
    });

    it('a second ticket for the same person and service is refused with the number they hold', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow);
      await swipe('resident');
      const e = await refusal(api.issueTicket({ serviceCode: service!.code, withCard: true }));
      expect(e.code).toBe('DUPLICATE_TICKET');
      await api.forgetVisitor();
    });

    it('paper out refuses issuing with the printer’s state, and nothing is issued or printed', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow);
      await rig.setPrinter('paper-out');
      try {
        const before = await rig.hallIssuedCount();
        const bytes = rig.printerJobBytes();
        const e = await refusal(api.issueTicket({ serviceCode: service!.code }));
        expect(e.code).toBe('PRINTER_PAPER_OUT');
        expect(e.details).toEqual({ printer: 'PAPER_OUT' });
        expect(await rig.hallIssuedCount()).toBe(before);
        expect(rig.printerJobBytes()).toBe(bytes);
      } finally {
        await rig.setPrinter('ok');
      }
    });

    it('an open printer cover refuses issuing too', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow);
      await rig.setPrinter('cover-open');
      try {
        expect((await refusal(api.issueTicket({ serviceCode: service!.code }))).code).toBe('PRINTER_COVER_OPEN');
      } finally {
        await rig.setPrinter('ok');
      }
    });

    it('an unknown service is refused', async () => {
      expect((await refusal(api.issueTicket({ serviceCode: 'NO-SUCH-SERVICE' }))).code).toBe('UNKNOWN_SERVICE');
    });

    it('a call whose parameters are not the method’s is refused, saying where and never what they held, and nothing happens', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow);
      const [issued, printed] = [await rig.hallIssuedCount(), rig.printerJobBytes()];
      const unchecked = (method: 'issueTicket' | 'staffLogin' | 'info', ...params: unknown[]) =>
        refusal((api[method] as (...p: unknown[]) => Promise<unknown>)(...params));
      const issue = await unchecked('issueTicket', { serviceCode: service!.code, withCard: FULL_ID });
      expect(issue.code).toBe('INVALID_REQUEST');
      expect(issue.details).toEqual({ method: 'issueTicket', path: [0, 'withCard'] });
      const login = await unchecked('staffLogin', Number(rig.staffPin));
      expect(login.code).toBe('INVALID_REQUEST');
      expect(login.details).toEqual({ method: 'staffLogin', path: [0] });
      expect((await unchecked('info', 'more')).details).toEqual({ method: 'info', path: [] });
      expect(await rig.hallIssuedCount()).toBe(issued);
      expect(rig.printerJobBytes()).toBe(printed);
      expect((await refusal(api.reprintLast())).code).toBe('STAFF_ONLY');
    });

    it('checking in a well-formed but unknown appointment code is refused as not found', async () => {
      expect((await refusal(api.checkIn('99999999'))).code).toBe('APPOINTMENT_NOT_FOUND');
    });

    it('a malformed appointment code is refused before the hall is asked', async () => {
      expect((await refusal(api.checkIn('abc'))).code).toBe('INVALID_APPOINTMENT_CODE');
    });

    it('checking in a booked appointment prints its ticket; checking in twice is refused', async () => {
      const service = (await api.services()).find((s) => s.appointment);
      const code = await rig.createAppointment(service!.code);
      const { ticket } = await api.checkIn(code);
      expect(ticket.serviceCode).toBe(service!.code);
      expect(rig.printedText()).toContain(ticket.number);
      expect((await refusal(api.checkIn(code))).code).toBe('ALREADY_CHECKED_IN');
    });

    it('a scanned appointment QR arrives as an appointment scan; a scanned ID number arrives masked', async () => {
      const appointment = nextEvent(api, 'scan');
      await rig.scan('https://zwfw.example.gov.cn/appointment?code=12345678');
      expect(await appointment).toMatchObject({ kind: 'appointment', text: '12345678' });
      const id = nextEvent(api, 'scan');
      await rig.scan(FULL_ID);
      const scanned = await id;
      expect(scanned.kind).toBe('id-number');
      expect(scanned.text).not.toContain(FULL_ID);
    });

    it('lookupTicket finds a ticket issued today with the people ahead', async () => {
      const [, service] = (await api.services()).filter((s) => s.issuingNow);
      const { ticket } = await api.issueTicket({ serviceCode: service!.code });
      const found = await api.lookupTicket(ticket.number.toLowerCase());
      expect(found).toMatchObject({ number: ticket.number, status: 'waiting', serviceCode: service!.code });
      expect(typeof found.waitingAhead).toBe('number');
    });

    it('lookupTicket refuses unknown and malformed numbers', async () => {
      expect((await refusal(api.lookupTicket('Z998'))).code).toBe('TICKET_NOT_FOUND');
      expect((await refusal(api.lookupTicket('12'))).code).toBe('INVALID_TICKET_NUMBER');
    });

    it('staff functions need the PIN: a wrong PIN is refused, the right one opens reprint and test print', async () => {
      expect((await refusal(api.reprintLast())).code).toBe('STAFF_ONLY');
      expect((await refusal(api.testPrint())).code).toBe('STAFF_ONLY');
      expect(await api.staffLogin('0000')).toBe(false);
      expect(await api.staffLogin(rig.staffPin)).toBe(true);
      const before = rig.printerJobBytes();
      const { ticket } = await api.reprintLast();
      expect(rig.printerJobBytes()).toBeGreaterThan(before);
      expect(rig.printedText().filter((l) => l === ticket.number).length).toBeGreaterThanOrEqual(2);
      await api.testPrint();
    });

    it('a staff member vouches for the green channel with their own staff number and PIN, checked by the hall; the screen never sees the grant', async () => {
      const [service] = (await api.services()).filter((s) => s.issuingNow && s.greenChannel);
      await rig.enrolStaff('7001', '陈静', '5791');
      expect((await refusal(api.issueTicket({ serviceCode: service!.code, greenChannel: 'disabled' }))).code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
      expect((await refusal(api.grantStaff('7001', '0000'))).code).toBe('WRONG_PIN');
      const vouch = await api.grantStaff('7001', '5791');
      expect(vouch).toEqual({ staffNo: '7001', name: '陈静', expiresAt: expect.any(String) });
      const { ticket } = await api.issueTicket({ serviceCode: service!.code, greenChannel: 'disabled' });
      expect(ticket.priority).toBe('disabled');
    });

    it('filing and counter methods are refused at a ticket kiosk', async () => {
      expect((await refusal(api.filingServices())).code).toBe('NOT_FILING');
      expect((await refusal(api.stagePage({ materialId: 'm1', contentType: 'image/jpeg', dataBase64: '/9j/4A==' }))).code).toBe('NOT_FILING');
      expect((await refusal(api.lookupFiling('0000-0000-0000'))).code).toBe('NOT_FILING');
      expect((await refusal(api.filingPage('0'.repeat(64)))).code).toBe('NOT_COUNTER');
    });

    it('the carrier refuses methods outside the API', async () => {
      const answer = await rig.sendRaw({ type: 'request', id: 7, method: 'constructor', params: [] });
      expect(answer?.error?.code).toBe('UNKNOWN_METHOD');
    });
  });
}
