/**
 * `hall-drivers printer …` as a technician runs it: real processes, the
 * printer simulator on a socat pty, exit codes, and what reached the paper.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_TICKET } from './sim/tickets.ts';
import { runCli, spawnCli, stopCliChildren } from './testing/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-cli-printer-'));
const ticketFile = join(dir, 'ticket.json');
writeFileSync(ticketFile, JSON.stringify(SAMPLE_TICKET));

afterEach(stopCliChildren);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;

/** Starts a simulator; resolves with its port and a live list of the JSON lines it prints. */
export async function startSim(args: string[]): Promise<{ port: string; lines: Record<string, unknown>[]; child: ChildProcess }> {
  const child = spawnCli(args);
  const lines: Record<string, unknown>[] = [];
  const rl = createInterface({ input: child.stdout! });
  const first = new Promise<Record<string, unknown>>((resolve) => rl.once('line', (l) => resolve(JSON.parse(l))));
  const ready = await first;
  rl.on('line', (l) => lines.push(JSON.parse(l)));
  return { port: ready.port as string, lines, child };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe('hall-drivers printer against the simulated printer', () => {
  it('print-ticket prints the ticket layout and exits 0 with a JSON summary', async () => {
    const sim = await startSim(['simulate', 'printer']);
    const result = await run(['printer', 'print-ticket', '--port', sim.port, '--ticket', ticketFile]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ printed: true, number: 'A012', confirmed: true });
    await settle();
    const printed = sim.lines.flatMap((l) => (l.printed ? [l.printed as { kind: string; text?: string; data?: string }] : []));
    expect(printed.some((p) => p.kind === 'line' && p.text === 'A012')).toBe(true);
    expect(printed).toContainEqual({ kind: 'qr', data: SAMPLE_TICKET.trackUrl });
  });

  it.each([
    ['paper-out', /out of paper; nothing was printed/],
    ['cover-open', /cover is open; nothing was printed/],
  ])('print-ticket on a printer that is %s exits 1 with a clear message and sends nothing printable', async (state, message) => {
    const sim = await startSim(['simulate', 'printer', '--state', state]);
    const result = await run(['printer', 'print-ticket', '--port', sim.port, '--model', 'generic-escpos-58', '--ticket', ticketFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    await settle();
    expect(sim.lines).toEqual([]);
  });

  it('print-ticket when the paper runs out mid-ticket exits 1 and says the ticket may be incomplete', async () => {
    const sim = await startSim(['simulate', 'printer', '--paper-lines', '3']);
    const result = await run(['printer', 'print-ticket', '--port', sim.port, '--ticket', ticketFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/out of paper during printing; the ticket may be incomplete/);
  });

  it('status prints the decoded DLE EOT status as JSON', async () => {
    const sim = await startSim(['simulate', 'printer', '--state', 'near-end']);
    const result = await run(['printer', 'status', '--port', sim.port]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ online: true, paperNearEnd: true, paperEnd: false, coverOpen: false, cutterError: false, unrecoverableError: false });
  });

  it('status of a printer that does not answer exits 1 after the timeout', async () => {
    const sim = await startSim(['simulate', 'printer', '--silent']);
    const t0 = Date.now();
    const result = await run(['printer', 'status', '--port', sim.port, '--timeout', '300']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no status answer/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('bad usage exits 2: no ticket file, an unknown model', async () => {
    expect((await run(['printer', 'print-ticket', '--port', '/dev/null'])).code).toBe(2);
    const r = await run(['printer', 'print-ticket', '--port', '/dev/hall-no-such-port', '--model', 'nope', '--ticket', ticketFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown printer model/);
  });

  it('a ticket file missing a contract field exits 1 naming the field, before touching the port', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...SAMPLE_TICKET, number: undefined }));
    const r = await run(['printer', 'print-ticket', '--port', '/dev/hall-no-such-port', '--ticket', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/number/);
  });
});
