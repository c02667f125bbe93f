/**
 * What the driver benches report alike: a delay measured many times, its
 * p50 and p99, and each as a fraction of the wire time of the bytes it
 * concerns, against a goal on the p99.
 */

export interface WireTimeFigures {
  samples: number;
  baudRate: number;
  /** The bytes' time on the line at `baudRate`, 10 bits per byte (start, 8 data, stop). */
  wireTimeMs: number;
  ratioP50: number;
  ratioP99: number;
  goalRatio: number;
  meetsGoal: boolean;
}

export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The p50 and p99 of `delaysMs`, with the figures that compare them to the wire time of `bytes`. */
export function againstWireTime(
  delaysMs: number[],
  bytes: number,
  baudRate: number,
  goalRatio: number,
): { p50: number; p99: number; figures: WireTimeFigures } {
  const sorted = [...delaysMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const wire = wireTimeMs(bytes, baudRate);
  return {
    p50,
    p99,
    figures: {
      samples: sorted.length,
      baudRate,
      wireTimeMs: wire,
      ratioP50: p50 / wire,
      ratioP99: p99 / wire,
      goalRatio,
      meetsGoal: p99 / wire <= goalRatio,
    },
  };
}

/** How many times a second `step` runs, over `durationMs`; the clock is read only between batches of `batch` steps. */
export function perSecond(durationMs: number, batch: number, step: (done: number) => void): number {
  let done = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < batch; i++) step(done++);
    now = performance.now();
  }
  return done / ((now - start) / 1000);
}
