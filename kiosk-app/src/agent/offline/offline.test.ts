/**
 * A hall outage end to end: the kiosk issues online, the hall goes away, the
 * kiosk issues from its leases (printed and marked offline), the agent itself
 * restarts mid-outage, the hall comes back on the same data, and the outbox
 * drains into the hall's queue in issue order with no number issued twice.
 * The green channel, which only the hall can grant, waits for the hall.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '@hall/server/app';
import { createLogger as hallLogger } from '@hall/server/log';
import { apiClient, demoConfig, startHall, tempDir, type TestHall } from '@hall/server/testing';
import type { IssuedTicket } from '../../shared/kiosk-api.ts';
import { agentReady, liftCard, nextEvent, startAgent, startSimDevices, until, writeProfile, type Agent, type SimDevices } from '../testing/rig.ts';
import { OfflineStore } from './offline-store.ts';

describe('offline issuing through a hall outage', () => {
  let dir: string;
  let hallData: string;
  let hall: TestHall | undefined;
  let revived: Application | undefined;
  let sims: SimDevices;
  let agent: Agent | undefined;
  let profile: string;
  let token: string;
  let hallUrl: string;
  const dataDir = () => join(dir, 'kiosk');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-offline-'));
    hallData = tempDir();
    hall = await startHall({ dataDir: hallData });
    hallUrl = hall.url;
    token = hall.token('kiosk');
    sims = await startSimDevices();
    profile = writeProfile(dir, sims);
    agent = await startAgent({ hallUrl, token, profile, dataDir: dataDir(), host: { printerPollMs: 0, lease: { blockSize: 5, lowWater: 2 } } });
    await agentReady(agent.api);
  });

  afterAll(async () => {
    await agent?.close();
    await hall?.close();
    await revived?.close();
    await sims?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(hallData, { recursive: true, force: true });
  });

  it('issues offline from leases, survives an agent restart, and syncs into the hall in issue order', async () => {
    const services = (await agent!.api.services()).filter((s) => s.issuingNow);
    const service = services.find((s) => s.code === '330106-SB-001')!;
    // Leases are taken in the background once online: wait for this service's block.
    const peek = new OfflineStore(join(dataDir(), 'outbox.db'));
    await until(() => peek.remaining(service.code, (hall!.app.hall.state.counters as { day: string }).day) >= 3, 10_000, 'a lease');
    peek.close();

    const issued: IssuedTicket[] = [];
    const online = await agent!.api.issueTicket({ serviceCode: service.code });
    expect(online.ticket.offline).toBe(false);
    issued.push(online.ticket);
    // A staff member vouches for a visitor's green channel while the hall is there.
    hall!.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
    await agent!.api.grantStaff('1001', '1357');

    // The hall goes away.
    await hall!.close();
    hall = undefined;
    await until(async () => !(await agent!.api.hall()).online, 5000, 'the agent to see the hall gone');

    // Only the hall can check a staff member's word: no green channel from a lease, even one vouched for before, and none vouched for now.
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'issued',
        (e: { code?: string }) => e.code,
      );
    expect(await code(agent!.api.issueTicket({ serviceCode: service.code, greenChannel: 'disabled' }))).toBe('GREEN_CHANNEL_OFFLINE');
    expect(await code(agent!.api.grantStaff('1001', '1357'))).toBe('GREEN_CHANNEL_OFFLINE');
    await agent!.api.forgetVisitor();

    // Offline, with a card: the number comes from the lease, the ticket is printed and marked offline.
    const card = nextEvent(agent!.api, 'card');
    sims.reader.insert('resident');
    await card;
    await liftCard(sims.reader);
    const pendingEvent = nextEvent(agent!.api, 'hall', (h) => h.pendingOffline === 1);
    const first = await agent!.api.issueTicket({ serviceCode: service.code, withCard: true });
    expect(first.ticket.offline).toBe(true);
    expect(first.ticket.number).toMatch(/^C9\d\d$/);
    expect((await pendingEvent).online).toBe(false);
    expect(sims.printer.lines.map((l) => l.trim())).toContain(first.ticket.number);
    expect(sims.printer.lines.some((l) => l.includes('离线取号'))).toBe(true);
    issued.push(first.ticket);
    // The card's number and name wait in the outbox sealed: its files alone name nobody.
    const outboxFile = join(dataDir(), 'outbox.db');
    const onDisk = Buffer.concat([outboxFile, `${outboxFile}-wal`, `${outboxFile}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    for (const personal of ['110101199003078814', '张示例']) expect([personal, onDisk.includes(Buffer.from(personal))]).toEqual([personal, false]);
    await new Promise((r) => setTimeout(r, 5));
    issued.push((await agent!.api.issueTicket({ serviceCode: service.code })).ticket);

    // The agent restarts mid-outage: the outbox and the leases are still there.
    await agent!.close();
    agent = await startAgent({ hallUrl, token, profile, dataDir: dataDir(), host: { printerPollMs: 0 } });
    await until(async () => (await agent!.api.devices()).every((d) => d.state === 'ok'), 10_000, 'devices after the restart');
    expect(await agent!.api.hall()).toMatchObject({ online: false, pendingOffline: 2 });
    expect((await agent!.api.services()).length).toBeGreaterThan(0);
    const afterRestart = await agent!.api.issueTicket({ serviceCode: service.code });
    expect(afterRestart.ticket.offline).toBe(true);
    issued.push(afterRestart.ticket);
    expect((await agent!.api.hall()).pendingOffline).toBe(3);

    // The hall comes back on the same data and port; the agent syncs by itself.
    revived = await createApplication({ dataDir: hallData, seed: demoConfig(), logger: hallLogger({ level: 'silent' }), dayCheckMs: false });
    await revived.listen(Number(new URL(hallUrl).port));
    await until(
      async () => {
        const h = await agent!.api.hall();
        return h.online && h.pendingOffline === 0;
      },
      10_000,
      'the outbox to drain',
    );

    const manager = apiClient(hallUrl, revived.tokens.create('manager', 'test manager'));
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
    const next = await agent!.api.issueTicket({ serviceCode: service.code });
    expect(next.ticket.offline).toBe(false);
    const numbers = [...issued, next.ticket].map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
