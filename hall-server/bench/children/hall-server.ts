/**
 * The hall server under test, in its own process: the real application
 * (`createApplication`) with the demo seed, as `hall-server serve --seed demo`
 * would run it, on an ephemeral loopback port over a data directory the
 * bench created. It mints the tokens the bench needs and can issue tickets
 * in-process and report its memory on request.
 *
 *   node children/hall-server.ts --data DIR [--tls-cert FILE --tls-key FILE]
 */
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApplication } from '../../src/app.ts';
import type { Actor } from '../../src/domain/model.ts';
import { createLogger } from '../../src/log.ts';
import { NAMESPACES } from '../../src/protocol.ts';
import { serveParent } from '../lib/child.ts';
import { demoSeed, openWindows } from '../lib/demo.ts';
import { procMemory } from '../lib/memory.ts';

export type HallChildInfo = {
  url: string;
  pid: number;
  tokens: { kiosk: string; display: string; counters: Record<number, string> };
  windows: { no: number; services: string[] }[];
};

export type IssueProgress = { issued: number; of: number; elapsedMs: number };
export type IssueReport = { issued: number; ms: number; firstChunkUsPerIssue: number; lastChunkUsPerIssue: number; failures: number };

export type ChildMemory = {
  rssMB: number;
  hwmMB: number;
  heapUsedMB: number;
  externalMB: number;
  ticketsInMemory: number;
  /** Packets socket.io keeps for connection-state recovery, summed over the namespaces. */
  recoveryPackets: number;
};

const { values } = parseArgs({
  options: { data: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'no-quotas': { type: 'boolean' } },
});
if (!values.data) throw new Error('--data DIR is required');

// `--no-quotas`: a bench that calls hundreds of tickets through every window must not run into the demo's daily quotas.
const demo = demoSeed();
const seed = values['no-quotas'] ? { ...demo, services: demo.services.map((s) => ({ ...s, dailyQuota: undefined, slotQuotas: [] })) } : demo;
const tls = values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } : undefined;
// The benches drive one kiosk token at thousands of requests a second to measure the engine; the per-token
// HTTP rates (api/limits.ts) would measure the limiter instead. Every other limit stays at its default.
const unthrottled = { perSecond: 1e9, burst: 1e9 };
const httpPerToken = { kiosk: unthrottled, counter: unthrottled, display: unthrottled, manager: unthrottled, integration: unthrottled };
// P1 connects up to 5,000 walls with the one display token, where a hall's default allows 2,000.
const connectionsPerToken = { display: 10_000 };
const app = await createApplication({
  dataDir: values.data,
  seed,
  logger: createLogger({ level: 'warn' }),
  tls,
  limits: { httpPerToken, connectionsPerToken },
});
const url = await app.listen(0, '127.0.0.1');

const windows = openWindows(seed);
const counters: Record<number, string> = {};
for (const w of windows) counters[w.no] = app.tokens.create('counter', `bench counter ${w.no}`, w.no);
const tokens = { kiosk: app.tokens.create('kiosk', 'bench kiosk'), display: app.tokens.create('display', 'bench wall'), counters };

const kiosk: Actor = { role: 'kiosk', name: 'bench kiosk' };
const MB = 1024 * 1024;

function memory(): ChildMemory {
  const mu = process.memoryUsage();
  let recoveryPackets = 0;
  for (const path of Object.values(NAMESPACES)) {
    // A peek at socket.io's recovery buffer, to explain the RSS figure.
    const adapter = app.io.of(path).adapter as unknown as { packets?: unknown[] };
    recoveryPackets += adapter.packets?.length ?? 0;
  }
  return {
    ...procMemory('self'),
    heapUsedMB: mu.heapUsed / MB,
    externalMB: mu.external / MB,
    ticketsInMemory: app.hall.state.tickets.size,
    recoveryPackets,
  };
}

const parent = serveParent(
  {
    memory: (): ChildMemory => memory(),

    /**
     * Issues `count` tickets through hall.execute, round-robin over
     * `services`: each one a FULL-sync commit and a broadcast, exactly as an
     * HTTP issue minus the HTTP. Yields now and then so progress, timers
     * and socket.io keep running as they would in a live hall.
     */
    issue: async (p: { count: number; services: string[]; progressEvery: number }): Promise<IssueReport> => {
      const started = performance.now();
      const chunk = Math.min(1000, p.count);
      let firstChunkMs = 0;
      let chunkStart = started;
      let lastChunkMs = 0;
      let failures = 0;
      for (let i = 0; i < p.count; i++) {
        try {
          app.hall.execute({ type: 'issueTicket', serviceCode: p.services[i % p.services.length]!, source: 'kiosk' }, kiosk);
        } catch {
          failures++;
        }
        const done = i + 1;
        if (done === chunk) firstChunkMs = performance.now() - started;
        if (done % chunk === 0) {
          lastChunkMs = performance.now() - chunkStart;
          chunkStart = performance.now();
        }
        if (done % p.progressEvery === 0 || done === p.count) {
          parent.event('progress', { issued: done, of: p.count, elapsedMs: performance.now() - started } satisfies IssueProgress);
        }
        if (done % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return {
        issued: p.count - failures,
        ms: performance.now() - started,
        firstChunkUsPerIssue: (firstChunkMs * 1000) / chunk,
        lastChunkUsPerIssue: (lastChunkMs * 1000) / chunk,
        failures,
      };
    },

    /**
     * Diagnostic for P3: issues as fast as it can for `ms` through
     * hall.execute in this process — the same commit and broadcast as an
     * HTTP issue, without HTTP. Blocks the event loop meanwhile, which is
     * fine while no request is in flight.
     */
    issueFor: (p: { ms: number; services: string[] }): { count: number; ms: number } => {
      let count = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < p.ms) {
        app.hall.execute({ type: 'issueTicket', serviceCode: p.services[count % p.services.length]!, source: 'kiosk' }, kiosk);
        count++;
      }
      return { count, ms: performance.now() - t0 };
    },

    /**
     * Diagnostic for P6, after the figure is taken: the live heap after a full
     * GC, then again with socket.io's connection-state-recovery buffer
     * emptied, to attribute the figure. Needs --expose-gc.
     */
    attributeMemory: (): { live: ChildMemory; withoutRecoveryBuffer: ChildMemory } => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('start this child with --expose-gc');
      gc();
      const live = memory();
      for (const path of Object.values(NAMESPACES)) {
        const adapter = app.io.of(path).adapter as unknown as { packets?: unknown[] };
        if (adapter.packets) adapter.packets.length = 0;
      }
      gc();
      return { live, withoutRecoveryBuffer: memory() };
    },

    /** Times one callNext per open window in-process (a diagnostic for long queues). */
    /**
     * `rounds` calls on every window, each timed alone: the window's called
     * ticket is finished first (untimed), so the double-call guard never
     * answers instead of the engine.
     */
    timeCalls: (p: { rounds: number }): number[] => {
      const times: number[] = [];
      for (let r = 0; r < p.rounds; r++) {
        for (const w of windows) {
          const actor: Actor = { role: 'counter', name: `bench counter ${w.no}`, windowNo: w.no };
          const current = app.hall.state.windows.get(w.no)?.currentTicketId;
          if (current) app.hall.execute({ type: 'finishTicket', ticketId: current }, actor);
          const t0 = performance.now();
          app.hall.execute({ type: 'callNext', windowNo: w.no }, actor);
          times.push(performance.now() - t0);
        }
      }
      return times;
    },

    /** How many tickets wait, over every service. */
    waiting: (): number => [...app.hall.state.queues.values()].reduce((n, q) => n + q.length, 0),

    timeCallNext: (): { windowNo: number; ms: number }[] =>
      windows.map((w) => {
        const t0 = performance.now();
        app.hall.execute({ type: 'callNext', windowNo: w.no }, { role: 'counter', name: `bench counter ${w.no}`, windowNo: w.no });
        return { windowNo: w.no, ms: performance.now() - t0 };
      }),
  },
  async () => {
    await app.close();
    // The bench removes it too; this covers a bench that was interrupted.
    rmSync(values.data!, { recursive: true, force: true });
  },
);

parent.ready({ url, pid: process.pid, tokens, windows } satisfies HallChildInfo);
