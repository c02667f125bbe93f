/**
 * LED strips, keypads and evaluators over the in-memory transport and over a
 * socat pty, with several devices sharing one simulated RS-485 line.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanup.ts';
import { until } from '../testing/until.ts';
import { FakeTransport } from '../transport/fake.ts';
import { openPtyEnds } from '../sim/line.ts';
import { Rs485BusSimulator } from '../sim/window-sim.ts';
import type { Transport } from '../transport/transport.ts';
import { Rs485Bus } from './bus.ts';
import { Evaluator } from './evaluator.ts';
import { KeypadListener, type KeyPress } from './keypad.ts';
import { LedStrip } from './led.ts';

const cleanup = cleanupAfterEach();

type Line = { host: Transport; device: Transport };

async function fakeLine(): Promise<Line> {
  const t = new FakeTransport();
  await t.open();
  cleanup(() => t.close());
  return { host: t, device: t.device };
}

async function ptyLine(): Promise<Line> {
  const ends = await openPtyEnds(9600);
  cleanup(() => ends.close());
  return ends;
}

const lines: [string, () => Promise<Line>][] = [
  ['the in-memory transport', fakeLine],
  ['a socat pty at 9600 baud', ptyLine],
];

describe.each(lines)('window peripherals over %s', (_name, makeLine) => {
  async function rig() {
    const line = await makeLine();
    const sim = new Rs485BusSimulator(line.device);
    const bus = new Rs485Bus(line.host, { timeoutMs: 150 });
    cleanup(
      () => sim.detach(),
      () => bus.dispose(),
    );
    return { sim, bus };
  }

  it('an LED strip at address 5 shows the number and message; its neighbour at 6 stays dark', async () => {
    const { sim, bus } = await rig();
    const led5 = sim.led(5);
    const led6 = sim.led(6);
    await new LedStrip(bus, { address: 5 }).show({ number: 'A012', message: '请到5号窗口' });
    expect(led5.shown).toEqual({ number: 'A012', message: '请到5号窗口', blink: false });
    expect(led6.shown).toBeUndefined();
    await new LedStrip(bus, { address: 5 }).clear();
    expect(led5.shown).toBeUndefined();
  });

  it('an ascii-line LED strip shows the same content without answering', async () => {
    const { sim, bus } = await rig();
    const led = sim.led(7);
    await new LedStrip(bus, { address: 7, family: 'ascii-line' }).show({ number: 'B003', message: '请到7号窗口', blink: true });
    await until(() => led.shown !== undefined);
    expect(led.shown).toEqual({ number: 'B003', message: '请到7号窗口', blink: true });
  });

  it('an LED strip that is not there times out with a TimeoutError', async () => {
    const { bus } = await rig();
    await expect(new LedStrip(bus, { address: 9 }).show({ number: 'A1', message: '' })).rejects.toMatchObject({ timeout: true });
  });

  it('keypads at two addresses report their keys once each, in order, with the transfer target', async () => {
    const { sim, bus } = await rig();
    const k1 = sim.keypad(1);
    const k2 = sim.keypad(2);
    const listener = new KeypadListener(bus, { addresses: [1, 2], intervalMs: 5 });
    const presses: KeyPress[] = [];
    listener.on('key', (p) => presses.push(p));
    listener.start();
    cleanup(() => listener.stop());
    k1.press('call-next');
    k2.press('transfer', '12');
    k1.press('finish');
    await until(() => presses.length === 3);
    await new Promise((r) => setTimeout(r, 60));
    expect(presses).toHaveLength(3);
    expect(presses.filter((p) => p.address === 1).map((p) => p.key)).toEqual(['call-next', 'finish']);
    expect(presses.find((p) => p.address === 2)).toEqual({ address: 2, key: 'transfer', target: '12' });
    await listener.display(1, 'A012 等候3人');
    expect(k1.display).toBe('A012 等候3人');
  });

  it('a keypad babbling garbage on the bus neither crashes the listener nor loses the other keypad', async () => {
    const { sim, bus } = await rig();
    const k1 = sim.keypad(1);
    sim.keypad(2);
    sim.babble(3, 16);
    const listener = new KeypadListener(bus, { addresses: [1, 2], intervalMs: 5 });
    const presses: KeyPress[] = [];
    listener.on('key', (p) => presses.push(p));
    listener.on('error', () => {});
    listener.start();
    cleanup(() => listener.stop());
    for (const key of ['call-next', 'recall', 'no-show', 'pause', 'resume'] as const) k1.press(key);
    await until(() => presses.length === 5, 8000);
    expect(presses.map((p) => p.key)).toEqual(['call-next', 'recall', 'no-show', 'pause', 'resume']);
    expect(bus.noiseCount).toBeGreaterThan(0);
    sim.babble(0);
  });

  it('a keypad that goes silent is reported, and its keys arrive once it answers again', async () => {
    const { sim, bus } = await rig();
    const k = sim.keypad(4);
    const listener = new KeypadListener(bus, { addresses: [4], intervalMs: 5, timeoutMs: 40, missesBeforeSilent: 2 });
    const events: string[] = [];
    listener.on('error', (e) => events.push(e.code));
    listener.on('back', () => events.push('back'));
    listener.on('key', (p) => events.push(p.key));
    listener.start();
    cleanup(() => listener.stop());
    k.silent = true;
    await until(() => events.includes('KEYPAD_SILENT'));
    k.press('call-next');
    k.silent = false;
    await until(() => events.includes('call-next'));
    expect(events).toEqual(['KEYPAD_SILENT', 'back', 'call-next']);
  });

  it('the evaluator shows the clerk and prompt and returns a level 5 rating', async () => {
    const { sim, bus } = await rig();
    const ev = sim.evaluator(3);
    const pending = new Evaluator(bus, { address: 3 }).ask({ clerk: '王**', clerkId: '0123', timeoutMs: 3000, intervalMs: 10 });
    await until(() => ev.asked !== undefined);
    expect(ev.asked).toEqual({ clerk: '王**', clerkId: '0123', prompt: '请对本次服务进行评价' });
    ev.rate(5);
    expect(await pending).toEqual({ level: 5, levelName: '非常满意' });
  });

  it('a rating of 2 comes back with the chosen reason, in rateTicket words', async () => {
    const { sim, bus } = await rig();
    const ev = sim.evaluator(3);
    const pending = new Evaluator(bus, { address: 3 }).ask({ clerk: '王**', timeoutMs: 3000, intervalMs: 10 });
    await until(() => ev.asked !== undefined);
    ev.rate(2, 1);
    expect(await pending).toEqual({ level: 2, levelName: '不满意', reasonCode: 1, reason: '等候时间过长' });
  });

  it('nobody rating within the timeout is a TimeoutError, and the evaluator goes back to idle', async () => {
    const { sim, bus } = await rig();
    const ev = sim.evaluator(3);
    await expect(new Evaluator(bus, { address: 3 }).ask({ clerk: '王**', timeoutMs: 200, intervalMs: 10 })).rejects.toMatchObject({ timeout: true });
    expect(ev.asked).toBeUndefined();
  });

  it('a rating left over from an earlier visitor is not taken for the new question', async () => {
    const { sim, bus } = await rig();
    const ev = sim.evaluator(3);
    ev.asked = { clerk: 'x', clerkId: '', prompt: '' };
    ev.rate(1, 2);
    const pending = new Evaluator(bus, { address: 3 }).ask({ clerk: '李*', timeoutMs: 3000, intervalMs: 10 });
    await until(() => ev.asked?.clerk === '李*');
    ev.rate(4);
    expect((await pending).level).toBe(4);
  });
});

describe('bad arguments', () => {
  it('addresses outside 1..247 and unknown LED families are TypeErrors', async () => {
    const t = new FakeTransport();
    const bus = new Rs485Bus(t);
    expect(() => new LedStrip(bus, { address: 0 })).toThrow(TypeError);
    expect(() => new LedStrip(bus, { address: 1, family: 'acme' })).toThrow(/unknown LED protocol family/);
    expect(() => new KeypadListener(bus, { addresses: [] })).toThrow(TypeError);
  });
});
