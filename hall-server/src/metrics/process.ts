/**
 * The process's own figures (event-loop lag, CPU, memory, heap, garbage
 * collection, open handles), from prom-client's default metrics under the
 * `hall_` prefix. They describe the process, not a hall, so they are
 * collected once per process however many halls it runs (tests run dozens):
 * each set of collectors holds an event-loop monitor and a GC observer that
 * are never let go.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

export function processRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    // 10 ms resolution: finer only costs timer wake-ups; a lag worth alerting on is tens of milliseconds.
    collectDefaultMetrics({ register: registry, prefix: 'hall_', eventLoopMonitoringPrecision: 10 });
  }
  return registry;
}
