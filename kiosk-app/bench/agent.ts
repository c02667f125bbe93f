/**
 * P4, whole path: swipe-to-ticket. From the moment a card is on the reader
 * (inserted just as the reader's find-card request arrives, so the reader's
 * poll phase does not count) through the `card` event on a client of the
 * agent's WebSocket, `issueTicket` on a real hall, to the last byte of the
 * print job reaching the printer simulator.
 *
 * The floor is the wire time of the serial frames involved at the profile's
 * baud rates (10 bits a byte): the reader's find/select/read exchange and
 * every byte to and from the printer (status queries and answers, the job,
 * its end-of-job confirmation). socat ptys move bytes without pacing them to
 * a baud rate, so the path is modelled as what was measured plus the wire
 * time: ratio = (measured + wire) / wire. Goal: ≤ 1.15×.
 *
 *   cd /work/main && npx node kiosk-app/bench/agent.ts [samples]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { liftCard, startKioskRig } from '../src/agent/testing/rig.ts';
import { nextEvent } from '../src/shared/next-event.ts';
import type { SimLine } from '@hall/drivers';

export type AgentBenchResult = {
  samples: number;
  baudRates: { idReader: number; printer: number };
  wireTimeMs: number;
  measuredP50Ms: number;
  measuredP99Ms: number;
  /** Modelled whole-path time at line speed: measured + wire. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  ratioP50: number;
  ratioP99: number;
  goalRatio: number;
  meetsGoal: boolean;
  perSample: { measuredMs: number; wireMs: number; readerBytes: number; printerBytes: number }[];
};

const GOAL = 1.15;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(samples = Number(process.env.KIOSK_BENCH_SAMPLES ?? 8)): Promise<AgentBenchResult> {
  const rig = await startKioskRig();
  try {
    const { api } = rig.agent;
    const { reader, printer } = rig.sims;
    const baudOf = (line: SimLine) => (line.host.type === 'serial' ? line.host.baudRate : 0);
    const baud = { idReader: baudOf(rig.sims.lines.idReader), printer: baudOf(rig.sims.lines.printer) };
    const services = (await api.services()).filter((s) => s.issuingNow);
    const perSample: AgentBenchResult['perSample'] = [];
    let lastJobAt = 0;
    printer.on('job', () => (lastJobAt = performance.now()));

    for (let i = 0; i < samples + 1; i++) {
      // One person, one ticket per service: each sample takes another service.
      const service = services[i % services.length]!;
      let armed = true;
      let started = 0;
      let readerBytes = 0;
      const onRequest = (name: string) => {
        if (armed && name === 'findCard') {
          armed = false;
          started = performance.now();
          reader.insert('resident');
        }
        if (!armed) readerBytes += 10;
      };
      const onResponse = (_name: string, frame: Uint8Array) => {
        if (started) readerBytes += frame.length;
      };
      reader.on('request', onRequest);
      reader.on('response', onResponse);
      const jobBytes = printer.jobBytes;
      const queries = printer.statusQueries;
      await nextEvent(api, 'card', () => true, 5000);
      reader.off('request', onRequest);
      reader.off('response', onResponse);
      const { printed } = await api.issueTicket({ serviceCode: service.code, withCard: true });
      if (!printed) throw new Error('the ticket was not printed');
      const measuredMs = lastJobAt - started;
      // Each DLE EOT n query is 3 bytes out and 1 byte back.
      const printerBytes = printer.jobBytes - jobBytes + (printer.statusQueries - queries) * 4;
      const wireMs = ((readerBytes * 10) / baud.idReader + (printerBytes * 10) / baud.printer) * 1000;
      // The first sample warms the JIT, the sockets and the hall: not counted.
      if (i > 0) perSample.push({ measuredMs, wireMs, readerBytes, printerBytes });
      await liftCard(reader);
    }

    const measured = perSample.map((s) => s.measuredMs).sort((a, b) => a - b);
    const wireTimeMs = perSample.reduce((n, s) => n + s.wireMs, 0) / perSample.length;
    const modelled = perSample.map((s) => s.measuredMs + s.wireMs).sort((a, b) => a - b);
    const ratios = perSample.map((s) => (s.measuredMs + s.wireMs) / s.wireMs).sort((a, b) => a - b);
    const result: AgentBenchResult = {
      samples: perSample.length,
      baudRates: baud,
      wireTimeMs,
      measuredP50Ms: percentile(measured, 50),
      measuredP99Ms: percentile(measured, 99),
      latencyP50Ms: percentile(modelled, 50),
      latencyP99Ms: percentile(modelled, 99),
      ratioP50: percentile(ratios, 50),
      ratioP99: percentile(ratios, 99),
      goalRatio: GOAL,
      meetsGoal: percentile(ratios, 99) <= GOAL,
      perSample,
    };
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(
      [
        `P4 swipe-to-ticket (${result.samples} samples; reader ${baud.idReader} Bd, printer ${baud.printer} Bd)`,
        `  wire time of the frames involved   ${f(wireTimeMs)} ms`,
        `  measured over ptys                 p50 ${f(result.measuredP50Ms)} ms   p99 ${f(result.measuredP99Ms)} ms`,
        `  at line speed (measured + wire)    p50 ${f(result.latencyP50Ms)} ms   p99 ${f(result.latencyP99Ms)} ms`,
        `  ratio to wire time                 p50 ${result.ratioP50.toFixed(2)}×   p99 ${result.ratioP99.toFixed(2)}×   goal ≤ ${GOAL}×  ${result.meetsGoal ? 'met' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    return result;
  } finally {
    await rig.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(process.argv[2] ? Number(process.argv[2]) : undefined);
}
