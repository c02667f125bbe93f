/**
 * What the agent does beyond the shared contract: withdrawing a ticket whose
 * print failed, dropping an idle visitor's card, telling the hall about its
 * devices, and handing staff's "exit kiosk" to the shell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskError } from '../shared/kiosk-api.ts';
import { liftCard, nextEvent, startKioskRig, STAFF_PIN, until, type KioskRig } from './testing/rig.ts';

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
      await until(async () => {
        const terminals = (await manager.get('/api/v1/terminals')).body.terminals as { devices: { device: string; code?: string }[] }[];
        return terminals.some((t) => t.devices.some((d) => d.device === 'printer' && d.code === 'PAPER_LOW'));
      }, 3000, 'the hall to hear of it');
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
});
