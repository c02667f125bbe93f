/**
 * The rules of trust (docs/security.md), walked as a table over a real hall:
 * every operation that touches a visitor's ticket, filing or rating, by every
 * role, on its own object and on someone else's. Each cell says what that
 * caller gets; the attacks found against earlier versions are cells here.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/store/audit.ts';
import { citizenCheckChar } from '../src/domain/identity.ts';
import { filePassport, PASSPORT, scannedPage, sha256 } from './filing-fixtures.ts';
import { refusal, startHall, statusOf, type TestClient, type TestHall } from './harness.ts';

const CLERK = { staffNo: '3007', name: '周敏', pin: '2468' };

type Caller = 'issuer' | 'otherKiosk' | 'counter3' | 'counter4' | 'wall' | 'screen3' | 'screen4' | 'manager' | 'integration';

describe('who may see or change which object', () => {
  let hall: TestHall;
  /** Window 3 serves passports: its counter handles "own" visitors; window 4's counter is "another window". */
  let as: Record<Caller, TestClient>;
  let tokens: Record<Caller, string>;

  /** The hall's clock: real time, plus what a test moves it on by. */
  let skew = 0;

  beforeAll(async () => {
    hall = await startHall({ clock: () => Date.now() + skew });
    tokens = {
      issuer: hall.token('kiosk'),
      otherKiosk: hall.token('kiosk'),
      counter3: hall.token('counter', 3),
      counter4: hall.token('counter', 4),
      wall: hall.token('display'),
      screen3: hall.token('display', 3),
      screen4: hall.token('display', 4),
      manager: hall.token('manager'),
      integration: hall.token('integration'),
    };
    as = Object.fromEntries(Object.entries(tokens).map(([caller, token]) => [caller, hall.client(token)])) as Record<Caller, TestClient>;
    await hall.app.staff.upsert({ staffNo: CLERK.staffNo, name: CLERK.name }, CLERK.pin);
  });
  afterAll(() => hall.close());

  let visitors = 0;
  /** The visitor of the last visitorAtWindow3(): a fictional resident with a valid number of their own. */
  let ZHANG = { idNumber: '', name: '张三丰' };

  /** A new visitor with their card and a pre-registered filing, called to window 3 where a clerk has signed in. */
  async function visitorAtWindow3(signIn = true) {
    const n = ++visitors;
    const first17 = `33010619850312${String(200 + n).padStart(3, '0')}`;
    ZHANG = { idNumber: first17 + citizenCheckChar(first17), name: '张三丰' };
    const seed = n * 10;
    const filing = await filePassport(as.issuer, ZHANG, seed);
    expect(as.issuer.lastStatus()).toBe(201);
    const ticket = await as.issuer.call('issueTicket', { body: { serviceCode: PASSPORT, idNumber: ZHANG.idNumber, name: ZHANG.name } });
    await expect(as.issuer.call('linkFilingTicket', { params: { trackingCode: filing.trackingCode }, body: { ticketId: ticket.id } })).resolves.toBeDefined();
    if (signIn) await expect(as.counter3.call('signIn', { params: { windowNo: 3 }, body: { staffNo: CLERK.staffNo, pin: CLERK.pin } })).resolves.toBeDefined();
    // Whoever waited before is served and finished first, so this visitor is the one at the window.
    for (;;) {
      const current = hall.app.hall.state.windows.get(3)?.currentTicketId;
      if (current) await expect(as.counter3.call('finishTicket', { params: { ticketId: current } })).resolves.toBeDefined();
      const called = await as.counter3.call('callNext', { params: { windowNo: 3 } });
      expect(called, 'a ticket called to window 3').toBeDefined();
      if (called!.id === ticket.id) break;
    }
    return { ticket, trackingCode: filing.trackingCode, page: sha256(scannedPage(seed)) };
  }

  describe('a visitor’s ID number and name (getTicket)', () => {
    it.each([
      ['the window handling them, clerk signed in', 'counter3', 'revealed'],
      ['another window', 'counter4', 'masked'],
      ['the kiosk that issued the ticket', 'issuer', 'masked'],
      ['another kiosk', 'otherKiosk', 'masked'],
      ['the manager', 'manager', 'masked'],
      ['the integration', 'integration', 'masked'],
      ['a display', 'wall', 'absent'],
    ] as const)('%s: %s', async (_who, caller, expected) => {
      const { ticket } = await visitorAtWindow3();
      const seen = await as[caller].call('getTicket', { params: { ticketId: ticket.id } });
      const shown = JSON.stringify(seen);
      if (expected === 'revealed')
        expect(seen.identity, JSON.stringify(hall.app.hall.state.windows.get(3))).toMatchObject({ number: ZHANG.idNumber, name: ZHANG.name });
      else expect(shown).not.toContain(ZHANG.idNumber);
      expect(shown.includes(ZHANG.name)).toBe(expected === 'revealed');
      if (expected === 'absent') expect(seen.identity).toBeUndefined();
    });

    it('the window handling them with nobody signed in sees them masked, and a clerk invented in an open request is refused', async () => {
      const current = hall.app.hall.state.windows.get(3)?.currentTicketId;
      if (current) await as.counter3.call('finishTicket', { params: { ticketId: current } });
      await expect(as.counter3.call('signOut', { params: { windowNo: 3 } })).resolves.toBeDefined();
      const fake = await hall.api(tokens.counter3).post('/api/v1/windows/3/open', { clerk: { staffNo: '9999', name: '假冒' } });
      expect(fake.status).toBe(400);
      await expect(as.counter3.call('openWindow', { params: { windowNo: 3 } })).resolves.toBeDefined();
      const { ticket } = await visitorAtWindow3(false);
      const seen = await as.counter3.call('getTicket', { params: { ticketId: ticket.id } });
      expect(JSON.stringify(seen)).not.toContain(ZHANG.idNumber);
      expect(hall.app.hall.state.windows.get(3)?.clerk).toBeUndefined();
    });
  });

  describe('a filing: applicant, form and pages', () => {
    it.each([
      ['the window handling its ticket, clerk signed in', 'counter3', 'full'],
      ['another window', 'counter4', 'masked'],
      ['the manager', 'manager', 'full'],
      ['the kiosk', 'issuer', 'masked'],
      ['the integration', 'integration', 'masked'],
    ] as const)('getFiling by %s: %s', async (_who, caller, expected) => {
      const { trackingCode } = await visitorAtWindow3();
      const seen = await as[caller].call('getFiling', { params: { trackingCode } });
      expect(JSON.stringify(seen).includes(ZHANG.idNumber)).toBe(expected === 'full');
      expect(seen.form !== undefined).toBe(expected === 'full');
    });

    it.each([
      ['the window handling its ticket', 'counter3', 200],
      ['another window', 'counter4', 403],
      ['the manager', 'manager', 200],
      ['a kiosk', 'issuer', 403],
      ['the integration', 'integration', 403],
      ['a display', 'wall', 403],
    ] as const)('a page’s bytes to %s: %s', async (_who, caller, status) => {
      const { page } = await visitorAtWindow3();
      expect(await statusOf(as[caller], as[caller].call('getFilingFile', { params: { sha256: page } }))).toBe(status);
    });

    it.each([
      ['the window handling the person', 'counter3', 200],
      ['another window', 'counter4', 403],
      ['the kiosk holding their card', 'issuer', 200],
    ] as const)('look-up by ID number from %s: %s', async (_who, caller, status) => {
      await visitorAtWindow3();
      expect(await statusOf(as[caller], as[caller].call('findFilings', { body: { idNumber: ZHANG.idNumber } }))).toBe(status);
    });

    it('the case of a ticket goes only to its window (getTicketFiling)', async () => {
      const { ticket } = await visitorAtWindow3();
      await expect(as.counter3.call('getTicketFiling', { params: { ticketId: ticket.id } })).resolves.toBeDefined();
      await expect(as.counter4.call('getTicketFiling', { params: { ticketId: ticket.id } })).rejects.toMatchObject({ status: 403 });
    });

    it('a filing code appears on the ticket only for its window, the issuing kiosk and managers', async () => {
      const { ticket, trackingCode } = await visitorAtWindow3();
      for (const [caller, sees] of [
        ['counter3', true],
        ['issuer', true],
        ['manager', true],
        ['counter4', false],
        ['otherKiosk', false],
        ['integration', false],
        ['wall', false],
      ] as const) {
        expect((await as[caller].call('getTicket', { params: { ticketId: ticket.id } })).filingCode === trackingCode, caller).toBe(sees);
      }
    });
  });

  describe('cancelling a ticket', () => {
    it.each([
      ['the kiosk that issued it', 'issuer', 200],
      ['another kiosk', 'otherKiosk', 403],
      ['the integration', 'integration', 403],
      ['a window not handling it', 'counter4', 403],
      ['the manager', 'manager', 200],
    ] as const)('%s: %s, and a refusal names no ticket', async (_who, caller, status) => {
      const ticket = await as.issuer.call('issueTicket', { body: { serviceCode: PASSPORT } });
      const cancel = as[caller].call('cancelTicket', { params: { ticketId: ticket.id }, body: { reason: '访客离开' } });
      if (status === 200) {
        await expect(cancel).resolves.toBeDefined();
        return;
      }
      const refused = await refusal(cancel);
      expect(refused.status).toBe(status);
      const said = JSON.stringify([refused.message, refused.details]);
      expect(said).not.toContain(ticket.id);
      expect(said).not.toContain(ticket.number);
      expect(hall.app.hall.state.tickets.get(ticket.id)?.status).toBe('waiting');
    });

    it('the window handling the visitor passes the rule, and meets the queue’s own: a called visitor is finished or a no-show, not cancelled', async () => {
      const { ticket } = await visitorAtWindow3();
      const refused = await refusal(as.counter3.call('cancelTicket', { params: { ticketId: ticket.id }, body: { reason: '访客离开' } }));
      expect(refused.status).toBe(409);
      expect(refused.code).not.toBe('NOT_YOUR_TICKET');
    });
  });

  describe('好差评: a rating', () => {
    async function finishedAtWindow3() {
      const { ticket } = await visitorAtWindow3();
      await expect(as.counter3.call('finishTicket', { params: { ticketId: ticket.id } })).resolves.toBeDefined();
      return ticket;
    }

    it.each([
      ['the counter that served it', 'counter3', 201],
      ['that window’s own screen', 'screen3', 201],
      ['another window’s screen', 'screen4', 403],
      ['the hall wall (a display bound to no window)', 'wall', 403],
      ['another window', 'counter4', 403],
      ['a kiosk', 'issuer', 403],
      ['the manager', 'manager', 403],
    ] as const)('from %s: %s', async (_who, caller, status) => {
      const ticket = await finishedAtWindow3();
      expect(await statusOf(as[caller], as[caller].call('rateTicket', { params: { ticketId: ticket.id }, body: { level: 1, reason: '态度差' } }))).toBe(status);
    });

    it('is taken once, and not half an hour after the service', async () => {
      const ticket = await finishedAtWindow3();
      const rate = (client: TestClient, ticketId: string) => client.call('rateTicket', { params: { ticketId }, body: { level: 5 } });
      expect(await statusOf(as.screen3, rate(as.screen3, ticket.id))).toBe(201);
      await expect(rate(as.counter3, ticket.id)).rejects.toMatchObject({ status: 409 });
      const late = await finishedAtWindow3();
      skew += 31 * 60_000;
      try {
        await expect(rate(as.counter3, late.id)).rejects.toMatchObject({ status: 403, code: 'RATING_CLOSED' });
      } finally {
        skew -= 31 * 60_000;
      }
    });
  });

  describe('acting on a visitor at another window', () => {
    const act = {
      'no-show': (params: { ticketId: string }) => as.counter4.call('skipTicket', { params }),
      finish: (params: { ticketId: string }) => as.counter4.call('finishTicket', { params }),
      start: (params: { ticketId: string }) => as.counter4.call('startService', { params }),
      transfer: (params: { ticketId: string }) => as.counter4.call('transferTicket', { params, body: { toServiceCode: '330106-CRJ-002' } }),
    };
    it.each(['no-show', 'finish', 'start', 'transfer'] as const)('%s by another window is refused and changes nothing', async (verb) => {
      const { ticket } = await visitorAtWindow3();
      await expect(act[verb]({ ticketId: ticket.id })).rejects.toMatchObject({ status: 403 });
      expect(hall.app.hall.state.tickets.get(ticket.id)?.status).toBe('called');
    });
  });

  describe('socket events', () => {
    it('a window not handling a visitor hears of their ticket without the filing code or their identity; managers get the code', async () => {
      const counter4 = await hall.connect('/counter', hall.token('counter', 4));
      const manager = await hall.connect('/manager', hall.token('manager'));
      const { ticket, trackingCode } = await visitorAtWindow3();
      await new Promise((r) => setTimeout(r, 200));
      const heard = counter4.log.filter((m) => m.event === 'ticket:updated' && m.payload.id === ticket.id);
      expect(heard.length).toBeGreaterThan(0);
      expect(JSON.stringify(heard)).not.toContain(trackingCode);
      expect(JSON.stringify(heard)).not.toContain(ZHANG.idNumber);
      expect(JSON.stringify(manager.log)).toContain(trackingCode);
      expect(JSON.stringify(manager.log)).not.toContain(ZHANG.idNumber);
      counter4.socket.disconnect();
      manager.socket.disconnect();
    });
  });

  describe('the security log', () => {
    it('records every reveal with who, the clerk, which ticket or filing and why — never the person', async () => {
      const { ticket, trackingCode } = await visitorAtWindow3();
      await as.counter3.call('getTicket', { params: { ticketId: ticket.id } });
      await as.manager.call('getFiling', { params: { trackingCode } });
      const day = hall.app.hall.state.counters.day;
      const { entries } = await as.manager.call('listAudit', { query: { from: day, to: day } });
      expect(entries).toContainEqual(
        expect.objectContaining({
          operation: 'revealIdentity',
          target: `ticket:${ticket.id}`,
          actor: expect.objectContaining({ role: 'counter', staffNo: CLERK.staffNo }),
        }),
      );
      expect(entries).toContainEqual(
        expect.objectContaining({ operation: 'revealFiling', target: `filing:${trackingCode}`, actor: expect.objectContaining({ role: 'manager' }) }),
      );
      expect(JSON.stringify(entries)).not.toContain(ZHANG.idNumber);
      expect(JSON.stringify(entries)).not.toContain(ZHANG.name);
    });

    it('records a cancel in the same commit as the cancel, and the chain verifies', async () => {
      const ticket = await as.issuer.call('issueTicket', { body: { serviceCode: PASSPORT } });
      await as.issuer.call('cancelTicket', { params: { ticketId: ticket.id }, body: { reason: '访客离开' } });
      const db = new Database(join(hall.dataDir, 'hall.db'), { readonly: true });
      try {
        expect(db.prepare('SELECT COUNT(*) FROM audit_log WHERE operation = ? AND target = ?').pluck().get('cancelTicket', `ticket:${ticket.id}`)).toBe(1);
        expect(verifyChain(db)).toMatchObject({ ok: true });
      } finally {
        db.close();
      }
    });

    it('refuses to change or delete a row, and a row changed behind its back breaks the chain at that row', async () => {
      await as.manager.call('getFiling', { params: { trackingCode: (await visitorAtWindow3()).trackingCode } });
      const db = new Database(join(hall.dataDir, 'hall.db'));
      try {
        expect(() => db.prepare("UPDATE audit_log SET name = 'x'").run()).toThrow(/append-only/);
        expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
        const copy = new Database(':memory:');
        copy.exec(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_log'").pluck().get() as string);
        const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, unknown>[];
        const insert = copy.prepare(
          `INSERT INTO audit_log (${Object.keys(rows[0]!).join(', ')}) VALUES (${Object.keys(rows[0]!)
            .map((k) => '@' + k)
            .join(', ')})`,
        );
        for (const row of rows) insert.run(row);
        expect(verifyChain(copy)).toMatchObject({ ok: true });
        const victim = rows[Math.floor(rows.length / 2)]!.id as number;
        copy.prepare("UPDATE audit_log SET target = 'ticket:someone-else' WHERE id = ?").run(victim);
        expect(verifyChain(copy)).toMatchObject({ ok: false, brokenAt: victim });
        copy.close();
      } finally {
        db.close();
      }
    });
  });
  describe('the disabled/military green channel', () => {
    it('at a kiosk needs a staff member’s grant, proved by their PIN at the hall; the log names who vouched', async () => {
      const needsStaff = { status: 403, code: 'GREEN_CHANNEL_NEEDS_STAFF' };
      await expect(as.issuer.call('issueTicket', { body: { serviceCode: PASSPORT, greenChannel: 'disabled' } })).rejects.toMatchObject(needsStaff);
      await expect(as.issuer.call('grantStaff', { body: { staffNo: CLERK.staffNo, pin: '0000' } })).rejects.toMatchObject({ status: 403, code: 'WRONG_PIN' });
      const granted = await as.issuer.call('grantStaff', { body: { staffNo: CLERK.staffNo, pin: CLERK.pin } });
      const stolen = as.otherKiosk.call('issueTicket', { body: { serviceCode: PASSPORT, greenChannel: 'disabled', staffGrant: granted.grant } });
      await expect(stolen).rejects.toMatchObject(needsStaff);
      const issued = await as.issuer.call('issueTicket', { body: { serviceCode: PASSPORT, greenChannel: 'disabled', staffGrant: granted.grant } });
      expect(issued.priority).toBe('disabled');
      const day = hall.app.hall.state.counters.day;
      const { entries } = await as.manager.call('listAudit', { query: { from: day, to: day } });
      expect(entries).toContainEqual(
        expect.objectContaining({
          operation: 'greenChannel',
          target: `ticket:${issued.id}`,
          after: expect.objectContaining({ vouchedBy: `staff:${CLERK.staffNo}` }),
        }),
      );
      expect(entries).toContainEqual(expect.objectContaining({ operation: 'pinFailed', target: `staff:${CLERK.staffNo}` }));
    });

    it('is refused to the integration, and at a counter with nobody signed in', async () => {
      const military = { body: { serviceCode: PASSPORT, greenChannel: 'military' as const } };
      await expect(as.integration.call('issueTicket', military)).rejects.toMatchObject({ status: 403, code: 'GREEN_CHANNEL_NEEDS_STAFF' });
      await expect(as.counter4.call('issueTicket', military)).rejects.toMatchObject({ status: 403, code: 'GREEN_CHANNEL_NEEDS_STAFF' });
    });
  });

  describe('tokens in the security log', () => {
    it('a token created and revoked is recorded by id and role, never by its secret or name', async () => {
      const secret = hall.app.tokens.create('display', '3号窗口屏 王芳家门口', 3);
      const id = hall.app.tokens.list().find((t) => t.name === '3号窗口屏 王芳家门口')!.id;
      hall.app.tokens.revoke(id);
      const day = hall.app.hall.state.counters.day;
      const { entries } = await as.manager.call('listAudit', { query: { from: day, to: day } });
      expect(entries.filter((e) => e.target === `token:${id}`).map((e) => e.operation)).toEqual(['createToken', 'revokeToken']);
      expect(JSON.stringify(entries)).not.toContain(secret);
      expect(JSON.stringify(entries)).not.toContain('王芳家门口');
    });
  });
});
