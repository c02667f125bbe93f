/** The window-bus commands: LED strip, keypad, evaluator, and their simulators. */
import { stderrLogger, silentLogger } from '../log.ts';
import { Rs485BusSimulator } from '../sim/window-sim.ts';
import { Rs485Bus } from '../window/bus.ts';
import type { KeypadKey } from '../window/codes.ts';
import { Evaluator } from '../window/evaluator.ts';
import { KeypadListener } from '../window/keypad.ts';
import { LED_PROTOCOLS, LedStrip } from '../window/led.ts';
import { type CliIo, type Values, intOption, devicePort, openPort, needPort, UsageError, describeError } from './options.ts';

export function addresses(values: Values): number[] {
  const list = (values.address ?? []).flatMap((a) => a.split(','));
  if (list.length === 0) throw new UsageError('--address N is required');
  return list.map((a) => {
    const n = Number(a);
    if (!Number.isInteger(n) || n < 1 || n > 247) throw new UsageError(`--address must be an integer in 1..247, got "${a}"`);
    return n;
  });
}

export async function withBus<T>(values: Values, fn: (bus: Rs485Bus) => Promise<T>): Promise<T> {
  const { transport } = await openPort(values, 9600);
  const bus = new Rs485Bus(transport, { logger: values.verbose ? stderrLogger('debug') : silentLogger });
  try {
    return await fn(bus);
  } finally {
    bus.dispose();
    await transport.close();
  }
}

export async function ledShow(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const [address] = addresses(values);
  if (values.text === undefined) throw new UsageError('--text TEXT is required');
  const family = values.family ?? 'generic';
  if (!(family in LED_PROTOCOLS)) throw new UsageError(`--family must be one of ${Object.keys(LED_PROTOCOLS).join(', ')}, got "${family}"`);
  return withBus(values, async (bus) => {
    const led = new LedStrip(bus, { address: address!, family });
    await led.show({ number: values.number ?? '', message: values.text!, blink: values.blink ?? false });
    io.out(JSON.stringify({ shown: true, address, family, acknowledged: led.protocol.acknowledged }));
    return 0;
  });
}

export async function keypadListen(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const list = addresses(values);
  return withBus(values, async (bus) => {
    const listener = new KeypadListener(bus, { addresses: list });
    listener.on('key', (press) => io.out(JSON.stringify(press)));
    listener.on('error', (err) => io.err(`hall-drivers: ${describeError(err)}`));
    listener.on('back', (address) => io.err(`hall-drivers: keypad at address ${address} answers again`));
    listener.start();
    await io.stopped;
    await listener.stop();
    return 0;
  });
}

export async function evaluatorAsk(values: Values, io: CliIo): Promise<number> {
  needPort(values);
  const [address] = addresses(values);
  if (!values.clerk) throw new UsageError('--clerk NAME is required');
  const timeoutMs = intOption(values.timeout, 'timeout', 30_000);
  return withBus(values, async (bus) => {
    const options: { clerk: string; timeoutMs: number; prompt?: string } = { clerk: values.clerk!, timeoutMs };
    if (values.prompt) options.prompt = values.prompt;
    const result = await new Evaluator(bus, { address: address! }).ask(options);
    io.out(JSON.stringify(result));
    return 0;
  });
}

export const DEMO_KEYS: readonly KeypadKey[] = [
  'call-next',
  'recall',
  'pause',
  'resume',
  'call-next',
  'no-show',
  'call-next',
  'transfer',
  'call-next',
  'finish',
];

export async function simulateWindow(values: Values, io: CliIo, kind: 'led' | 'keypad' | 'evaluator'): Promise<number> {
  const list = addresses(values);
  const intervalMs = intOption(values.interval, 'interval', 2000);
  const level = values.level === undefined ? 5 : intOption(values.level, 'level', 5);
  if (level > 5) throw new UsageError(`--level must be 1..5, got ${level}`);
  const reason = values.reason === undefined ? (level <= 2 ? 1 : undefined) : intOption(values.reason, 'reason', 1);
  const babble = values.babble === undefined ? 0 : intOption(values.babble, 'babble', 100);
  const { transport, pair } = await devicePort({ ...values, baud: values.baud ?? '9600' }, io, kind);
  const sim = new Rs485BusSimulator(transport);
  const timers: NodeJS.Timeout[] = [];
  for (const address of list) {
    if (kind === 'led') {
      const led = sim.led(address);
      let last = 'null';
      timers.push(
        setInterval(() => {
          const now = JSON.stringify(led.shown ?? null);
          if (now !== last) io.out(JSON.stringify({ address, shown: led.shown ?? null }));
          last = now;
        }, 20),
      );
    } else if (kind === 'keypad') {
      const keypad = sim.keypad(address);
      let i = 0;
      timers.push(
        setInterval(() => {
          const key = DEMO_KEYS[i++ % DEMO_KEYS.length]!;
          keypad.press(key, key === 'transfer' ? '8' : undefined);
        }, intervalMs),
      );
    } else {
      const evaluator = sim.evaluator(address);
      let answering = false;
      // A visitor who answers a moment after the question appears.
      timers.push(
        setInterval(() => {
          if (!evaluator.asked || answering) return;
          answering = true;
          io.out(JSON.stringify({ address, asked: evaluator.asked }));
          setTimeout(
            () => {
              evaluator.rate(level, level <= 2 ? reason : undefined);
              answering = false;
            },
            Math.min(intervalMs, 300),
          );
        }, 20),
      );
    }
  }
  for (const t of timers) t.unref();
  if (babble > 0) sim.babble(babble);
  await io.stopped;
  for (const t of timers) clearInterval(t);
  sim.detach();
  await transport.close();
  await pair?.close();
  return 0;
}
