/**
 * P4 part 1: how long after a card-read answer's last byte is on the wire the
 * decoded `card` event fires, as a fraction of that answer's wire time at
 * 115200 baud (10 bits per byte). Goal: at most 0.02×.
 *
 * The simulator answers on one end of a socat pty pair and the driver reads
 * the other, in one process so both ends share a clock. The clock starts
 * just before the simulator hands the answer to the kernel, which is no
 * later than its last byte would leave a real UART, so the figure errs on
 * the slow side. Also reports the pure codec's decode rate.
 *
 *   cd /work/main && node drivers/bench/idcard.ts [samples]
 */
import { pathToFileURL } from 'node:url';
import { decodeCardData, encodeCardData } from '../src/idcard/commands.ts';
import { encodeResponse, parseResponse } from '../src/idcard/frame.ts';
import { Ga467Framer } from '../src/idcard/framer.ts';
import { IdCardReader } from '../src/idcard/reader.ts';
import { decodeTextBlock } from '../src/idcard/text-block.ts';
import { SAMPLE_CARDS, samplePhoto } from '../src/sim/cards.ts';
import { IdReaderSimulator } from '../src/sim/idcard-sim.ts';
import { openPtyEnds } from '../src/sim/line.ts';
import { encodeTextBlock } from '../src/sim/text-block-encode.ts';
import { againstWireTime, perSecond, type WireTimeFigures } from './wire-time.ts';

export interface IdcardBenchResult extends WireTimeFigures {
  frameBytes: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  decodeFramesPerSecond: number;
}

export async function measureLatency(samples = 300, baudRate = 115200): Promise<{ latencies: number[]; frameBytes: number }> {
  const line = await openPtyEnds(baudRate);
  const reader = new IdCardReader(line.host);
  try {
    const sim = new IdReaderSimulator(line.device, { card: 'resident' });
    let sentAt = 0;
    let frameBytes = 0;
    sim.on('response', (name, frame, at) => {
      if (name === 'readText') {
        sentAt = at;
        frameBytes = frame.length;
      }
    });
    const latencies: number[] = [];
    reader.on('card', () => latencies.push(performance.now() - sentAt));
    // Warm up the JIT and the pty before measuring.
    for (let i = 0; i < 20; i++) await reader.readOnce({ timeoutMs: 2000 });
    latencies.length = 0;
    for (let i = 0; i < samples; i++) await reader.readOnce({ timeoutMs: 2000 });
    return { latencies, frameBytes };
  } finally {
    reader.dispose();
    await line.close();
  }
}

export function measureDecodeRate(durationMs = 1000): number {
  const frame = encodeResponse(0x90, encodeCardData({ text: encodeTextBlock(SAMPLE_CARDS.resident), photo: samplePhoto() }));
  const framer = new Ga467Framer({ minLen: 4 });
  // One whole frame per push: one frame event each time.
  return perSecond(durationMs, 200, () => {
    for (const ev of framer.push(frame)) {
      if (ev.kind !== 'frame') throw new Error('bench frame did not decode');
      decodeTextBlock(decodeCardData(parseResponse(ev.body).data, false).text);
    }
  });
}

export async function run(options: { samples?: number; baudRate?: number } = {}): Promise<IdcardBenchResult> {
  const baudRate = options.baudRate ?? 115200;
  const { latencies, frameBytes } = await measureLatency(options.samples ?? 300, baudRate);
  const { p50, p99, figures } = againstWireTime(latencies, frameBytes, baudRate, 0.02);
  return { ...figures, frameBytes, latencyP50Ms: p50, latencyP99Ms: p99, decodeFramesPerSecond: measureDecodeRate() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const samples = process.argv[2] ? Number(process.argv[2]) : 300;
  const r = await run({ samples });
  const f = (n: number, d = 3) => n.toFixed(d);
  console.log(`ID card read → card event, ${r.samples} samples over a socat pty, ${r.frameBytes}-byte answer`);
  console.log(`  wire time at ${r.baudRate} baud: ${f(r.wireTimeMs, 1)} ms`);
  console.log(
    `  latency p50 ${f(r.latencyP50Ms)} ms (${f(r.ratioP50, 4)}×)   p99 ${f(r.latencyP99Ms)} ms (${f(r.ratioP99, 4)}×)   goal ≤ ${r.goalRatio}×: ${r.meetsGoal ? 'met' : 'NOT met'}`,
  );
  console.log(`  pure codec decode rate: ${Math.round(r.decodeFramesPerSecond).toLocaleString('en')} frames/s`);
  console.log(JSON.stringify(r));
}
