/**
 * A counter terminal on one machine, for tests: the window's RS-485 line as a
 * socat pty pair (or a loopback TCP line, as the demo runs it) with the
 * drivers' bus simulator on the far end (LED strip at
 * address 1, caller keypad at 2, evaluator at 3, as in
 * hardware-profiles/terminals/counter-terminal.json), and the agent in the
 * counter role with a counter token bound to its window.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rs485BusSimulator, openSimLine, type SimEvaluator, type SimKeypad, type SimLed, type SimLine, type SimLineKind } from '@hall/drivers';
import type { TestHall } from '@hall/server/testing';
import type { KioskApi } from '../../shared/kiosk-api.ts';
import type { DeviceHostOptions } from '../index.ts';
import type { AgentLogger } from '../log.ts';
import { startAgent, until, type Agent } from './rig.ts';

export const CLERK = { staffNo: '1001', name: '王晓梅', pin: '2468' } as const;

export type WindowSims = {
  line: SimLine;
  bus: Rs485BusSimulator;
  led: SimLed;
  keypad: SimKeypad;
  evaluator: SimEvaluator;
  close(): Promise<void>;
};

export async function startWindowSims(kind: SimLineKind = 'pty'): Promise<WindowSims> {
  const line = await openSimLine(kind, 9600);
  const bus = new Rs485BusSimulator(line.device);
  return {
    line,
    bus,
    led: bus.led(1),
    keypad: bus.keypad(2),
    evaluator: bus.evaluator(3),
    async close() {
      bus.detach();
      await line.close();
    },
  };
}

/** A counter set-up with the window's peripherals on the simulated line (without the evaluator when `evaluator: false`). */
export function writeCounterProfile(dir: string, sims: WindowSims, options: { evaluator?: boolean } = {}): string {
  const file = join(dir, 'test-counter.json');
  const line = sims.line.host;
  const devices: Record<string, unknown> = {
    led: { model: 'generic-rs485-window-led', transport: line, address: 1 },
    keypad: { model: 'generic-rs485-caller-keypad', transport: line, address: 2 },
  };
  if (options.evaluator ?? true) devices.evaluator = { model: 'generic-rs485-evaluator', transport: line, address: 3 };
  writeFileSync(file, JSON.stringify({ name: '测试窗口终端 (test counter)', role: 'counter', devices }));
  return file;
}

export type CounterStack = { sims: WindowSims; agent: Agent; dir: string; close(): Promise<void> };

/** Window sims + a counter agent linked to `hallUrl` with `token` (a counter token bound to a window). */
export async function startCounterStack(options: {
  hallUrl: string;
  token: string;
  evaluator?: boolean;
  logger?: AgentLogger;
  host?: DeviceHostOptions;
}): Promise<CounterStack> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-rig-'));
  const sims = await startWindowSims();
  try {
    const profile = writeCounterProfile(dir, sims, { evaluator: options.evaluator ?? true });
    const agent = await startAgent({
      hallUrl: options.hallUrl,
      token: options.token,
      profile,
      dataDir: join(dir, 'data'),
      ...(options.logger ? { logger: options.logger } : {}),
      host: { keypadIntervalMs: 20, ratingTimeoutMs: 10_000, ...options.host },
    });
    await counterReady(agent.api);
    return {
      sims,
      agent,
      dir,
      async close() {
        await agent.close();
        await sims.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A hall a counter terminal can be set up at: its address, its staff and its tokens. */
export type CounterHall = Pick<TestHall, 'url' | 'app' | 'token'>;

/**
 * Window `windowNo`'s counter terminal on `hall`, with CLERK enrolled in the
 * hall (and signed in at the terminal when `signIn`, as the console does).
 */
export async function counterAtWindow(
  hall: CounterHall,
  windowNo: number,
  options: { evaluator?: boolean; signIn?: boolean; logger?: AgentLogger } = {},
): Promise<CounterStack> {
  hall.app.staff.upsert({ staffNo: CLERK.staffNo, name: CLERK.name }, CLERK.pin);
  const stack = await startCounterStack({ hallUrl: hall.url, token: hall.token('counter', windowNo), ...options });
  if (options.signIn) await stack.agent.api.signIn(CLERK.staffNo, CLERK.pin);
  return stack;
}

/** Linked to the hall, bound to its window, peripherals answering. */
export async function counterReady(api: KioskApi, timeoutMs = 10_000): Promise<void> {
  await until(
    async () => {
      const s = await api.counterState();
      return s.online && s.windowNo !== null && s.windowName !== '' && (await api.devices()).every((d) => d.state === 'ok');
    },
    timeoutMs,
    'the counter agent to be ready',
  );
}
