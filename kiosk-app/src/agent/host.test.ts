/**
 * What the agent does beyond the shared contract: withdrawing a ticket whose
 * print failed, dropping an idle visitor's card, telling the hall about its
 * devices, handing staff's "exit kiosk" to the shell, and the green channel
 * vouched for by a staff member whose PIN the hall checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskError } from '../shared/kiosk-api.ts';
import { liftCard, startKioskRig, STAFF_PIN, until, type KioskRig } from './testing/rig.ts';
import { nextEvent } from '../shared/next-event.ts';

describe('the device agent host', () => {
  let rig: KioskRig;
  let manager: ReturnType<KioskRig['hall']['api']>;

  beforeAll(async () => {
    rig = await startKioskRig({ host: { printerPollMs: 150, visitorIdleMs: 400 } });
    manager = rig.hall.api(rig.hall.token('manager'));
  });
  afterAll(async () => rig?.close());

  const serviceCode = '330106-YB-001';

  it('a ticket whose print fails half-way is cancelled on the hall and the visitor is told', async () => {
    rig.sims.printer.paperRunsOutAfter(3);
    let error: unknown;
    try {
      await rig.agent.api.issueTicket({ serviceCode });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KioskError);
    const e = error as KioskError;
    expect(e.code).toBe('PRINT_FAILED');
    const number = e.details?.number as string;
    expect(number).toMatch(/^D\d{3}$/);
    const [ticket] = (await manager.get(`/api/v1/tickets?number=${number}`)).body.tickets;
    expect(ticket.status).toBe('cancelled');
    rig.sims.printer.setState('ok');
  });

  it('the printer running low is shown on screen and reported to the hall, and tickets still print', async () => {
    rig.sims.printer.setState('near-end');
    try {
      await until(async () => (await rig.agent.api.devices()).some((d) => d.device === 'printer' && d.code === 'PAPER_LOW'), 3000, 'paper low');
      await until(
        async () => {
          const terminals = (await manager.get('/api/v1/terminals')).body.terminals as { devices: { device: string; code?: string }[] }[];
          return terminals.some((t) => t.devices.some((d) => d.device === 'printer' && d.code === 'PAPER_LOW'));
        },
        3000,
        'the hall to hear of it',
      );
      const { printed } = await rig.agent.api.issueTicket({ serviceCode });
      expect(printed).toBe(true);
    } finally {
      rig.sims.printer.setState('ok');
    }
  });

  it('a card left unused for the idle time is dropped', async () => {
    const card = nextEvent(rig.agent.api, 'card');
    rig.sims.reader.insert('hmt');
    await card;
    await liftCard(rig.sims.reader);
    const e = await rig.agent.api.issueTicket({ serviceCode, withCard: true }).catch((err: KioskError) => err);
    expect((e as KioskError).code).toBe('NO_CARD');
  });

  it('an elderly visitor is offered the green channel by age', async () => {
    const card = nextEvent(rig.agent.api, 'card');
    rig.sims.reader.insert({ ...(await import('@hall/drivers')).SAMPLE_CARDS.resident, birthDate: '1940-01-01', idNumber: '110101194001010012' });
    const masked = await card;
    await liftCard(rig.sims.reader);
    expect(masked.age).toBeGreaterThanOrEqual(80);
    expect(masked.greenChannelByAge).toBe(true);
    await rig.agent.api.forgetVisitor();
  });

  it('staff asking to leave kiosk mode reaches the shell', async () => {
    let asked = 0;
    rig.agent.device.onExitRequested(() => asked++);
    await expect(rig.agent.api.exitKiosk()).rejects.toMatchObject({ code: 'STAFF_ONLY' });
    expect(await rig.agent.api.staffLogin(STAFF_PIN)).toBe(true);
    await rig.agent.api.exitKiosk();
    expect(asked).toBe(1);
  });

  describe('the disabled/military green channel, vouched for by a staff member the hall checks', () => {
    const clerk = { staffNo: '1001', name: '李明', pin: '1357' };
    const green = () => rig.agent.api.issueTicket({ serviceCode, greenChannel: 'disabled' });
    const refusalOf = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (err: unknown) => err as KioskError,
      );

    beforeAll(() => {
      rig.hall.app.staff.upsert({ staffNo: clerk.staffNo, name: clerk.name }, clerk.pin);
      rig.hall.app.staff.upsert({ staffNo: '1002', name: '王芳' }, '8642');
    });

    it('is refused without a staff member’s word, and the kiosk’s own staff PIN is no such word', async () => {
      expect((await refusalOf(green()))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
      expect(await rig.agent.api.staffLogin(STAFF_PIN)).toBe(true);
      expect((await refusalOf(green()))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
    });

    it('a wrong PIN is the hall’s WRONG_PIN at the kiosk, and vouches for nothing', async () => {
      const e = await refusalOf(rig.agent.api.grantStaff(clerk.staffNo, '0000'));
      expect(e?.code).toBe('WRONG_PIN');
      expect(e?.details?.hallCode).toBe('WRONG_PIN');
      expect((await refusalOf(green()))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
    });

    it('the right staff number and PIN vouch: the screen learns who, never the grant, and the hall queues the ticket as disabled', async () => {
      const vouch = await rig.agent.api.grantStaff(clerk.staffNo, clerk.pin);
      expect(Object.keys(vouch).sort()).toEqual(['expiresAt', 'name', 'staffNo']);
      expect(vouch).toMatchObject({ staffNo: clerk.staffNo, name: clerk.name });
      expect(Date.parse(vouch.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
      const { ticket } = await green();
      expect(ticket.priority).toBe('disabled');
      const inHall = (await manager.get(`/api/v1/tickets/${ticket.id}`)).body;
      expect(inHall.priority).toBe('disabled');
    });

    it('a grant is spent by the ticket it vouched for', async () => {
      expect((await refusalOf(green()))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
    });

    it('a grant goes with the visitor: once they are forgotten it vouches for no one', async () => {
      await rig.agent.api.grantStaff(clerk.staffNo, clerk.pin);
      await rig.agent.api.forgetVisitor();
      expect((await refusalOf(green()))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
    });

    it('a grant does not pass to the next visitor’s card', async () => {
      await rig.agent.api.grantStaff(clerk.staffNo, clerk.pin);
      const card = nextEvent(rig.agent.api, 'card');
      rig.sims.reader.insert('resident');
      await card;
      await liftCard(rig.sims.reader);
      expect((await refusalOf(rig.agent.api.issueTicket({ serviceCode, withCard: true, greenChannel: 'military' })))?.code).toBe('GREEN_CHANNEL_NEEDS_STAFF');
      await rig.agent.api.forgetVisitor();
    });

    it('a staff number the hall locked after wrong PINs is STAFF_LOCKED at the kiosk, with the wait from Retry-After', async () => {
      const answers: (string | undefined)[] = [];
      for (let i = 0; i < 5; i++) answers.push((await refusalOf(rig.agent.api.grantStaff('1002', '0000')))?.code);
      expect(answers).toEqual(['WRONG_PIN', 'WRONG_PIN', 'WRONG_PIN', 'WRONG_PIN', 'STAFF_LOCKED']);
      // Locked, even the right PIN waits.
      const e = await refusalOf(rig.agent.api.grantStaff('1002', '8642'));
      expect(e?.code).toBe('STAFF_LOCKED');
      expect(e?.details?.retryAfterS).toBeGreaterThan(60);
      expect(JSON.stringify(e)).not.toContain('8642');
    });
  });
});
