/**
 * The ticket kiosk end to end in headless Chromium: the built renderer served
 * by a real hall at /kiosk/, the device agent on simulated devices (socat
 * ptys), a visitor tapping through the screens. What the visitor sees is
 * checked against what the printer simulator decoded and what the hall
 * queued. One renderer build and one browser serve every test.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, SAMPLE_CARDS } from '@hall/drivers';
import type { NumberLease } from '@hall/server/model';
import { OfflineStore } from '../../src/agent/offline/offline-store.ts';
import { liftCard, STAFF_PIN, until } from '../../src/agent/testing/rig.ts';
import {
  atStep,
  chooseService,
  hallTickets,
  printedLines,
  printedQrs,
  residentCard,
  sel,
  tap,
  textOf,
  ticketCut,
  type KioskPage,
  type KioskStack,
} from './kiosk-e2e.ts';
import { builtRendererInChromium, kioskStackOn } from './fixtures.ts';

const SOCIAL = { category: '社保', walkIn: '330106-SB-001', other: '330106-SB-002' };
const EXIT_ENTRY = { category: '出入境', appointment: '330106-CRJ-001' };
const OUTAGE_MS = 120_000;

describe('ticket kiosk in headless Chromium', () => {
  const chromium = builtRendererInChromium();
  /** A stack's kiosk page, opened for this test. */
  const visit = async (fixture: { readonly stack: KioskStack }) => {
    const kiosk = await chromium.open(fixture.stack.agent.pageUrl);
    return { stack: fixture.stack, kiosk, page: kiosk.page };
  };

  /** The page's DOM and everything on its agent socket hold neither the full ID number nor the full name. */
  async function expectNoIdentity(kiosk: KioskPage, card: { idNumber: string; name: string; address?: string }): Promise<void> {
    const html = await kiosk.page.content();
    expect(html).not.toContain(card.idNumber);
    expect(html).not.toContain(card.name);
    if (card.address) expect(html).not.toContain(card.address);
    const wire = kiosk.frames.join('\n');
    expect(kiosk.frames.length, 'frames on the agent socket were recorded').toBeGreaterThan(0);
    expect(wire).not.toContain(card.idNumber);
    expect(wire).not.toContain(card.name);
  }

  describe('with the hall online', () => {
    const online = kioskStackOn(chromium);

    it('a visitor who swipes an ID card and picks a service gets the ticket on screen, on paper and in the hall’s queue, and sees only a masked identity', async () => {
      const { stack, kiosk, page } = await visit(online);
      const card = SAMPLE_CARDS.resident;

      stack.sims.reader.insert('resident');
      await atStep(page, 'services');
      const lifted = liftCard(stack.sims.reader);
      await expectNoIdentity(kiosk, card);
      // The card did cross the socket, masked: the check above looked at the frames that carried it.
      expect(kiosk.frames.join('\n')).toContain(maskIdNumber(card.idNumber));

      await chooseService(page, SOCIAL.category, SOCIAL.walkIn);
      expect(await textOf(page, 'confirm-name')).toBe(maskName(card.name));
      expect(await textOf(page, 'confirm-id')).toBe('110***********8814');
      await expectNoIdentity(kiosk, card);

      const mark = stack.sims.printer.printed.length;
      await tap(page, 'confirm');
      await atStep(page, 'ticket');
      const number = await textOf(page, 'ticket-number');
      expect(number).toMatch(/^C\d{3}$/);
      expect(await page.locator(sel('ticket-offline')).count()).toBe(0);
      expect(await page.locator(sel('ticket-not-printed')).count()).toBe(0);
      expect(await textOf(page, 'ticket-visitor')).toBe(`${maskName(card.name)} · ${maskIdNumber(card.idNumber)}`);
      await expectNoIdentity(kiosk, card);

      // The printer simulator decoded the same number from the bytes it received, and its QR points at it.
      await ticketCut(stack.sims, mark);
      const printed = printedLines(stack.sims, mark);
      expect(printed).toContain(number);
      expect(printed.join('\n')).not.toContain(card.idNumber);
      expect(printedQrs(stack.sims, mark).some((q) => q.includes(number))).toBe(true);

      // The hall queued exactly that ticket, for that service, with the identity it holds masked.
      const [ticket, ...others] = await hallTickets(stack.manager, number);
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({ number, serviceCode: SOCIAL.walkIn, status: 'waiting', source: 'kiosk' });
      expect(ticket!.offline ?? false).toBe(false);
      expect(ticket!.identity?.masked).toBe(maskIdNumber(card.idNumber));
      const queue = stack.hall.app.hall.state.queues.get(SOCIAL.walkIn) ?? [];
      expect(queue.map((t) => t.number)).toContain(number);

      await tap(page, 'done');
      await atStep(page, 'attract');
      await expectNoIdentity(kiosk, card);
      await lifted;
    }, 30_000);

    it('an appointment QR scanned at the kiosk checks the appointment in: ticket printed and queued as an appointment', async () => {
      const { stack, page } = await visit(online);
      const integration = stack.hall.api(stack.hall.token('integration'));
      const now = Date.now();
      const booked = await integration.post('/api/v1/appointments', {
        serviceCode: EXIT_ENTRY.appointment,
        slotStart: new Date(now - 5 * 60_000).toISOString(),
        slotEnd: new Date(now + 25 * 60_000).toISOString(),
      });
      expect(booked.status).toBe(201);
      const code = booked.body.code as string;
      expect(code).toMatch(/^\d{6,10}$/);

      await stack.sims.scanner.scan(`https://zwfw.example.gov.cn/appointment?code=${code}`);
      await atStep(page, 'confirm');
      expect(await textOf(page, 'confirm-appointment')).toBe(code);

      const mark = stack.sims.printer.printed.length;
      await tap(page, 'confirm');
      await atStep(page, 'ticket');
      const number = await textOf(page, 'ticket-number');
      expect(number).toMatch(/^B\d{3}$/);

      await ticketCut(stack.sims, mark);
      expect(printedLines(stack.sims, mark)).toContain(number);

      const [ticket, ...others] = await hallTickets(stack.manager, number);
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({ number, serviceCode: EXIT_ENTRY.appointment, status: 'waiting', source: 'appointment' });
      const state = stack.hall.app.hall.state;
      const appointment = state.appointments.get(state.appointmentsByCode.get(code)!);
      expect(appointment).toMatchObject({ status: 'checked-in', ticketId: ticket!.id });
      expect((state.queues.get(EXIT_ENTRY.appointment) ?? []).map((t) => t.number)).toContain(number);

      await tap(page, 'done');
      await atStep(page, 'attract');
    }, 30_000);

    it('a disabled visitor’s green channel is vouched for on screen by a staff member’s own number and PIN, checked by the hall, and the hall queues the ticket as disabled', async () => {
      const { stack, kiosk, page } = await visit(online);
      stack.hall.app.staff.upsert({ staffNo: '1001', name: '李明' }, '1357');
      stack.sims.reader.insert(residentCard('赵示例', '11010119800101001'));
      await atStep(page, 'services');
      const lifted = liftCard(stack.sims.reader);
      await chooseService(page, SOCIAL.category, SOCIAL.other);

      await tap(page, 'green-ask-staff');
      await atStep(page, 'green-staff');
      await tap(page, 'green-kind-disabled');
      const typeKeys = async (keys: string) => {
        for (const k of keys) await tap(page, `key-${k}`);
      };
      await typeKeys('1001');
      await tap(page, 'green-pin');
      await typeKeys('1111');
      expect(await textOf(page, 'keypad-display')).toBe('••••');
      await tap(page, 'green-submit');
      await page.locator(sel('error')).waitFor({ timeout: 5000 });
      expect(await textOf(page, 'error')).toBe('工号或密码错误。');
      await typeKeys('1357');
      await tap(page, 'green-submit');
      await atStep(page, 'confirm');
      expect(await textOf(page, 'green-vouched')).toBe('残疾人绿色通道已由工作人员 李明（工号 1001）确认，优先叫号');
      // The hall's grant stays in the agent: nothing on the page or its socket carries one.
      expect(kiosk.frames.join('\n')).not.toMatch(/"grant"/);

      await tap(page, 'confirm');
      await atStep(page, 'ticket');
      const number = await textOf(page, 'ticket-number');
      const [ticket] = await hallTickets(stack.manager, number);
      expect(ticket).toMatchObject({ number, serviceCode: SOCIAL.other, priority: 'disabled' });
      await tap(page, 'done');
      await atStep(page, 'attract');
      await lifted;
    }, 30_000);

    it('a printer out of paper is refused with a pointer to the help desk: nothing issued in the hall, nothing printed', async () => {
      const { stack, page } = await visit(online);
      const { printer } = stack.sims;
      const ticketsBefore = stack.hall.app.hall.state.tickets.size;
      const leasesBefore = stack.hall.app.hall.state.leases.size;
      const printedBefore = printer.printed.length;
      const jobBytesBefore = printer.jobBytes;

      await tap(page, 'start');
      await atStep(page, 'identify');
      await tap(page, 'no-id');
      await chooseService(page, SOCIAL.category, SOCIAL.other);

      try {
        // The roll runs out while the visitor is on the confirmation.
        printer.setState('paper-out');
        await tap(page, 'confirm');
        await atStep(page, 'refused');
        const message = await textOf(page, 'error');
        expect(message).toContain('缺纸');
        expect(message).toContain('服务台');

        expect(stack.hall.app.hall.state.tickets.size).toBe(ticketsBefore);
        expect(stack.hall.app.hall.state.leases.size).toBe(leasesBefore);
        expect(await stack.agent.api.hall()).toMatchObject({ online: true, pendingOffline: 0 });
        expect(printer.printed.length).toBe(printedBefore);
        expect(printer.jobBytes).toBe(jobBytesBefore);

        // The kiosk now shows the printer's state, and will not take another visitor's request.
        await page.locator(sel('device-printer'), { hasText: '缺纸' }).waitFor();
        await tap(page, 'back');
        await atStep(page, 'services');
        expect(await textOf(page, 'issue-blocked')).toContain('服务台');
        await tap(page, 'back');
        await atStep(page, 'identify');
        await tap(page, 'back');
        await atStep(page, 'attract');
        expect(await textOf(page, 'issue-blocked')).toContain('服务台');
        expect(await page.locator(sel('start')).isDisabled()).toBe(true);
        expect(stack.hall.app.hall.state.tickets.size).toBe(ticketsBefore);
      } finally {
        printer.setState('ok');
      }

      // Staff refill the roll and run a test print: the kiosk takes visitors again.
      expect(await stack.agent.api.staffLogin(STAFF_PIN)).toBe(true);
      await stack.agent.api.testPrint();
      await page.locator(`${sel('start')}:not([disabled])`).waitFor();
      expect(await page.locator(sel('issue-blocked')).count()).toBe(0);
    }, 30_000);
  });

  describe('through a hall outage', () => {
    const outage = kioskStackOn(chromium, { lease: { blockSize: 5, lowWater: 2 } });

    it('keeps issuing from its leased numbers through a 2-minute outage, marks them offline, and the hall queues them by issue time once back, with no number repeated', async () => {
      const { stack, page } = await visit(outage);
      const { sims } = stack;
      const service = SOCIAL.walkIn;
      const day = stack.hall.app.hall.state.counters.day;

      // The agent leases a block for the service while online.
      const peek = new OfflineStore(join(stack.dataDir, 'outbox.db'));
      try {
        await until(() => peek.remaining(service, day) >= 3, 10_000, 'a lease of numbers for the service');
      } finally {
        peek.close();
      }
      const leases = [...stack.hall.app.hall.state.leases.values()].filter((l) => l.serviceCode === service);
      expect(leases.length).toBeGreaterThan(0);

      /** One visitor: swipe (or 没带身份证), choose, confirm; returns the number on screen and what was printed for it. */
      const visitor = async (card: ReturnType<typeof residentCard> | null) => {
        if (card) {
          sims.reader.insert(card);
          await atStep(page, 'services');
        } else {
          await tap(page, 'start');
          await atStep(page, 'identify');
          await tap(page, 'no-id');
        }
        const lifted = card ? liftCard(sims.reader) : Promise.resolve();
        await chooseService(page, SOCIAL.category, service);
        const mark = sims.printer.printed.length;
        await tap(page, 'confirm');
        await atStep(page, 'ticket');
        const number = await textOf(page, 'ticket-number');
        const offline = (await page.locator(sel('ticket-offline')).count()) > 0;
        await ticketCut(sims, mark);
        const printed = printedLines(sims, mark);
        await tap(page, 'done');
        await atStep(page, 'attract');
        await lifted;
        return { number, offline, printed };
      };

      const online = await visitor(residentCard('王示例', '33010619800101001'));
      expect(online.offline).toBe(false);
      expect(online.printed).toContain(online.number);
      expect(online.printed.join('\n')).not.toContain('离线');
      expect(await page.locator(sel('hall-offline')).count()).toBe(0);

      // The hall goes away.
      await stack.hall.stop();
      const downAt = Date.now();
      await page.locator(sel('hall-offline')).waitFor();
      expect(await textOf(page, 'hall-offline')).toContain('网络中断');

      const offlineCard = residentCard('李示例', '33010619750505002');
      const offline = [await visitor(offlineCard), await visitor(null), await visitor(residentCard('赵示例', '33010619920909003'))];
      for (const t of offline) {
        expect(t.offline, `${t.number} shown as issued offline`).toBe(true);
        expect(t.printed).toContain(t.number);
        expect(
          t.printed.some((l) => l.includes('离线取号')),
          `${t.number} printed marked offline`,
        ).toBe(true);
        const n = Number(t.number.slice(1));
        expect(t.number[0]).toBe('C');
        expect(
          leases.some((l) => n >= l.from && n <= l.to),
          `${t.number} from a leased block`,
        ).toBe(true);
      }
      expect(await stack.agent.api.hall()).toMatchObject({ online: false, pendingOffline: 3 });
      await page.locator('.status-bar', { hasText: '3 张离线票待同步' }).waitFor();

      // Two minutes without the hall; the kiosk still says so.
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
      expect(await page.locator(sel('hall-offline')).count()).toBe(1);
      expect(stack.hall.running).toBe(false);

      // The hall comes back on the same data and port; the agent syncs by itself.
      await stack.hall.start();
      await until(
        async () => {
          const link = await stack.agent.api.hall();
          return link.online && link.pendingOffline === 0;
        },
        20_000,
        'the outbox to drain into the hall',
      );
      await page.locator(sel('hall-offline')).waitFor({ state: 'detached' });
      await page.locator('.status-bar', { hasText: '离线票待同步' }).waitFor({ state: 'detached' });

      const state = stack.hall.app.hall.state;
      const issued = [online, ...offline];
      const inHall = await Promise.all(
        issued.map(async (t) => {
          const found = await hallTickets(stack.manager, t.number);
          expect(found, `${t.number} in the hall once`).toHaveLength(1);
          return found[0]!;
        }),
      );
      expect(inHall.map((t) => t.status)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
      expect(inHall.map((t) => t.offline ?? false)).toEqual([false, true, true, true]);
      expect(inHall[1]!.identity?.masked).toBe(maskIdNumber(offlineCard.idNumber));

      // The queue holds them in issue order.
      const queued = (state.queues.get(service) ?? []).filter((t) => issued.some((i) => i.number === t.number));
      expect(queued.map((t) => t.number)).toEqual(issued.map((t) => t.number));
      const issuedAt = queued.map((t) => t.issuedAt);
      expect(issuedAt).toEqual([...issuedAt].sort((a, b) => a - b));
      expect(issuedAt[1]!).toBeGreaterThanOrEqual(downAt);
      const ahead = inHall.map((t) => t.waitingAhead);
      expect(new Set(ahead).size).toBe(4);
      expect(ahead).toEqual([...ahead].sort((a, b) => a - b));
      // The hall counts the synced numbers as used on their leases.
      const used = [...state.leases.values()].filter((l: NumberLease) => l.serviceCode === service).flatMap((l) => l.used);
      for (const t of offline) expect(used).toContain(Number(t.number.slice(1)));

      // Online again: a fresh number, none handed out twice, in the hall or on paper.
      const after = await visitor(residentCard('孙示例', '33010619880808004'));
      expect(after.offline).toBe(false);
      const numbers = [...issued, after].map((t) => t.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      const today = [...state.tickets.values()].filter((t) => t.day === day).map((t) => t.number);
      expect(new Set(today).size).toBe(today.length);
    }, 240_000);
  });
});
