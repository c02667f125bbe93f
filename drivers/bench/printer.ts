/**
 * P4 part 2: the printer path.
 * - bytes per ticket (the kiosk's ticket layout, 80 mm and 58 mm);
 * - the software time from print() to the job's last byte being handed to
 *   the transport, as a fraction of the ticket's wire time at 115200 baud
 *   (10 bits per byte). Goal: at most 0.05×.
 *
 * "Software time" is the driver's own work: composing the document, issuing
 * the status query, and, once the answer is in, handing over the job. The
 * printer's answer time is the device's, not ours, and is left out; it is
 * reported separately. The simulator answers on the far end of a socat pty
 * pair, in the same process.
 *
 *   cd /work/main && npx node drivers/bench/printer.ts [samples]
 */
import { pathToFileURL } from 'node:url';
import { composeDocument } from '../src/printer/composer.ts';
import { ticketDocument } from '../src/printer/layouts.ts';
import { EscPosPrinter } from '../src/printer/printer.ts';
import { openPtyEnds } from '../src/sim/line.ts';
import { EscPosPrinterSimulator } from '../src/sim/printer-sim.ts';
import { SAMPLE_TICKET } from '../src/sim/tickets.ts';
import { againstWireTime, percentile, perSecond, type WireTimeFigures } from './wire-time.ts';

export interface PrinterBenchResult extends WireTimeFigures {
  ticketBytes80: number;
  ticketBytes58: number;
  softwareP50Ms: number;
  softwareP99Ms: number;
  statusRoundTripP50Ms: number;
  composePerSecond: number;
}

export function measureComposeRate(durationMs = 1000): number {
  return perSecond(durationMs, 50, (n) => {
    composeDocument(ticketDocument({ ...SAMPLE_TICKET, number: `A${String(n % 1000).padStart(3, '0')}` }, { paperWidthMm: 80 }), { paperWidthMm: 80 });
  });
}

export async function measurePrints(samples = 200, baudRate = 115200): Promise<{ software: number[]; roundTrips: number[]; bytes: number }> {
  const line = await openPtyEnds(baudRate);
  const printer = new EscPosPrinter(line.host, { printer: { paperWidthMm: 80 }, baudRate, statusTimeoutMs: 2000 });
  try {
    new EscPosPrinterSimulator(line.device);
    const software: number[] = [];
    const roundTrips: number[] = [];
    let bytes = 0;
    const once = async (i: number) => {
      // A different number each time, so nothing is cached between tickets.
      const r = await printer.print(ticketDocument({ ...SAMPLE_TICKET, number: `A${String(i % 1000).padStart(3, '0')}` }, { paperWidthMm: 80 }));
      const t = r.timing;
      bytes = r.bytes;
      return { sw: t.statusAskedAt! - t.startedAt + (t.handedAt - t.statusAnsweredAt!), rt: t.statusAnsweredAt! - t.statusAskedAt! };
    };
    // Warm up the JIT and the pty before measuring.
    for (let i = 0; i < 20; i++) await once(i);
    for (let i = 0; i < samples; i++) {
      const m = await once(i);
      software.push(m.sw);
      roundTrips.push(m.rt);
    }
    return { software, roundTrips, bytes };
  } finally {
    printer.dispose();
    await line.close();
  }
}

export async function run(options: { samples?: number; baudRate?: number } = {}): Promise<PrinterBenchResult> {
  const baudRate = options.baudRate ?? 115200;
  const { software, roundTrips, bytes } = await measurePrints(options.samples ?? 200, baudRate);
  const { p50, p99, figures } = againstWireTime(software, bytes, baudRate, 0.05);
  return {
    ...figures,
    ticketBytes80: bytes,
    ticketBytes58: composeDocument(ticketDocument(SAMPLE_TICKET, { paperWidthMm: 58 }), { paperWidthMm: 58 }).length,
    softwareP50Ms: p50,
    softwareP99Ms: p99,
    statusRoundTripP50Ms: percentile(
      [...roundTrips].sort((a, b) => a - b),
      50,
    ),
    composePerSecond: measureComposeRate(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const samples = process.argv[2] ? Number(process.argv[2]) : 200;
  const r = await run({ samples });
  const f = (n: number, d = 3) => n.toFixed(d);
  console.log(`ESC/POS ticket print, ${r.samples} samples over a socat pty`);
  console.log(`  bytes per ticket: ${r.ticketBytes80} (80 mm), ${r.ticketBytes58} (58 mm)`);
  console.log(`  wire time at ${r.baudRate} baud: ${f(r.wireTimeMs, 1)} ms`);
  console.log(
    `  software time p50 ${f(r.softwareP50Ms)} ms (${f(r.ratioP50, 4)}×)   p99 ${f(r.softwareP99Ms)} ms (${f(r.ratioP99, 4)}×)   goal ≤ ${r.goalRatio}×: ${r.meetsGoal ? 'met' : 'NOT met'}`,
  );
  console.log(`  status round trip (simulator, not counted) p50 ${f(r.statusRoundTripP50Ms)} ms`);
  console.log(`  composer: ${Math.round(r.composePerSecond).toLocaleString('en')} tickets/s`);
  console.log(JSON.stringify(r));
}
