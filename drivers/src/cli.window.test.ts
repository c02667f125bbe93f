/**
 * `hall-drivers led|keypad|evaluator …` as processes against the simulated
 * RS-485 bus on a socat pty.
 */
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli, stopCliChildren } from './testing/cli.ts';

afterEach(stopCliChildren);

const run = runCli;

async function start(args: string[]): Promise<{ first: Record<string, unknown>; next: () => Promise<Record<string, unknown>> }> {
  const child = spawnCli(args);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  return { first: await next(), next };
}

describe('hall-drivers window peripherals against the simulated bus', () => {
  it('led show puts the number and message on the strip at that address', async () => {
    const sim = await start(['simulate', 'led', '--address', '5']);
    const r = await run(['led', 'show', '--port', sim.first.port as string, '--address', '5', '--number', 'A012', '--text', '请到5号窗口']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ shown: true, address: 5, family: 'generic', acknowledged: true });
    expect(await sim.next()).toEqual({ address: 5, shown: { number: 'A012', message: '请到5号窗口', blink: false } });
  });

  it('led show to an address nobody answers exits 1 with a timeout message', async () => {
    const sim = await start(['simulate', 'led', '--address', '5']);
    const r = await run(['led', 'show', '--port', sim.first.port as string, '--address', '6', '--text', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no answer from bus address 6/);
  });

  it('keypad listen prints one JSON line per key from keypads on a babbling bus', async () => {
    const sim = await start(['simulate', 'keypad', '--address', '1,2', '--interval', '50', '--babble', '40']);
    const listener = await start(['keypad', 'listen', '--port', sim.first.port as string, '--address', '1', '--address', '2']);
    const seen = [listener.first];
    for (let i = 0; i < 5; i++) seen.push(await listener.next());
    for (const press of seen) {
      expect([1, 2]).toContain(press.address);
      expect(['call-next', 'recall', 'pause', 'resume', 'no-show', 'transfer', 'finish']).toContain(press.key);
    }
  });

  it('evaluator ask prints the rating with its reason for a low level', async () => {
    const sim = await start(['simulate', 'evaluator', '--address', '3', '--level', '1', '--reason', '3', '--interval', '50']);
    const r = await run(['evaluator', 'ask', '--port', sim.first.port as string, '--address', '3', '--clerk', '王**', '--timeout', '5000']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ level: 1, levelName: '非常不满意', reasonCode: 3, reason: '业务不熟练' });
  });

  it('bad usage exits 2', async () => {
    expect((await run(['led', 'show', '--port', '/dev/null', '--text', 'x'])).code).toBe(2);
    expect((await run(['led', 'show', '--port', '/dev/null', '--address', '300', '--text', 'x'])).code).toBe(2);
    expect((await run(['evaluator', 'ask', '--port', '/dev/null', '--address', '3'])).code).toBe(2);
  });
});
