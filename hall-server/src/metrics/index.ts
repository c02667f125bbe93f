/**
 * The hall's Prometheus metrics, all named `hall_…`: requests per operation
 * (requests.ts), the hall's state read at scrape time (hall-gauges.ts), the
 * store's commit time, and the process's own figures (process.ts). One
 * registry per hall, so halls in one process (tests) never mix their series.
 */
import { Histogram, Registry } from 'prom-client';
import type { HallStore } from '../store/hall-store.ts';
import { registerHallGauges, type GaugeSources } from './hall-gauges.ts';
import { processRegistry } from './process.ts';
import { RequestMetrics } from './requests.ts';

export type HallMetrics = {
  requests: RequestMetrics;
  /** The exposition's content type (Prometheus text format 0.0.4). */
  contentType: string;
  /** Every metric, in Prometheus text format. */
  scrape(): Promise<string>;
};

export function createHallMetrics(sources: GaugeSources & { store: HallStore }): HallMetrics {
  const registry = new Registry();
  const requests = new RequestMetrics(registry);
  registerHallGauges(registry, sources);
  const commits = new Histogram({
    name: 'hall_store_commit_seconds',
    help: "Time one group commit takes: the transaction writing a turn's commands and its sync to disk",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  sources.store.commitTimer = (seconds) => commits.observe(seconds);
  const ofProcess = processRegistry();
  return {
    requests,
    contentType: registry.contentType,
    async scrape() {
      const [hallText, processText] = await Promise.all([registry.metrics(), ofProcess.metrics()]);
      return `${hallText}\n${processText}`;
    },
  };
}
