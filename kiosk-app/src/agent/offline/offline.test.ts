/**
 * A hall outage end to end: the kiosk issues online, the hall goes away, the
 * kiosk issues from its leases (printed and marked offline), the agent itself
 * restarts mid-outage, the hall comes back on the same data, and the outbox
 * drains into the hall's queue in issue order with no number issued twice.
 * The green channel, which only the hall can grant, waits for the hall.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTicket } from '../../shared/kiosk-api.ts';
import { liftCard, startKioskRig, until, type KioskRig } from '../testing/rig.ts';
import { nextEvent } from '../../shared/next-event.ts';
import { OfflineStore } from './offline-store.ts';

describe('offline issuing through a hall outage', () => {
  let rig: KioskRig;
  const api = () => rig.agent.api;

  beforeAll(async () => {
    rig = await startKioskRig({ host: { lease: { blockSize: 5, lowWater: 2 } } });
  });
  afterAll(async () => rig?.close());

  it('issues offline from leases, survives an agent restart, and syncs into the hall in issue order', async () => {
    const services = (await api().services()).filter((s) => s.issuingNow);
    const service = services.find((s) => s.code === '330106-SB-001')!;
    // Leases are taken in the background once online: wait for this service's block.
    const peek = new OfflineStore(join(rig.dataDir, 'outbox.db'));
    await until(() => peek.remaining(service.code, (rig.hall.app.hall.state.counters as { day: string }).day) >= 3, 10_000, 'a lease');
    peek.close();

    const issued: IssuedTicket[] = [];
    const online = await api().issueTicket({ serviceCode: service.code });
    expect(online.ticket.offline).toBe(false);
    issued.push(online.ticket);
    // A staff member vouches for a visitor's green channel while the hall is there.
    rig.hall.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
    await api().grantStaff('1001', '1357');

    // The hall goes away.
    await rig.hallDown();
    await until(async () => !(await api().hall()).online, 5000, 'the agent to see the hall gone');

    // Only the hall can check a staff member's word: no green channel from a lease, even one vouched for before, and none vouched for now.
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'issued',
        (e: { code?: string }) => e.code,
      );
    expect(await code(api().issueTicket({ serviceCode: service.code, greenChannel: 'disabled' }))).toBe('GREEN_CHANNEL_OFFLINE');
    expect(await code(api().grantStaff('1001', '1357'))).toBe('GREEN_CHANNEL_OFFLINE');
    await api().forgetVisitor();

    // Offline, with a card: the number comes from the lease, the ticket is printed and marked offline.
    const card = nextEvent(api(), 'card');
    rig.sims.reader.insert('resident');
    await card;
    await liftCard(rig.sims.reader);
    const pendingEvent = nextEvent(api(), 'hall', (h) => h.pendingOffline === 1);
    const first = await api().issueTicket({ serviceCode: service.code, withCard: true });
    expect(first.ticket.offline).toBe(true);
    expect(first.ticket.number).toMatch(/^C9\d\d$/);
    expect((await pendingEvent).online).toBe(false);
    expect(rig.sims.printer.lines.map((l) => l.trim())).toContain(first.ticket.number);
    expect(rig.sims.printer.lines.some((l) => l.includes('离线取号'))).toBe(true);
    issued.push(first.ticket);
    // The card's number and name wait in the outbox sealed: its files alone name nobody.
    const outboxFile = join(rig.dataDir, 'outbox.db');
    const onDisk = Buffer.concat([outboxFile, `${outboxFile}-wal`, `${outboxFile}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    for (const personal of ['110101199003078814', '张示例']) expect([personal, onDisk.includes(Buffer.from(personal))]).toEqual([personal, false]);
    await new Promise((r) => setTimeout(r, 5));
    issued.push((await api().issueTicket({ serviceCode: service.code })).ticket);

    // The agent restarts mid-outage: the outbox and the leases are still there.
    await rig.restartAgent();
    expect(await api().hall()).toMatchObject({ online: false, pendingOffline: 2 });
    expect((await api().services()).length).toBeGreaterThan(0);
    const afterRestart = await api().issueTicket({ serviceCode: service.code });
    expect(afterRestart.ticket.offline).toBe(true);
    issued.push(afterRestart.ticket);
    expect((await api().hall()).pendingOffline).toBe(3);

    // The hall comes back on the same data and port; the agent syncs by itself.
    const manager = await rig.hallBack();
    await until(
      async () => {
        const h = await api().hall();
        return h.online && h.pendingOffline === 0;
      },
      10_000,
      'the outbox to drain',
    );

    const inHall = [];
    for (const t of issued) {
      const found = (await manager.get(`/api/v1/tickets?number=${t.number}`)).body.tickets;
      expect(found).toHaveLength(1);
      inHall.push(found[0]);
    }
    expect(inHall.map((t) => t.status)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(inHall.slice(1).every((t) => t.offline === true)).toBe(true);
    // Merged by issue time: each ticket has exactly the ones issued before it ahead of it.
    const ahead = inHall.map((t) => t.waitingAhead);
    expect(ahead).toEqual([...ahead].sort((a, b) => a - b));
    expect(new Set(ahead).size).toBe(4);
    const withCard = (await manager.get(`/api/v1/tickets/${inHall[1].id}`)).body;
    expect(withCard.identity.masked).toBe('110***********8814');

    // Online again: the next number is a fresh one, never one handed out offline.
    const next = await api().issueTicket({ serviceCode: service.code });
    expect(next.ticket.offline).toBe(false);
    const numbers = [...issued, next.ticket].map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
