/**
 * When the wall painted each call, for the latency bench: the time of the
 * first animation frame after the number reached the DOM, on the shared
 * wall clock (`performance.timeOrigin + performance.now()`).
 */
export type Paint = { number: string; windowNo: number; at: number };

type PaintLog = { paints: Paint[] };

export function paintLog(): PaintLog | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as { __wall?: PaintLog };
  w.__wall ??= { paints: [] };
  return w.__wall;
}

export function recordPaint(number: string, windowNo: number): void {
  const log = paintLog();
  if (!log || typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => {
    log.paints.push({ number, windowNo, at: performance.timeOrigin + performance.now() });
    if (log.paints.length > 500) log.paints.splice(0, 250);
  });
}
