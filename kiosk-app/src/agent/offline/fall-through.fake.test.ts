/**
 * The offline fall-through rules at the ticket kiosk, over the in-memory
 * hall (testing/fake-hall.ts) and an in-memory printer: a request that
 * cannot reach the hall is served from the lease, a hall that answers is
 * never overruled by one, and a green channel never comes from one.
 * fall-through.test.ts stages the same faults over a real TCP line to a
 * real hall.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosPrinterSimulator, FakeTransport } from '@hall/drivers';
import { KioskError, type IssueResult } from '../../shared/kiosk-api.ts';
import { Catalogue } from '../catalogue.ts';
import { DeviceHub } from '../devices/device-hub.ts';
import { EscPosTicketPrinter } from '../devices/escpos-printer.ts';
import { AgentHost } from '../host.ts';
import { FakeHall, hallService, hallSnapshot, hallTicket, refusal } from '../testing/fake-hall.ts';
import { until } from '../testing/rig.ts';
import { fakeTerminal, tempDirs } from '../testing/scratch.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { OfflineStore } from './offline-store.ts';
import { OutboxSync } from './outbox-sync.ts';

const DAY = '2026-03-14';
const tempDir = tempDirs('kiosk-fall-through-fake-');
const SERVICE = hallService('S1');

type Kiosk = { host: AgentHost; printer: EscPosPrinterSimulator; store: OfflineStore; close(): Promise<void> };

/** A ticket kiosk over `hall`: a printer on an in-memory line, five leased numbers (C901–C905) and the catalogue already known. */
async function kioskOver(hall: FakeHall, dir: string): Promise<Kiosk> {
  const transport = new FakeTransport({ name: 'printer' });
  const printer = new EscPosPrinterSimulator(transport.device);
  const devices = new DeviceHub(fakeTerminal(dir, { printer: 'generic-escpos-80' }), {
    transportFor: () => transport,
    printerFor: (device, t, logger) => new EscPosTicketPrinter(device, t, { logger, terminalName: 'T1' }),
    printerPollMs: 0,
  });
  const store = new OfflineStore(join(dir, 'outbox.db'));
  store.addLease({
    id: 'L1',
    day: DAY,
    serviceCode: SERVICE.code,
    prefix: 'C',
    from: 901,
    to: 905,
    numbers: ['C901', 'C902', 'C903', 'C904', 'C905'],
    used: [],
  });
  const catalogue = new Catalogue(store);
  catalogue.setServices([SERVICE]);
  catalogue.setSnapshot(hallSnapshot([SERVICE], DAY));
  const leases = new LeaseKeeper({ store, hall, blockSize: 5, lowWater: 0 });
  const outbox = new OutboxSync({ store, hall, retry: { initialMs: 10, maxMs: 10 } });
  const host = new AgentHost({
    role: 'ticket',
    terminalName: 'T1',
    trackBaseUrl: 'https://hall.test/t/',
    hall,
    devices,
    store,
    catalogue,
    leases,
    outbox,
    newKey: () => 'key-1',
  });
  await devices.start();
  return {
    host,
    printer,
    store,
    async close() {
      host.dispose();
      await Promise.all([leases.close(), outbox.close(), host.idle()]);
      await devices.close();
      store.close();
    },
  };
}

describe('issuing when the hall is lost between the online check and the request (in memory)', () => {
  let hall: FakeHall;
  let kiosk: Kiosk;

  beforeEach(async () => {
    hall = new FakeHall({ snapshot: hallSnapshot([SERVICE], DAY) })
      .answer('reportDevices', ({ body }) => ({
        terminalId: 'k1',
        name: 'T1',
        role: 'kiosk',
        online: true,
        lastSeen: `${DAY}T01:00:00.000Z`,
        devices: body.devices,
      }))
      .answer('listServices', { services: [SERVICE] })
      .answer('leaseNumbers', refusal(409, 'LEASE_SPACE_EXHAUSTED'));
    kiosk = await kioskOver(hall, tempDir());
  });

  afterEach(async () => {
    await kiosk?.close();
  });

  const issue = (request: Record<string, unknown>) => kiosk.host.call('issueTicket', [request]) as Promise<IssueResult>;
  const refusalOf = (request: Record<string, unknown>) =>
    issue(request).then(
      () => undefined,
      (err: unknown) => err as KioskError,
    );

  it('a request that cannot reach the hall, while the link still looks online, is served a printed ticket from the lease, which reaches the hall once it is back', async () => {
    hall.answer('syncOfflineTickets', ({ params, body }) => ({
      tickets: body.tickets.map((t) => hallTicket(t.number, SERVICE.code, { id: `t-${params.leaseId}-${t.number}`, offline: true })),
    }));
    hall.cut();
    expect(kiosk.host.hallState().online).toBe(true);

    const { ticket, printed } = await issue({ serviceCode: SERVICE.code });

    expect(hall.sent('issueTicket')).toEqual([{ body: { serviceCode: SERVICE.code }, idempotencyKey: 'key-1' }]);
    expect(printed).toBe(true);
    expect(ticket).toMatchObject({ number: 'C901', offline: true });
    expect(kiosk.printer.lines.map((l) => l.trim())).toContain('C901');
    expect(kiosk.printer.lines.some((l) => l.includes('离线取号'))).toBe(true);
    expect(kiosk.host.hallState()).toMatchObject({ online: false, pendingOffline: 1 });

    hall.goOnline();
    await until(() => kiosk.store.pendingCount() === 0, 2000, 'the outbox drained');
    expect(hall.sent('syncOfflineTickets')).toEqual([{ params: { leaseId: 'L1' }, body: { tickets: [{ number: 'C901', issuedAt: ticket.issuedAt }] } }]);
    expect(kiosk.store.find('L1', 'C901')).toMatchObject({ state: 'synced', ticketId: 't-L1-C901' });
  });

  it('a hall the link already knows is gone is not asked: the ticket comes from the lease at once', async () => {
    hall.goOffline();
    const { ticket } = await issue({ serviceCode: SERVICE.code });
    expect(ticket).toMatchObject({ number: 'C901', offline: true });
    expect(hall.sent('issueTicket')).toEqual([]);
  });

  it('a hall that refuses is shown as its refusal, and nothing is printed or queued offline', async () => {
    hall.answer('issueTicket', refusal(409, 'QUOTA_EXCEEDED', { quotaLeft: 0 }));

    const refused = await refusalOf({ serviceCode: SERVICE.code });

    expect(refused).toBeInstanceOf(KioskError);
    expect(refused?.code).toBe('QUOTA_EXCEEDED');
    expect(refused?.details).toMatchObject({ hallCode: 'QUOTA_EXCEEDED', quotaLeft: 0 });
    expect(kiosk.printer.lines).toEqual([]);
    expect(kiosk.host.hallState()).toMatchObject({ online: true, pendingOffline: 0 });
    expect(kiosk.store.all()).toEqual([]);
  });

  it('a hall that fails the request on its side (5xx) answered all the same: shown, never turned into an offline ticket', async () => {
    hall.answer('issueTicket', refusal(503, 'STORE_UNAVAILABLE'));

    const refused = await refusalOf({ serviceCode: SERVICE.code });

    expect(refused).toBeInstanceOf(KioskError);
    expect(refused?.details?.hallCode).toBe('STORE_UNAVAILABLE');
    expect(kiosk.printer.lines).toEqual([]);
    expect(kiosk.host.hallState()).toMatchObject({ online: true, pendingOffline: 0 });
  });

  it('a green channel whose request cannot reach the hall waits for the hall: it is never issued from a lease', async () => {
    hall.answer('grantStaff', ({ body }) => ({ grant: 'g-1', staffNo: body.staffNo, name: '李明', expiresAt: new Date(Date.now() + 300_000).toISOString() }));
    await kiosk.host.call('grantStaff', ['1001', '1357']);
    hall.cut();

    const refused = await refusalOf({ serviceCode: SERVICE.code, greenChannel: 'disabled' });

    expect(hall.sent('issueTicket')).toEqual([{ body: { serviceCode: SERVICE.code, greenChannel: 'disabled', staffGrant: 'g-1' }, idempotencyKey: 'key-1' }]);
    expect(refused?.code).toBe('GREEN_CHANNEL_OFFLINE');
    expect(kiosk.printer.lines).toEqual([]);
    expect(kiosk.host.hallState().pendingOffline).toBe(0);
  });
});
