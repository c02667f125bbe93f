// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/kiosk-api.ts';
import { setKioskApi } from '../kiosk.ts';
import { refusalOf } from '../refusal.ts';
import { FakeKioskApi, FakeLink, flush, maskedCard, ticketFor } from '../testing/fake-kiosk-api.ts';
import { bindKiosk } from '../wiring.ts';
import { useDeviceStore } from './device.ts';
import { type GreenKind, useGreenChannelStore } from './green-channel.ts';
import { useHallStore } from './hall.ts';
import { useServicesStore } from './services.ts';
import { useSessionStore } from './session.ts';
import { useSettingsStore } from './settings.ts';

let api: FakeKioskApi;
let link: FakeLink;

async function kiosk(connected = true) {
  setActivePinia(createPinia());
  api = new FakeKioskApi();
  link = new FakeLink(connected);
  setKioskApi(api);
  bindKiosk(api, link);
  await flush();
  const session = useSessionStore();
  session.touch(1_000);
  return session;
}

beforeEach(async () => {
  await kiosk();
});

/** A visitor swiped their card and chose a service. */
function cardholderChose(serviceCode: string, card = maskedCard()) {
  api.emit('card', card);
  const session = useSessionStore();
  session.chooseService(serviceCode);
  return session;
}

/** A member of staff vouches for the visitor's green channel: their staff number and PIN typed on the keypad. */
async function staffVouches(kind?: GreenKind) {
  const green = useGreenChannelStore();
  useSessionStore().askStaffForGreenChannel();
  if (kind) green.choose(kind);
  for (const k of '1001') green.type(k);
  green.focus('pin');
  for (const k of '2468') green.type(k);
  await useSessionStore().submitGreenChannel();
}

describe('session: a walk-in with an ID card', () => {
  it('issues against the swiped card and shows the ticket', async () => {
    const session = useSessionStore();
    api.emit('card', maskedCard());
    expect(session.step).toBe('services');
    expect(session.card?.nameMasked).toBe('张*明');
    session.chooseService('HJ-001');
    expect(session.step).toBe('confirm');
    await session.confirm();
    expect(api.calls.issueTicket).toEqual([[{ serviceCode: 'HJ-001', withCard: true }]]);
    expect(session.step).toBe('ticket');
    expect(session.ticket?.number).toBe('A012');
  });

  it('issues without a card when the visitor has no ID and the hall allows it', async () => {
    const session = useSessionStore();
    session.start();
    session.noId();
    session.chooseService('CRJ-001');
    await session.confirm();
    expect(api.calls.issueTicket).toEqual([[{ serviceCode: 'CRJ-001', withCard: false }]]);
  });

  it('keeps a visitor without ID on the identify screen when the hall forbids anonymous tickets', async () => {
    const session = useSessionStore();
    useHallStore().setInfo({ ...api.infoValue, policy: { anonymousTickets: false, greenChannelAge: 65 } });
    session.start();
    session.noId();
    expect(session.step).toBe('identify');
  });

  it('refuses a service that is closed or out of quota without asking the host', async () => {
    const session = cardholderChose('CRJ-002');
    expect(session.step).toBe('refused');
    expect(session.refusal).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(api.callCount('issueTicket')).toBe(0);
  });

  it('offers the green channel when the card qualifies by age and the service has one', () => {
    const session = cardholderChose('HJ-001', maskedCard({ age: 70, greenChannelByAge: true }));
    expect(session.greenChannelOffered).toBe(true);
    session.back();
    session.chooseService('GJJ-001');
    expect(session.greenChannelOffered).toBe(false);
  });

  it('sends the green channel a staff member vouched for with this visitor’s ticket only', async () => {
    const session = cardholderChose('HJ-001');
    const green = useGreenChannelStore();
    expect(session.greenChannelVouchable).toBe(true);
    await staffVouches('military');
    expect(session.step).toBe('confirm');
    await session.confirm();
    expect(api.calls.issueTicket?.[0]).toEqual([{ serviceCode: 'HJ-001', withCard: true, greenChannel: 'military' }]);
    expect(green.vouched).toBeNull();
    session.done();
    cardholderChose('HJ-001');
    await session.confirm();
    expect(api.calls.issueTicket?.[1]).toEqual([{ serviceCode: 'HJ-001', withCard: true }]);
  });

  it('forgets a staff member’s word with the visitor, and lets it lapse at its expiry', async () => {
    const session = cardholderChose('HJ-001');
    const green = useGreenChannelStore();
    await staffVouches();
    expect(green.forTicket(Date.now() + 6 * 60_000)).toBeUndefined();
    expect(green.vouched).toBeNull();
    await staffVouches();
    expect(green.vouched).not.toBeNull();
    session.wipe();
    expect(green.vouched).toBeNull();
  });

  it('stops claiming a staff member’s word the host no longer holds', async () => {
    const session = cardholderChose('HJ-001');
    const green = useGreenChannelStore();
    await staffVouches();
    api.nextIssue = { code: 'GREEN_CHANNEL_NEEDS_STAFF' };
    await session.confirm();
    expect(session.step).toBe('refused');
    expect(green.vouched).toBeNull();
  });

  it('offers staff the green channel only for a ticket taken here, for a service that has one', () => {
    const session = cardholderChose('GJJ-001');
    expect(session.greenChannelVouchable).toBe(false);
    session.askStaffForGreenChannel();
    expect(session.step).toBe('confirm');
    session.back();
    session.chooseService('HJ-001');
    expect(session.greenChannelVouchable).toBe(true);
    session.back();
    session.back();
    session.startTypingCode();
    for (const k of '20250303') session.typeKey(k);
    session.submitAppointmentCode();
    expect(session.step).toBe('confirm');
    expect(session.greenChannelVouchable).toBe(false);
  });

  it('does not offer the green channel to a younger visitor', () => {
    const session = cardholderChose('HJ-001');
    expect(session.greenChannelOffered).toBe(false);
  });

  it('shows an offline ticket as offline', async () => {
    const session = useSessionStore();
    api.emit('hall', { online: false, since: 'x', pendingOffline: 2 });
    api.hallValue = { online: false, since: 'x', pendingOffline: 2 };
    expect(useHallStore().online).toBe(false);
    cardholderChose('HJ-001');
    await session.confirm();
    expect(session.ticket?.offline).toBe(true);
  });
});

describe('session: appointments', () => {
  it('checks in a typed appointment code and shows its ticket', async () => {
    const session = useSessionStore();
    session.start();
    session.startTypingCode();
    for (const k of '20250303') session.typeKey(k);
    session.submitAppointmentCode();
    expect(session.step).toBe('confirm');
    await session.confirm();
    expect(api.calls.checkIn).toEqual([['20250303']]);
    expect(session.step).toBe('ticket');
  });

  it('sends an unknown code back to the keypad with the host’s refusal', async () => {
    const session = useSessionStore();
    session.start();
    session.startTypingCode();
    session.typeKey('9');
    session.submitAppointmentCode();
    await session.confirm();
    expect(session.step).toBe('refused');
    expect(session.refusal).toEqual({ code: 'APPOINTMENT_NOT_FOUND' });
    session.back();
    expect(session.step).toBe('appointment-code');
  });

  it('takes a scanned appointment QR from the attract screen to confirmation', () => {
    const session = useSessionStore();
    api.emit('scan', { kind: 'appointment', text: '20250303', at: 'x' });
    expect(session.step).toBe('confirm');
    expect(session.appointmentCode).toBe('20250303');
  });

  it('answers a scan that is not ours with a friendly refusal', () => {
    const session = useSessionStore();
    session.start();
    api.emit('scan', { kind: 'url', text: 'https://example.com', at: 'x' });
    expect(session.step).toBe('refused');
    expect(session.refusal?.code).toBe('SCAN_NOT_OURS');
    session.back();
    expect(session.step).toBe('identify');
  });
});

describe('session: device states', () => {
  it('refuses to issue when the printer is out of paper, without calling the host', async () => {
    const session = cardholderChose('HJ-001');
    api.emit(
      'devices',
      api.devicesValue.map((d) => (d.device === 'printer' ? { ...d, state: 'error' as const, code: 'PAPER_OUT' } : d)),
    );
    expect(session.issueBlock).toBe('PRINTER_PAPER_OUT');
    await session.confirm();
    expect(session.refusal).toEqual({ code: 'PRINTER_PAPER_OUT' });
    expect(api.callCount('issueTicket')).toBe(0);
  });

  it('refuses to issue while the device service is down', async () => {
    const session = await kiosk();
    cardholderChose('HJ-001');
    link.set(false);
    await session.confirm();
    expect(session.refusal?.code).toBe('AGENT_UNREACHABLE');
  });

  it('shows a printing refusal from the host with its code and details', async () => {
    const session = useSessionStore();
    api.nextIssue = { code: 'PRINTER_COVER_OPEN', details: { printer: 'COVER_OPEN' } };
    cardholderChose('HJ-001');
    await session.confirm();
    expect(session.refusal).toEqual({ code: 'PRINTER_COVER_OPEN', details: { printer: 'COVER_OPEN' } });
    session.back();
    expect(session.step).toBe('services');
    expect(session.card).not.toBeNull();
  });

  it('turns a card read error into a refusal with a way back', () => {
    const session = useSessionStore();
    session.start();
    api.emit('card:error', { code: 'CARD_READ_FAILED' });
    expect(session.step).toBe('refused');
    session.back();
    expect(session.step).toBe('identify');
  });
});

describe('session: privacy and idle', () => {
  it('wipes everything the visitor swiped, typed or chose when idle for 60 s', async () => {
    const session = useSessionStore();
    const services = useServicesStore();
    api.emit('card', maskedCard());
    services.chooseCategory('户籍');
    services.typeSearch('H');
    session.chooseService('HJ-001');
    session.touch(10_000);
    session.tick(69_999);
    expect(session.step).toBe('confirm');
    session.tick(70_000);
    await flush();
    expect(session.step).toBe('attract');
    expect(session.card).toBeNull();
    expect(session.chosenServiceCode).toBeNull();
    expect(session.codeInput).toBe('');
    expect(session.appointmentCode).toBeNull();
    expect(services.search).toBe('');
    expect(services.category).toBeNull();
    expect(api.callCount('forgetVisitor')).toBe(1);
    expect(api.holdsCard).toBe(false);
  });

  it('wipes a typed appointment code on timeout', () => {
    const session = useSessionStore();
    session.start();
    session.startTypingCode();
    session.typeKey('1');
    session.typeKey('2');
    session.tick(61_000);
    expect(session.step).toBe('attract');
    expect(session.codeInput).toBe('');
  });

  it('doubles the idle timeout in elderly mode', () => {
    const session = useSessionStore();
    useSettingsStore().toggleElderly();
    session.start();
    session.tick(61_000);
    expect(session.step).toBe('identify');
    session.tick(121_000);
    expect(session.step).toBe('attract');
  });

  it('shows a countdown only in the last 10 seconds', () => {
    const session = useSessionStore();
    session.start();
    session.tick(50_000);
    expect(session.countdown).toBeNull();
    session.tick(51_500);
    expect(session.countdown).toBe(10);
    session.tick(60_200);
    expect(session.countdown).toBe(1);
  });

  it('starts the idle clock over on every touch', () => {
    const session = useSessionStore();
    session.start();
    session.touch(55_000);
    session.tick(100_000);
    expect(session.step).toBe('identify');
  });

  it('returns from the ticket to the attract screen after 15 s and resets language and elderly mode', async () => {
    const session = useSessionStore();
    const settings = useSettingsStore();
    settings.setLocale('en');
    settings.toggleElderly();
    cardholderChose('HJ-001');
    await session.confirm();
    session.tick(1_000 + 29_999);
    expect(session.step).toBe('ticket');
    session.tick(1_000 + 30_000);
    expect(session.step).toBe('attract');
    expect(session.ticket).toBeNull();
    expect(settings.locale).toBe('zh-CN');
    expect(settings.elderly).toBe(false);
  });

  it('never times out while a ticket is issuing', () => {
    const session = useSessionStore();
    session.flow = { step: 'issuing', via: 'card', back: null };
    session.tick(10_000_000);
    expect(session.step).toBe('issuing');
  });

  it('forgets the card when the visitor walks back to identification', () => {
    const session = useSessionStore();
    api.emit('card', maskedCard());
    session.back();
    expect(session.step).toBe('identify');
    expect(session.card).toBeNull();
    expect(api.callCount('forgetVisitor')).toBe(1);
  });

  it('keeps a new visitor’s card when it is swiped over the last ticket', async () => {
    const session = cardholderChose('HJ-001');
    await session.confirm();
    api.emit('card', maskedCard({ nameMasked: '李*' }));
    expect(session.step).toBe('services');
    expect(session.ticket).toBeNull();
    expect(session.card?.nameMasked).toBe('李*');
    expect(api.callCount('forgetVisitor')).toBe(0);
  });
});

describe('session: queue lookup', () => {
  it('shows the people ahead for a typed ticket number', async () => {
    const session = useSessionStore();
    api.lookups.set('A012', { number: 'A012', status: 'waiting', serviceCode: 'HJ-001', waitingAhead: 3, estimatedWaitMinutes: 9 });
    session.startLookup();
    for (const k of 'a012') session.typeKey(k);
    await session.submitLookup();
    expect(session.step).toBe('lookup-result');
    expect(session.lookupResult?.waitingAhead).toBe(3);
  });

  it('looks a scanned ticket up straight from the attract screen', async () => {
    const session = useSessionStore();
    api.lookups.set('B003', { number: 'B003', status: 'called', serviceCode: 'CRJ-001', waitingAhead: 0, estimatedWaitMinutes: 0, windowNo: 7 });
    api.emit('scan', { kind: 'ticket', text: 'B003', at: 'x' });
    await flush();
    expect(session.step).toBe('lookup-result');
    expect(session.lookupResult?.windowNo).toBe(7);
  });

  it('refuses an unknown number and goes back to the keypad', async () => {
    const session = useSessionStore();
    session.startLookup();
    session.typeKey('Z');
    await session.submitLookup();
    expect(session.refusal?.code).toBe('TICKET_NOT_FOUND');
    session.back();
    expect(session.step).toBe('lookup');
  });
});

describe('refusals', () => {
  it('keep the code and the details of a KioskError', () => {
    const err = new KioskError({ code: 'QUOTA_EXCEEDED', details: { hallCode: 'QUOTA_EXCEEDED' } });
    expect(refusalOf(err)).toEqual({ code: 'QUOTA_EXCEEDED', details: { hallCode: 'QUOTA_EXCEEDED' } });
  });

  it('turn anything unexpected into the generic internal refusal', () => {
    expect(refusalOf(new Error('boom'))).toEqual({ code: 'INTERNAL' });
    expect(refusalOf(undefined)).toEqual({ code: 'INTERNAL' });
  });
});

describe('wiring', () => {
  it('loads the terminal, services, devices and hall link when the device service connects', async () => {
    await kiosk(false);
    expect(api.callCount('info')).toBe(0);
    expect(useHallStore().agentConnected).toBe(false);
    link.set(true);
    await flush();
    expect(useHallStore().info?.terminalName).toBe('一楼取号机 1');
    expect(useServicesStore().all).toHaveLength(6);
    expect(useDeviceStore().canPrint).toBe(true);
    link.set(false);
    expect(useDeviceStore().loaded).toBe(false);
    link.set(true);
    await flush();
    expect(api.callCount('info')).toBe(2);
  });

  it('keeps the ticket the host returned even when the carrier answers late', async () => {
    const session = useSessionStore();
    api.nextIssue = { ticket: ticketFor('HJ-001', { number: 'A099' }), printed: false };
    cardholderChose('HJ-001');
    await session.confirm();
    expect(session.ticket?.number).toBe('A099');
    expect(session.printed).toBe(false);
  });
});
