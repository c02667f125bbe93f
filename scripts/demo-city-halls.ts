/**
 * The two other halls of `npm start -- --city`: real hall servers in this
 * process, each on its own data directory with the demo catalogue, reporting
 * to the city, and a crowd that keeps their queues moving. Visitors take
 * tickets at the hall's kiosk; each window's clerk calls, serves and
 * finishes them at a plausible pace; the window's screen collects a rating
 * now and then, a bad one with its reason. Everything goes through the
 * hall's HTTP API with the contract's client, as the real terminals do.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppOptions, type Application, createApplication } from '@hall/server/app';
import { createHallClient, HallRefusal, type HallClient } from '@hall/server/client';
import type { Role } from '@hall/server/protocol';
import { loadSeed } from '@hall/server/seed';

type Logger = NonNullable<AppOptions['logger']>;

/** How busy a hall is. Times in seconds, each drawn between its two bounds. */
export type Pace = {
  /** Between two visitors arriving. */
  arrivalS: readonly [number, number];
  /** A window serving one visitor. */
  serviceS: readonly [number, number];
  /** Visitors waiting when the demo starts (a hall that opens to a crowd shows it at once). */
  openingCrowd: number;
  /** A visitor who finds this many waiting goes elsewhere, so the queue does not grow without end. */
  crowdedAt: number;
};

export type SimulatedHallSpec = { hallId: string; name: { 'zh-CN': string; en: string }; pace: Pace };

/** The demo's two other districts: 上城 busy, 滨江 calm, so the city view and the phone page have a shortest to show. */
export const SIMULATED_HALLS: readonly SimulatedHallSpec[] = [
  {
    hallId: '330102-ZWFW-01',
    name: { 'zh-CN': '杭州市上城区政务服务中心', en: 'Shangcheng District Government Service Center, Hangzhou' },
    pace: { arrivalS: [2, 5], serviceS: [20, 55], openingCrowd: 14, crowdedAt: 30 },
  },
  {
    hallId: '330108-ZWFW-01',
    name: { 'zh-CN': '杭州市滨江区政务服务中心', en: 'Binjiang District Government Service Center, Hangzhou' },
    pace: { arrivalS: [4, 10], serviceS: [15, 40], openingCrowd: 5, crowdedAt: 15 },
  },
];

export type SimulatedHall = {
  app: Application;
  url: string;
  /** The hall wall, its display token in the fragment. */
  wallUrl: string;
  close(): Promise<void>;
};

/**
 * Starts the hall server on `dataDir` (seeded with the demo catalogue under
 * the spec's id and name when empty), listening on a free port of `host`,
 * and its visitors and clerks.
 */
export async function startSimulatedHall(
  spec: SimulatedHallSpec,
  options: { dataDir: string; host: string; upstream: AppOptions['upstream']; pages: AppOptions['pages']; logger: Logger },
): Promise<SimulatedHall> {
  const seed = { ...loadSeed('demo'), hallId: spec.hallId, name: spec.name };
  const app = await createApplication({ dataDir: options.dataDir, seed, logger: options.logger, pages: options.pages, upstream: options.upstream });
  let url: string;
  try {
    url = await app.listen(0, options.host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const tokens = keptTokens(app, join(options.dataDir, 'sim-tokens.json'));
  const windows = app.hall.config.windows.map((w) => ({
    windowNo: w.no,
    counter: tokens.ensure(`counter-${w.no}`, 'counter', `simulated window ${w.no}`, w.no),
    screen: tokens.ensure(`display-window-${w.no}`, 'display', `simulated window screen ${w.no}`, w.no),
  }));
  const kiosk = tokens.ensure('kiosk', 'kiosk', 'simulated kiosk');
  const wall = tokens.ensure('display', 'display', 'simulated hall wall');
  tokens.save();

  const client = (token: string) => createHallClient({ baseUrl: url, token });
  const crowd = simulateCrowd({
    kiosk: client(kiosk),
    windows: windows.map((w) => ({ windowNo: w.windowNo, counter: client(w.counter), screen: client(w.screen) })),
    // Each window's services by its weights: visitors come for what the hall serves, in proportion.
    services: app.hall.config.windows.flatMap((w) => w.services.flatMap((s) => Array<string>(s.weight).fill(s.code))),
    pace: spec.pace,
    logger: options.logger.child({ hallId: spec.hallId }),
  });
  return {
    app,
    url,
    wallUrl: `${url}/wall/#token=${wall}`,
    async close() {
      await crowd.stop();
      await app.close();
    },
  };
}

/** Device tokens created once and kept beside the hall's data, as `npm start` keeps its own. */
function keptTokens(app: Application, file: string) {
  const tokens: Partial<Record<string, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return {
    ensure(key: string, role: Role, name: string, windowNo?: number): string {
      const known = tokens[key];
      if (known && app.tokens.verify(known)) return known;
      return (tokens[key] = app.tokens.create(role, name, windowNo));
    },
    save: () => writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 }),
  };
}

/** How visitors rate: mostly 满意, and a few complaints. */
const RATINGS: readonly { level: number; share: number }[] = [
  { level: 5, share: 0.55 },
  { level: 4, share: 0.25 },
  { level: 3, share: 0.1 },
  { level: 2, share: 0.06 },
  { level: 1, share: 0.04 },
];
/** Of the visitors whose service was finished, this many answer the window screen's question. */
const RATING_SHARE = 0.6;
/** Called visitors who never come to the window. */
const NO_SHOW_SHARE = 0.04;
/** Seconds between being called and reaching the window. */
const WALK_S = [2, 6] as const;
/** Seconds a window with nobody to call waits before trying again. */
const IDLE_S = [4, 8] as const;

type CrowdOptions = {
  kiosk: HallClient;
  windows: { windowNo: number; counter: HallClient; screen: HallClient }[];
  services: readonly string[];
  pace: Pace;
  logger: Logger;
  random?: () => number;
};

/**
 * Visitors arriving at the kiosk and every window serving them, until
 * `stop`, which waits for the calls in flight. A refusal (a quota reached, a
 * window a manager paused) is what a real terminal would meet: it is logged
 * at debug level and the next visitor comes.
 */
export function simulateCrowd(options: CrowdOptions): { stop(): Promise<void> } {
  const { kiosk, pace, logger } = options;
  const random = options.random ?? Math.random;
  const abort = new AbortController();
  const { signal } = abort;
  const between = ([min, max]: readonly [number, number]) => (min + random() * (max - min)) * 1000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pause = (range: readonly [number, number]) => sleep(between(range), undefined, { signal });

  /** Runs `step` over and over until stopped; a step that fails is logged and the loop goes on. */
  async function loop(step: () => Promise<void>): Promise<void> {
    while (!signal.aborted) {
      try {
        await step();
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof HallRefusal) logger.debug({ code: error.code }, 'simulated hall: refused');
        else logger.warn({ err: error }, 'simulated hall: a call failed');
        await pause(IDLE_S).catch(() => undefined);
      }
    }
  }

  const waitingNow = async () => (await kiosk.call('getQueue')).services.reduce((sum, s) => sum + s.waiting, 0);
  const arrive = () => kiosk.call('issueTicket', { body: { serviceCode: pick(options.services) } });

  const arrivals = (async () => {
    const crowd = pace.openingCrowd - (await waitingNow().catch(() => pace.openingCrowd));
    for (let i = 0; i < crowd && !signal.aborted; i++) await arrive().catch((error: unknown) => logger.debug({ err: error }, 'simulated hall: refused'));
    await loop(async () => {
      await pause(pace.arrivalS);
      if ((await waitingNow()) < pace.crowdedAt) await arrive();
    });
  })();

  let reasons: string[] | undefined;
  const rating = async (): Promise<{ level: number; reason?: string }> => {
    let r = random();
    const { level } = RATINGS.find((x) => (r -= x.share) < 0) ?? RATINGS[0]!;
    if (level > 2) return { level };
    reasons ??= (await kiosk.call('getQueue')).hall.ratingReasons.map((name) => name['zh-CN']);
    return { level, reason: pick(reasons) };
  };

  const windows = options.windows.map(({ windowNo, counter, screen }) =>
    (async () => {
      // Clerks do not all start the same second.
      await pause([0, pace.serviceS[0]]).catch(() => undefined);
      await loop(async () => {
        const called = await counter.call('callNext', { params: { windowNo } });
        if (!called) return void (await pause(IDLE_S));
        const ticket = { params: { ticketId: called.id } };
        await pause(WALK_S);
        if (random() < NO_SHOW_SHARE) return void (await counter.call('skipTicket', ticket));
        await counter.call('startService', ticket);
        await pause(pace.serviceS);
        await counter.call('finishTicket', ticket);
        if (random() < RATING_SHARE) await screen.call('rateTicket', { ...ticket, body: await rating() });
      });
    })(),
  );

  return {
    async stop() {
      abort.abort();
      await Promise.all([arrivals, ...windows]);
    },
  };
}
