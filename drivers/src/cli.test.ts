/**
 * The CLI as a technician runs it: real processes, a simulator on a socat pty.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from './sim/cards.ts';
import { SAMPLE_SCANS } from './sim/scanner-sim.ts';
import { classifyPayload } from './scanner/classify.ts';
import { runCli, spawnCli, stopCliChildren } from './testing/cli.ts';

afterEach(stopCliChildren);

const run = runCli;

/** Starts a long-running command and returns it with its first stdout line parsed as JSON. */
async function start(args: string[]): Promise<{ child: ChildProcess; first: Record<string, string>; lines: AsyncIterableIterator<string> }> {
  const child = spawnCli(args);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  return { child, first: JSON.parse(first.value as string), lines };
}

describe('hall-drivers CLI against simulators', () => {
  it.each(['resident', 'foreign', 'foreign2023', 'hmt'] as const)('idcard read prints the %s card as one JSON object and exits 0', async (card) => {
    const sim = await start(['simulate', 'idcard', '--card', card]);
    const result = await run(['idcard', 'read', '--port', sim.first.port!, '--timeout', '3000']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual(SAMPLE_CARDS[card]);
  });

  it('idcard read with no card exits non-zero with one line on stderr', async () => {
    const sim = await start(['simulate', 'idcard', '--card', 'none']);
    const result = await run(['idcard', 'read', '--port', sim.first.port!, '--timeout', '800']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no card/);
  });

  it('idcard read against a reader whose SAM failed says so and exits non-zero', async () => {
    const sim = await start(['simulate', 'idcard', '--card', 'resident', '--fault', 'sam-failure']);
    const result = await run(['idcard', 'read', '--port', sim.first.port!, '--timeout', '800']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SAM self-test failed/);
  });

  it('idcard read on a port that does not exist exits non-zero with a clear message', async () => {
    const result = await run(['idcard', 'read', '--port', '/dev/hall-no-such-port']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot open \/dev\/hall-no-such-port/);
  });

  it('scanner listen prints one JSON line per scan from the simulated scanner', async () => {
    const sim = await start(['simulate', 'scanner', '--interval', '100']);
    const listener = await start(['scanner', 'listen', '--port', sim.first.port!]);
    // The simulator was already scanning: the first line may be from any point in its cycle.
    const seen = [listener.first];
    for (let i = 0; i < 5; i++) seen.push(JSON.parse((await listener.lines.next()).value as string));
    for (const line of seen) {
      expect(SAMPLE_SCANS).toContain(line.text);
      expect(line).toEqual({ text: line.text, kind: classifyPayload(line.text!), source: 'serial' });
    }
    expect(new Set(seen.map((l) => l.kind))).toEqual(new Set(['appointment', 'url', 'id-number', 'uscc', 'text']));
  });

  it('bad usage exits 2 with the usage text', async () => {
    const result = await run(['idcard', 'read']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port PATH is required/);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('ports lists serial ports or says clearly that udevadm is missing', async () => {
    const result = await run(['ports']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/\/dev\/|udevadm not found|no serial ports/);
  });
});
