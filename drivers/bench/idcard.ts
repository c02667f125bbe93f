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
import { decodeCardData } from '../src/idcard/commands.ts';
import { encodeResponse, parseResponse } from '../src/idcard/frame.ts';
import { Ga467Framer } from '../src/idcard/framer.ts';
import { IdCardReader } from '../src/idcard/reader.ts';
import { decodeTextBlock } from '../src/idcard/text-block.ts';
import { SAMPLE_CARDS, samplePhoto } from '../src/sim/cards.ts';
import { IdReaderSimulator } from '../src/sim/idcard-sim.ts';
import { createPtyPair } from '../src/sim/socat.ts';
import { encodeTextBlock } from '../src/sim/text-block-encode.ts';
import { encodeCardData } from '../src/idcard/commands.ts';
import { SerialTransport } from '../src/transport/serial.ts';

export interface IdcardBenchResult {
  samples: number;
  baudRate: number;
  frameBytes: number;
  wireTimeMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  ratioP50: number;
  ratioP99: number;
  goalRatio: number;
  meetsGoal: boolean;
  decodeFramesPerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function measureLatency(samples = 300, baudRate = 115200): Promise<{ latencies: number[]; frameBytes: number }> {
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.device, baudRate, reconnect: { enabled: false } });
  const host = new SerialTransport({ path: pair.host, baudRate, reconnect: { enabled: false } });
  const reader = new IdCardReader(host);
  try {
    await device.open();
    await host.open();
    const sim = new IdReaderSimulator(device, { card: 'resident' });
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
    await host.close();
    await device.close();
    await pair.close();
  }
}

export function measureDecodeRate(durationMs = 1000): number {
  const frame = encodeResponse(0x90, encodeCardData({ text: encodeTextBlock(SAMPLE_CARDS.resident), photo: samplePhoto() }));
  const framer = new Ga467Framer({ minLen: 4 });
  let frames = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 200; i++) {
      for (const ev of framer.push(frame)) {
        if (ev.kind !== 'frame') throw new Error('bench frame did not decode');
        decodeTextBlock(decodeCardData(parseResponse(ev.body).data, false).text);
        frames++;
      }
    }
    now = performance.now();
  }
  return frames / ((now - start) / 1000);
}

export async function run(options: { samples?: number; baudRate?: number } = {}): Promise<IdcardBenchResult> {
  const baudRate = options.baudRate ?? 115200;
  const { latencies, frameBytes } = await measureLatency(options.samples ?? 300, baudRate);
  const sorted = [...latencies].sort((a, b) => a - b);
  const wireTimeMs = (frameBytes * 10 * 1000) / baudRate;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const goalRatio = 0.02;
  return {
    samples: sorted.length,
    baudRate,
    frameBytes,
    wireTimeMs,
    latencyP50Ms: p50,
    latencyP99Ms: p99,
    ratioP50: p50 / wireTimeMs,
    ratioP99: p99 / wireTimeMs,
    goalRatio,
    meetsGoal: p99 / wireTimeMs <= goalRatio,
    decodeFramesPerSecond: measureDecodeRate(),
  };
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
