/**
 * The printer driver over the in-memory transport, with the byte-level
 * simulator on the device end: status checks, refusals, faults mid-job.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanup.ts';
import { FakeTransport } from '../transport/fake.ts';
import { DRAWN_GLYPH, EscPosPrinterSimulator } from '../sim/printer-sim.ts';
import { EscPosPrinter } from './printer.ts';
import { filingReceiptDocument, ticketDocument, type TicketPrint } from './layouts.ts';
import { SAMPLE_FILING, SAMPLE_TICKET } from '../sim/tickets.ts';
import type { PrinterOptions } from './types.ts';

const P80: PrinterOptions = { paperWidthMm: 80 };
const cleanup = cleanupAfterEach();

async function rig(options: Partial<ConstructorParameters<typeof EscPosPrinter>[1]> = {}) {
  const transport = new FakeTransport({ name: 'fake-printer' });
  await transport.open();
  const sim = new EscPosPrinterSimulator(transport.device);
  const printer = new EscPosPrinter(transport, { printer: P80, statusTimeoutMs: 200, jobTimeoutMs: 300, ...options });
  cleanup(
    () => printer.dispose(),
    () => transport.close(),
  );
  return { transport, sim, printer };
}

describe('EscPosPrinter', () => {
  it('reads a healthy status from DLE EOT 1–4', async () => {
    const { printer, sim } = await rig();
    expect(await printer.status()).toMatchObject({ online: true, paperEnd: false, coverOpen: false });
    expect(sim.statusQueries).toBe(4);
    expect(sim.jobBytes).toBe(0);
  });

  it('prints a ticket: status before, the job, the end-of-job answer, status after', async () => {
    const { printer, sim } = await rig();
    const result = await printer.print(ticketDocument(SAMPLE_TICKET, P80));
    expect(result.confirmed).toBe(true);
    expect(result.before?.online && result.after?.online).toBe(true);
    expect(sim.lines).toContain('A012');
    expect(sim.lines).toContain('社保卡补办');
    expect(sim.printed).toContainEqual({ kind: 'qr', data: SAMPLE_TICKET.trackUrl });
    expect(sim.printed.at(-1)).toEqual({ kind: 'cut', partial: true });
    expect(sim.statusQueries).toBe(8);
  });

  it.each([
    ['paper-out', 'paperOut', /out of paper; nothing was printed/],
    ['cover-open', 'coverOpen', /cover is open; nothing was printed/],
    ['offline', 'offline', /offline; nothing was printed/],
  ] as const)('a printer that is %s gets a typed error and nothing printable', async (state, marker, message) => {
    const { printer, sim } = await rig();
    sim.setState(state);
    const err = await printer.print(ticketDocument(SAMPLE_TICKET, P80)).catch((e: Error) => e);
    expect(err).toMatchObject({ [marker]: true, duringPrint: false });
    expect((err as Error).message).toMatch(message);
    expect(sim.jobBytes).toBe(0);
    expect(sim.printed).toEqual([]);
  });

  it('paper running out mid-ticket is a PaperOutError during printing, and the next print after a refill works', async () => {
    const { printer, sim } = await rig();
    sim.paperRunsOutAfter(3);
    const err = await printer.print(ticketDocument(SAMPLE_TICKET, P80)).catch((e: Error) => e);
    expect(err).toMatchObject({ paperOut: true, duringPrint: true });
    expect((err as Error).message).toMatch(/may be incomplete/);
    expect(sim.lines).toHaveLength(3);
    sim.setState('ok');
    const result = await printer.print(ticketDocument(SAMPLE_TICKET, P80));
    expect(result.confirmed).toBe(true);
    expect(sim.lines.filter((l) => l === 'A012')).toHaveLength(1);
  });

  it('paper near end still prints, and says so', async () => {
    const { printer, sim } = await rig();
    sim.setState('near-end');
    const result = await printer.print([{ type: 'text', text: 'ok' }]);
    expect(result.paperNearEnd).toBe(true);
    expect(sim.lines).toEqual(['ok']);
  });

  it('a printer that stops answering fails within the status timeout, having sent nothing, and recovers when it answers again', async () => {
    const { printer, sim } = await rig();
    sim.mute();
    const t0 = Date.now();
    const err = await printer.print([{ type: 'text', text: 'x' }]).catch((e: Error) => e);
    expect(err).toMatchObject({ noResponse: true, timeout: true, duringPrint: false });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(sim.jobBytes).toBe(0);
    sim.mute(false);
    expect((await printer.print([{ type: 'text', text: 'y' }])).confirmed).toBe(true);
    expect(sim.lines).toEqual(['y']);
  });

  it('a printer that goes silent mid-job is reported as possibly not printed', async () => {
    const { printer, sim } = await rig();
    sim.on('job', () => sim.mute());
    const err = await printer.print([{ type: 'text', text: 'x' }]).catch((e: Error) => e);
    expect(err).toMatchObject({ noResponse: true, duringPrint: true });
  });

  it('line noise from the printer does not upset a status query', async () => {
    const { printer, transport } = await rig();
    const pending = printer.status();
    await transport.device.write(Uint8Array.of(0xff, 0x80, 0xa5));
    expect((await pending).online).toBe(true);
  });

  it('an unplugged printer fails the pending print with DisconnectedError', async () => {
    const { printer, transport, sim } = await rig();
    sim.mute();
    const pending = printer.print([{ type: 'text', text: 'x' }]).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 20));
    transport.device.unplug();
    expect(await pending).toMatchObject({ disconnected: true });
  });

  it('automatic status back reports a cover opened while idle', async () => {
    const { printer, sim } = await rig({ printer: { paperWidthMm: 80, asb: true } });
    const seen: boolean[] = [];
    printer.on('status', (s) => seen.push(s.coverOpen));
    await printer.enableAutomaticStatus();
    await new Promise((r) => setTimeout(r, 20));
    sim.setState('cover-open');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([false, true]);
  });

  it('a model without GS a refuses enableAutomaticStatus with a TypeError', async () => {
    const { printer } = await rig();
    await expect(printer.enableAutomaticStatus()).rejects.toThrow(TypeError);
  });

  it('a model without status support prints without asking', async () => {
    const { printer, sim } = await rig({ printer: { paperWidthMm: 58, dleEot: false, gsR: false } });
    const result = await printer.print([{ type: 'text', text: 'plain' }]);
    expect(result.before).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(sim.statusQueries).toBe(0);
    expect(sim.lines).toEqual(['plain']);
    await expect(printer.status()).rejects.toMatchObject({ unsupported: true });
  });
});

describe('layouts', () => {
  it('the ticket carries every field of the contract JSON, in hall time', async () => {
    const { printer, sim } = await rig();
    await printer.print(ticketDocument(SAMPLE_TICKET, P80));
    const all = sim.lines.join('\n');
    for (const s of ['A012', '社保卡补办', '5–8 号窗口', '3 人', '约 15 分钟', '2025-03-14 09:30', '政务服务中心']) expect(all).toContain(s);
    expect(sim.printed.find((p) => p.kind === 'line' && p.text === 'A012')).toMatchObject({ width: 4, height: 4, bold: true });
    expect(all).not.toMatch(/Your number/);
  });

  it('the english flag adds English lines, and hallName and guidance replace the defaults', async () => {
    const { printer, sim } = await rig();
    await printer.print(ticketDocument({ ...SAMPLE_TICKET, english: true, hallName: '示例区政务服务中心', guidance: '请到二楼等候' }, P80));
    const all = sim.lines.join('\n');
    expect(all).toMatch(/Your number/);
    expect(all).toContain('示例区政务服务中心');
    expect(all).toContain('请到二楼等候');
  });

  it('a ticket missing a contract field is a TypeError naming it', () => {
    const { trackUrl: _drop, ...rest } = SAMPLE_TICKET;
    expect(() => ticketDocument(rest as TicketPrint, P80)).toThrow(/trackUrl/);
    expect(() => ticketDocument({ ...SAMPLE_TICKET, waitingAhead: -1 }, P80)).toThrow(/waitingAhead/);
    expect(() => ticketDocument({ ...SAMPLE_TICKET, issuedAt: 'yesterday' }, P80)).toThrow(/ISO/);
  });

  it('the filing receipt lists items and materials, with a barcode of the tracking code and a drawn rare character', async () => {
    const { printer, sim } = await rig({ printer: { paperWidthMm: 58 } });
    await printer.print(filingReceiptDocument(SAMPLE_FILING, { paperWidthMm: 58 }));
    const all = sim.lines.join('\n');
    expect(all).toContain('SL20250314-0042');
    expect(all).toContain('经营场所证明');
    expect(all).toContain('复印件 ×2');
    expect(all).toContain(`吉${DRAWN_GLYPH}*`);
    expect(sim.printed).toContainEqual({ kind: 'barcode', data: 'SL20250314-0042' });
    for (const line of sim.lines) expect(line.length).toBeLessThanOrEqual(32);
  });
});
