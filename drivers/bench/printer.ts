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
import { EscPosPrinterSimulator } from '../src/sim/printer-sim.ts';
import { createPtyPair } from '../src/sim/socat.ts';
import { SAMPLE_TICKET } from '../src/sim/tickets.ts';
import { SerialTransport } from '../src/transport/serial.ts';

export interface PrinterBenchResult {
  samples: number;
  baudRate: number;
  ticketBytes80: number;
  ticketBytes58: number;
  wireTimeMs: number;
  softwareP50Ms: number;
  softwareP99Ms: number;
  ratioP50: number;
  ratioP99: number;
  goalRatio: number;
  meetsGoal: boolean;
  statusRoundTripP50Ms: number;
  composePerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function measureComposeRate(durationMs = 1000): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 50; i++) {
      composeDocument(ticketDocument({ ...SAMPLE_TICKET, number: `A${String(n % 1000).padStart(3, '0')}` }, { paperWidthMm: 80 }), { paperWidthMm: 80 });
      n++;
    }
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

export async function measurePrints(samples = 200, baudRate = 115200): Promise<{ software: number[]; roundTrips: number[]; bytes: number }> {
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.device, baudRate, reconnect: { enabled: false } });
  const host = new SerialTransport({ path: pair.host, baudRate, reconnect: { enabled: false } });
  const printer = new EscPosPrinter(host, { printer: { paperWidthMm: 80 }, baudRate, statusTimeoutMs: 2000 });
  try {
    await device.open();
    await host.open();
    new EscPosPrinterSimulator(device);
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
    await host.close();
    await device.close();
    await pair.close();
  }
}

export async function run(options: { samples?: number; baudRate?: number } = {}): Promise<PrinterBenchResult> {
  const baudRate = options.baudRate ?? 115200;
  const { software, roundTrips, bytes } = await measurePrints(options.samples ?? 200, baudRate);
  const sorted = [...software].sort((a, b) => a - b);
  const wireTimeMs = (bytes * 10 * 1000) / baudRate;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const goalRatio = 0.05;
  return {
    samples: sorted.length,
    baudRate,
    ticketBytes80: bytes,
    ticketBytes58: composeDocument(ticketDocument(SAMPLE_TICKET, { paperWidthMm: 58 }), { paperWidthMm: 58 }).length,
    wireTimeMs,
    softwareP50Ms: p50,
    softwareP99Ms: p99,
    ratioP50: p50 / wireTimeMs,
    ratioP99: p99 / wireTimeMs,
    goalRatio,
    meetsGoal: p99 / wireTimeMs <= goalRatio,
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
