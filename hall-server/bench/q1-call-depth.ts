/**
 * Q1 — a call costs the same whether 100 or 100,000 tickets wait.
 *
 * Measured in the hall child, in-process (`hall.execute`, durable commit
 * included, no HTTP): callNext on every open window, each call timed alone,
 * with 100, then 10,000, then 100,000 tickets waiting over the demo's
 * services. The floor of each deeper figure is the same hall's p99 at 100
 * waiting, measured first in the same run; the goal is at most 1.5× of it.
 * Issuing more only grows the lines, so the sizes go up one after another
 * rather than taking turns.
 */
import type { IssueReport } from './children/hall-server.ts';
import { demoSeed, unlimitedServices } from './lib/demo.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild } from './lib/servers.ts';
import { summarize, type Summary } from './lib/stats.ts';

export type Q1Options = { depths?: number[]; rounds?: number };

export async function runQ1(options: Q1Options = {}): Promise<Figure[]> {
  const depths = options.depths ?? [100, 10_000, 100_000];
  const rounds = options.rounds ?? 10;
  const hall = await startHallChild('q1', { args: ['--no-quotas'] });
  try {
    const services = unlimitedServices(demoSeed());
    const calls = rounds * hall.ready.windows.length;
    const points: { depth: number; calls: Summary }[] = [];
    for (const depth of depths) {
      // Enough that the lines stay at least `depth` deep through every timed call, and no window runs dry.
      const waiting = await hall.request<number>('waiting');
      const toIssue = depth + 3 * calls - waiting;
      if (toIssue > 0) {
        log('Q1', `issuing ${toIssue} tickets in-process for ${depth} waiting`);
        const issued = await hall.request<IssueReport>('issue', { count: toIssue, services, progressEvery: 50_000 }, 10 * 60_000);
        if (issued.failures) throw new Error(`${issued.failures} of ${toIssue} issues failed`);
      }
      const times = await hall.request<number[]>('timeCalls', { rounds }, 5 * 60_000);
      const point = { depth, calls: summarize(times) };
      points.push(point);
      log('Q1', `${depth} waiting: callNext p50 ${point.calls.p50.toFixed(2)} ms, p99 ${point.calls.p99.toFixed(2)} ms over ${times.length} calls`);
    }
    const [shallow, ...deeper] = points;
    if (!shallow) throw new Error('Q1 needs at least one depth');
    return deeper.map((point) =>
      figure({
        id: `Q1 @${point.depth / 1000}k`,
        name: `callNext in-process with ${point.depth.toLocaleString('en')} waiting, p99`,
        unit: 'ms',
        measured: point.calls.p99,
        floor: shallow.calls.p99,
        floorName: `the same hall with ${shallow.depth} waiting`,
        goal: { kind: 'ratio-max', value: 1.5 },
        details: { shallow, point },
      }),
    );
  } finally {
    await hall.stop();
  }
}
