/**
 * Requests and their latency per operation: one histogram,
 * `hall_http_request_duration_seconds{operation_id, status_class}`, whose
 * `_count` is the number of requests. Only the contract's operations are
 * counted, by their operationId, so the label set is bounded by the contract
 * and never carries a path with an id in it.
 *
 * Per request this costs one observe on a child made once per operation and
 * status class: no label object is built on the hot path.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

type Child = { observe(seconds: number): void };

export type ResponseHook = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

export class RequestMetrics {
  readonly #histogram: Histogram<'operation_id' | 'status_class'>;

  constructor(registry: Registry) {
    this.#histogram = new Histogram({
      name: 'hall_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer sent, per contract operation and status class',
      labelNames: ['operation_id', 'status_class'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** The onResponse hook of one operation's route. */
  hookFor(operationId: string): ResponseHook {
    const children: (Child | undefined)[] = [];
    return (_req, reply, done) => {
      const i = Math.min(Math.max(Math.floor(reply.statusCode / 100) - 1, 0), STATUS_CLASSES.length - 1);
      const child = (children[i] ??= this.#histogram.labels(operationId, STATUS_CLASSES[i]!));
      child.observe(reply.elapsedTime / 1000);
      done();
    };
  }
}
