/**
 * The printer driver over real ptys: the simulator on the far end of a socat
 * pair, reached as a serial port and as a plain character device (the way
 * /dev/usb/lp0 is opened). The same status and print cases run against a
 * real printer when HALL_TEST_PRINTER_PORT is set (HALL_TEST_PRINTER_WIDTH
 * 58 for a 58 mm model); cases that need control of the far end run only
 * against the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscPosPrinterSimulator } from '../sim/printer-sim.ts';
import { createPtyPair } from '../sim/socat.ts';
import { FileTransport, describePort } from '../transport/file.ts';
import { SerialTransport } from '../transport/serial.ts';
import type { Transport } from '../transport/transport.ts';
import { ticketDocument } from './layouts.ts';
import { EscPosPrinter } from './printer.ts';
import { SAMPLE_TICKET } from '../sim/tickets.ts';

const realPort = process.env.HALL_TEST_PRINTER_PORT;
const realWidth = process.env.HALL_TEST_PRINTER_WIDTH === '58' ? 58 : 80;

function transportFor(path: string): Transport {
  const d = describePort(path);
  if (d.type === 'file') return new FileTransport({ path: d.path, reconnect: { enabled: false } });
  if (d.type === 'serial') return new SerialTransport({ path: d.path, reconnect: { enabled: false } });
  throw new Error('tcp is not used here');
}

/** Cases any printer in working order passes, simulated or real. */
function commonCases(get: () => { printer: EscPosPrinter }) {
  it('answers DLE EOT with an online status', async () => {
    const s = await get().printer.status();
    expect(s.online).toBe(true);
    expect(s.coverOpen).toBe(false);
  });

  it('prints the kiosk ticket and confirms the end of the job', async () => {
    const r = await get().printer.print(ticketDocument(SAMPLE_TICKET, get().printer.options));
    expect(r.bytes).toBeGreaterThan(200);
    expect(r.after?.paperEnd).toBe(false);
  });
}

/** The simulator on one end of a pty pair and the printer driver on the other, which it opens as a serial port or as a file. */
async function printerOnPty(kind: 'serial' | 'file') {
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.device, reconnect: { enabled: false } });
  await device.open();
  const sim = new EscPosPrinterSimulator(device);
  const host = transportFor(kind === 'file' ? `file:${pair.host}` : pair.host);
  await host.open();
  const printer = new EscPosPrinter(host, { printer: { paperWidthMm: 80 }, statusTimeoutMs: 500, jobTimeoutMs: 1000 });
  const close = async () => {
    printer.dispose();
    await host.close();
    await device.close();
    await pair.close();
  };
  return { sim, printer, close };
}

describe.each(['serial', 'file'] as const)('EscPosPrinter on a socat pty opened as %s, with the simulator', (kind) => {
  let rig: Awaited<ReturnType<typeof printerOnPty>>;
  beforeAll(async () => {
    rig = await printerOnPty(kind);
  });
  afterAll(() => rig?.close());

  commonCases(() => rig);

  it('the simulator printed the ticket as the composer laid it out', () => {
    const { sim } = rig;
    expect(sim.lines).toContain('A012');
    expect(sim.printed).toContainEqual({ kind: 'qr', data: SAMPLE_TICKET.trackUrl });
  });

  it('paper out: a PaperOutError and not one printable byte on the wire', async () => {
    const { sim, printer } = rig;
    sim.setState('paper-out');
    const before = sim.jobBytes;
    await expect(printer.print(ticketDocument(SAMPLE_TICKET, printer.options))).rejects.toMatchObject({ paperOut: true, duringPrint: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.jobBytes).toBe(before);
    sim.setState('ok');
  });

  it('paper out mid-ticket is detected after the job, and printing resumes after a refill', async () => {
    const { sim, printer } = rig;
    sim.paperRunsOutAfter(4);
    await expect(printer.print(ticketDocument(SAMPLE_TICKET, printer.options))).rejects.toMatchObject({ paperOut: true, duringPrint: true });
    sim.setState('ok');
    expect((await printer.print([{ type: 'text', text: 'after refill' }])).confirmed).toBe(true);
    expect(sim.lines.at(-1)).toBe('after refill');
  });

  it('a printer that stops answering times out instead of hanging', async () => {
    const { sim, printer } = rig;
    sim.mute();
    await expect(printer.status()).rejects.toMatchObject({ noResponse: true });
    sim.mute(false);
    expect((await printer.status()).online).toBe(true);
  });
});

describe.skipIf(!realPort)('EscPosPrinter on a real printer (HALL_TEST_PRINTER_PORT)', () => {
  let printer: EscPosPrinter;

  beforeAll(async () => {
    const t = transportFor(realPort!);
    await t.open();
    printer = new EscPosPrinter(t, { printer: { paperWidthMm: realWidth }, statusTimeoutMs: 1500 });
  });

  afterAll(async () => {
    printer?.dispose();
    await printer?.transport.close();
  });

  commonCases(() => ({ printer }));
});
