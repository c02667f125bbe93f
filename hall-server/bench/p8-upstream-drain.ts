/**
 * P8 — draining a 24-hour upstream backlog.
 *
 * 2,880 queue-load reports (one per 30 s for a day), taken from a demo hall,
 * wait in the outbox of a temporary store while the receiver was away. The
 * receiver is a local HTTP server that answers 200 at once. Measured: the
 * deliverer's drain rate (reports per second, outbox to acknowledged), with
 * its signatures, idempotency keys and delivered marks. Floor: a bare loop
 * of POSTs of the same bodies to the same receiver, one after another.
 * A B A B after a warm-up. Goal: ≥ 0.5×.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hall } from '../src/hall.ts';
import { LiveFigures } from '../src/stats/live.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { Deliverer } from '../src/upstream/deliverer.ts';
import { queueLoadReport } from '../src/upstream/format.ts';
import { Outbox } from '../src/upstream/outbox.ts';
import { HttpSink } from '../src/upstream/sinks.ts';
import { demoSeed } from './lib/demo.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';

export type P8Options = { reports?: number; rounds?: number };

async function receiver(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`, received: () => received };
}

export async function runP8(options: P8Options = {}): Promise<Figure[]> {
  const count = options.reports ?? 2_880;
  const rounds = options.rounds ?? 5;
  const dir = makeTempDir('p8');
  const rx = await receiver();
  let store: HallStore | undefined;
  try {
    const start = Date.now() - 86_400_000;
    store = HallStore.open(dir);
    const hall = Hall.open(store, { seed: demoSeed() });
    const figures = LiveFigures.fromTickets(hall.state.counters.day, hall.config.timeZone, [], []);
    const bodies = Array.from({ length: count }, (_, i) =>
      JSON.stringify(queueLoadReport(hall.config.hallId, hall.state, figures.figures, start + i * 30_000)),
    );
    const outbox = new Outbox(store.db);
    const sink = new HttpSink({ url: rx.url, secret: 'bench-secret', hallId: hall.config.hallId });
    const db = store.db;

    const drain = async (): Promise<number> => {
      db.exec('DELETE FROM upstream_outbox');
      db.transaction(() => bodies.forEach((b, i) => outbox.add('queue-load', b, start + i * 30_000)))();
      const deliverer = new Deliverer(outbox, sink);
      const t = performance.now();
      const done = new Promise<void>((resolve) => deliverer.onStatus((s) => s.state === 'idle' && s.backlog === 0 && s.delivered >= count && resolve()));
      deliverer.start();
      await done;
      const ms = performance.now() - t;
      await deliverer.stop();
      if (outbox.backlog().count !== 0) throw new Error('backlog left after the drain');
      return (count / ms) * 1000;
    };
    const bare = async (): Promise<number> => {
      const t = performance.now();
      for (const body of bodies) {
        const res = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
      }
      return (count / (performance.now() - t)) * 1000;
    };

    const measured: number[] = [];
    const floor: number[] = [];
    await interleave({
      warmup: 1,
      rounds,
      steps: [
        async (_r, warm) => {
          const rate = await drain();
          if (!warm) measured.push(rate);
        },
        async (_r, warm) => {
          const rate = await bare();
          if (!warm) floor.push(rate);
        },
      ],
      onRound: (r) => log('P8', `round ${r}/${rounds}`),
    });
    const a = summarize(measured);
    const b = summarize(floor);
    log('P8', `drain ${a.p50.toFixed(0)} reports/s, bare POSTs ${b.p50.toFixed(0)} /s`);
    return [
      figure({
        id: 'P8 rate',
        name: 'upstream: 24-hour backlog (2,880 reports) drain rate, median',
        unit: 'reports/s',
        measured: a.p50,
        floor: b.p50,
        floorName: 'a bare loop of POSTs of the same bodies',
        goal: { kind: 'ratio-min', value: 0.5 },
        details: { drain: a, bare: b, reports: count, received: rx.received() },
      }),
    ];
  } finally {
    store?.close();
    removeDir(dir);
    await new Promise<void>((resolve) => rx.server.close(() => resolve()));
  }
}
