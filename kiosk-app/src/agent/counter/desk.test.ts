/**
 * The counter terminal's agent over a real hall, with the window's LED strip,
 * caller keypad and evaluator simulated on a socat pty at the far end of the
 * RS-485 line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHall, type Api, type TestHall } from '@hall/server/testing';
import { KioskError, type CounterActionEvent } from '../../shared/kiosk-api.ts';
import { createLogger } from '../log.ts';
import { CLERK, counterAtWindow, type CounterStack } from '../testing/counter-rig.ts';
import { until } from '../testing/rig.ts';
import { nextEvent } from '../../shared/next-event.ts';

const HJ = '330106-HJ-001';
const CRJ = '330106-CRJ-001';
/** A fictional citizen with a valid check digit (GB 11643's own example). */
const VISITOR = { idNumber: '11010519491231002X', name: '赵天明' };

describe('the counter terminal agent', () => {
  let hall: TestHall;
  let stack: CounterStack;
  let kiosk: Api;
  let manager: Api;
  const logLines: string[] = [];

  beforeAll(async () => {
    hall = await startHall();
    kiosk = hall.api(hall.token('kiosk'));
    manager = hall.api(hall.token('manager'));
    stack = await counterAtWindow(hall, 1, { signIn: true, logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }) });
    expect((await stack.agent.api.counterState()).clerk).toEqual({ staffNo: CLERK.staffNo, name: CLERK.name });
  });
  afterAll(async () => {
    await stack?.close();
    await hall?.close();
  });

  const api = () => stack.agent.api;
  const issue = async (serviceCode = HJ, body: Record<string, string> = {}) => {
    const res = await kiosk.post('/api/v1/tickets', { serviceCode, ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string };
  };
  const hallTicket = async (id: string) =>
    (await manager.get(`/api/v1/tickets/${id}`)).body as { status: string; windowNo?: number; rated: boolean; number: string };
  /** Clears the window between tests: whatever it holds is finished, outside the call guard. */
  const clearWindow = async () => {
    const s = await api().counterState();
    if (s.state === 'paused') await api().resumeWindow();
    if (s.current) await api().finishTicket(s.current.id);
  };

  it('reports the window it is bound to, with the queue of its services and the devices on its line', async () => {
    const s = await api().counterState();
    expect(s.windowNo).toBe(1);
    expect(s.windowName).toBe('1号窗口 户籍');
    expect(s.state).toBe('open');
    expect(s.queue.map((q) => q.code)).toEqual(['330106-HJ-001', '330106-HJ-002', '330106-HJ-003']);
    expect(s.queue[0]!.name['zh-CN']).toBe('户口迁入登记');
    expect((await api().devices()).map((d) => [d.device, d.state])).toEqual([
      ['led', 'ok'],
      ['keypad', 'ok'],
      ['evaluator', 'ok'],
    ]);
    expect((await api().info()).role).toBe('counter');
  });

  it('a key press on the caller keypad calls the next ticket in the hall and the LED strip shows its number', async () => {
    const ticket = await issue();
    const action = nextEvent(api(), 'counter:action', (e) => e.source === 'keypad' && e.action === 'callNext');
    stack.sims.keypad.press('call-next');
    const done: CounterActionEvent = await action;
    expect(done).toMatchObject({ ok: true, number: ticket.number });
    expect(await hallTicket(ticket.id)).toMatchObject({ status: 'called', windowNo: 1 });
    await until(() => stack.sims.led.shown?.number === ticket.number, 3000, 'the LED strip');
    expect(stack.sims.led.shown).toEqual({ number: ticket.number, message: '请到1号窗口', blink: true });
    await until(() => stack.sims.keypad.display.startsWith(ticket.number), 3000, 'the keypad display');
    expect((await api().counterState()).current?.number).toBe(ticket.number);
    await clearWindow();
  });

  it('a key the hall refuses leaves the keypad display naming the refusal, and the console hears why', async () => {
    const first = await issue();
    expect((await api().callNext()).number).toBe(first.number);
    // A second call within seconds of the first is refused by the hall (ALREADY_CALLED), whoever waits.
    const action = nextEvent(api(), 'counter:action', (e) => e.source === 'keypad' && e.action === 'callNext');
    stack.sims.keypad.press('call-next');
    const refused: CounterActionEvent = await action;
    expect(refused).toMatchObject({ ok: false, error: { code: 'ALREADY_CALLED' } });
    await until(() => stack.sims.keypad.display === '未完成 ALREADY_CALLED', 3000, 'the keypad display to name the refusal');
    expect((await api().counterState()).current?.number).toBe(first.number);
    await clearWindow();
  });

  it('finishing asks the evaluator for a rating with the clerk shown, and the chosen level reaches the hall', async () => {
    const ticket = await issue();
    const called = await api().callNext();
    expect(called.number).toBe(ticket.number);
    await api().startService();
    const finished = await api().finishTicket();
    expect(finished.state.current).toBeNull();
    await until(() => stack.sims.evaluator.asked?.prompt.includes(ticket.number) === true, 3000, 'the evaluator to ask');
    expect(stack.sims.evaluator.asked).toMatchObject({ clerk: CLERK.name, clerkId: CLERK.staffNo });
    expect((await api().counterState()).rating).toMatchObject({ state: 'asking', number: ticket.number });
    const rated = nextEvent(api(), 'counter', (s) => s.rating.state === 'rated');
    stack.sims.evaluator.rate(2, 1);
    expect((await rated).rating).toMatchObject({ number: ticket.number, level: 2 });
    expect((await hallTicket(ticket.id)).rated).toBe(true);
    const stats = (await manager.get('/api/v1/stats')).body as { ratings: { byLevel: Record<string, number> } };
    expect(stats.ratings.byLevel['2']).toBe(1);
    expect((await api().windowSummary()).ratings.count).toBe(1);
  });

  it('a transfer from the console lands in the other service’s queue with its note', async () => {
    const ticket = await issue();
    await api().callNext();
    const before = (await manager.get('/api/v1/queue')).body.services.find((s: { code: string }) => s.code === CRJ).waiting as number;
    const out = await api().transferTicket({ toServiceCode: CRJ, note: '需先办护照' });
    expect(out.state.current).toBeNull();
    const found = (await manager.get(`/api/v1/tickets?number=${ticket.number}`)).body.tickets as {
      serviceCode: string;
      status: string;
      transferNote?: string;
    }[];
    expect(found[0]).toMatchObject({ serviceCode: CRJ, status: 'waiting', transferNote: '需先办护照' });
    const after = (await manager.get('/api/v1/queue')).body.services.find((s: { code: string }) => s.code === CRJ).waiting as number;
    expect(after).toBe(before + 1);
  });

  it('shows the clerk the full identity of the visitor being served, and logs only masked values', async () => {
    const ticket = await issue(HJ, VISITOR);
    await new Promise((r) => setTimeout(r, 3100)); // past the call guard of the previous test's call
    await api().callNext();
    await until(async () => (await api().counterState()).current?.identity?.number !== undefined, 3000, 'the identity');
    const current = (await api().counterState()).current!;
    expect(current.number).toBe(ticket.number);
    expect(current.identity).toMatchObject({ kind: 'citizen', number: VISITOR.idNumber, name: VISITOR.name, masked: '110***********002X' });
    await api().finishTicket();
    expect((await api().counterState()).current).toBeNull();
    const log = logLines.join('\n');
    expect(log).not.toContain(VISITOR.idNumber);
    expect(log).not.toContain(VISITOR.name);
    expect(log).not.toContain(CLERK.pin);
  });

  it('a double click calls once, and a call within 3 s of the last one is refused in the clerk’s words', async () => {
    await issue();
    await issue();
    await new Promise((r) => setTimeout(r, 3100));
    const [a, b] = await Promise.all([api().callNext(), api().callNext()]);
    expect(a.number).toBe(b.number);
    const called = ((await manager.get('/api/v1/queue')).body.windows as { no: number; current?: { number: string } }[]).find((w) => w.no === 1);
    expect(called?.current?.number).toBe(a.number);
    const e = await api()
      .callNext()
      .catch((err: KioskError) => err);
    expect(e).toBeInstanceOf(KioskError);
    expect((e as KioskError).code).toBe('ALREADY_CALLED');
    expect((e as KioskError).details).toMatchObject({ hallCode: 'ALREADY_CALLED' });
    expect((await api().counterState()).current?.number).toBe(a.number);
    await clearWindow();
  });

  it('follows a pause made elsewhere: the console hears of it, calling is refused and the strip says so', async () => {
    const paused = nextEvent(api(), 'counter', (s) => s.state === 'paused');
    expect((await manager.patch('/api/v1/windows/1', { state: 'paused', pauseReason: '系统维护', confirm: true })).status).toBe(200);
    expect((await paused).pauseReason).toBe('系统维护');
    const e = (await api()
      .callNext()
      .catch((err: unknown) => err)) as KioskError;
    expect(e.code).toBe('WINDOW_PAUSED');
    await until(() => stack.sims.led.shown?.message === '暂停服务', 3000, 'the strip to say paused');
    // The keypad's one pause key resumes a paused window.
    const resumed = nextEvent(api(), 'counter', (s) => s.state === 'open');
    stack.sims.keypad.press('pause');
    await resumed;
  });

  it('a ticket another window took is refused with a clear message, and the console keeps its own picture', async () => {
    const ticket = await issue();
    const other = hall.api(hall.token('counter', 2));
    await new Promise((r) => setTimeout(r, 100));
    const taken = await other.post('/api/v1/windows/2/call-ticket', { number: ticket.number });
    expect(taken.status).toBe(200);
    const e = (await api()
      .callTicket(ticket.number)
      .catch((err: unknown) => err)) as KioskError;
    expect(e.code).toBe('TICKET_TAKEN');
    expect(e.details).toMatchObject({ hallCode: 'TICKET_TAKEN' });
    expect((await api().counterState()).current).toBeNull();
  });

  it('a ticket kiosk refuses the counter methods', async () => {
    const { startKioskRig } = await import('../testing/rig.ts');
    const rig = await startKioskRig();
    try {
      const e = (await rig.agent.api.callNext().catch((err: unknown) => err)) as KioskError;
      expect(e.code).toBe('NOT_COUNTER');
    } finally {
      await rig.close();
    }
  });
});
