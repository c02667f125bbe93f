/**
 * F2 — the filing machine's outbox drain rate after a hall outage.
 *
 * Set-up: the real hall (`createApplication`, the filing rig's catalogue) in
 * its own process (filing-hall.ts), and the real device agent in the filing
 * role in this one, its reader, printer and scanner on socat ptys. With the
 * hall down, N filings (HALL_BENCH_F2_FILINGS, default 40) are made through
 * the agent's KioskApi as the filing machine makes them offline: one
 * visitor's card, two pages of 300 kB (random bytes behind a JPEG header, so
 * nothing is deduplicated), `stagePage` twice, `submitFiling`. The hall takes
 * any number of filings from one person, so one card serves them all.
 *
 * Measured: from the hall listening again (same port, same data) until the
 * agent reports no pending filing — its reconnection, then for each filing
 * in order its pages (PUT /filing-files/{sha256}), the submit (POST /filings
 * with its Idempotency-Key) and the delivered mark in the outbox. Filings per
 * second, and MB/s of pages (10⁶ bytes). Every code is then looked up in the
 * hall as a manager: a drain that delivered less fails the bench.
 *
 * Floor: as many filings of the same sizes (fresh bytes, the body an outbox
 * filing carries) sent by a bare fetch loop from this process — each
 * filing's pages in parallel, then its submit — to the same hall, restarted
 * just before as for the drain (its page-sealing threads start on the first
 * page after a start, about 0.1 s: the drain pays that, so the floor does
 * too). That is what delivery costs the hall itself. Goal: ≥ 0.5× the
 * floor's rate, as for P8's upstream drain: the outbox adds to each filing a
 * read of its pages and a synced commit at the machine, and to the whole
 * drain one reconnection.
 *
 * The agent reconnects at the test rig's pace (socket.io from 100 ms, at most
 * 300 ms), and that wait is in the figure; a machine left at the default
 * (1 s doubling to 5 s) can wait up to 5 s for the link before the first
 * filing moves, which a figure at the rig's pace does not show.
 * Drain and floor alternate (A B A B) after a small warm-up round; medians of HALL_BENCH_F2_ROUNDS (default 5) rounds, about 25 s in all.
 *
 *   cd /work/main && npx node kiosk-app/bench/filing-outbox.ts
 */
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SAMPLE_CARDS } from '@hall/drivers';
import { newTrackingCode } from '@hall/server/forms';
import { startChild, type ChildHandle } from '@hall/server/bench/child.ts';
import { interleave } from '@hall/server/bench/interleave.ts';
import { log } from '@hall/server/bench/log.ts';
import { figure, type Figure } from '@hall/server/bench/report.ts';
import { summarize } from '@hall/server/bench/stats.ts';
import { makeTempDir, removeDir } from '@hall/server/bench/tempdir.ts';
import { sleep } from '@hall/server/bench/time.ts';
import { createLogger, type AgentLogger } from '../src/agent/log.ts';
import { SOLE, pageBytes } from '../src/agent/testing/filing-rig.ts';
import { agentReady, liftCard, startAgent, startSimDevices, writeProfile, type Agent, type SimDevices } from '../src/agent/testing/rig.ts';
import { nextEvent } from '../src/shared/next-event.ts';
import type { KioskApi } from '../src/shared/kiosk-api.ts';
import type { FilingHallInfo } from './filing-hall.ts';

export type F2Options = { filings?: number; rounds?: number; warmupFilings?: number };

type Hall = ChildHandle<FilingHallInfo>;

const PAGE_BYTES = 300 * 1024;
const PAGES_PER_FILING = 2;
const MB = 1e6;
/** The test rig's socket.io pace, stated here because the figure includes the wait for the link. */
const RECONNECT = { reconnectDelayMs: 100, reconnectDelayMaxMs: 300 };
/** The terminal the floor's filings name, as the agent's do. */
const TERMINAL = '测试自助申报机 (test filing machine)';
const CARD = SAMPLE_CARDS.resident;
/** What the screen sends besides the locked identity fields, which the agent fills in from the card. */
const FORM = { sex: 'male', address: CARD.address ?? '', phone: '13800138000' };
/** 40 filings drain in about a second: a stuck outbox fails the bench instead of hanging it. */
const drainTimeoutMs = (filings: number) => 30_000 + filings * 250;

type Page = { bytes: Buffer; sha256: string };

/** FF D9, the last two bytes of pageBytes()'s JPEG. */
const JPEG_EOI = 2;

/** A scanned page of exactly PAGE_BYTES: pageBytes()'s JPEG head and end-of-image marker around random bytes. */
function freshPage(): Page {
  const frame = pageBytes('image/jpeg', 0).length;
  const bytes = pageBytes('image/jpeg', PAGE_BYTES - frame);
  randomFillSync(bytes, frame - JPEG_EOI, PAGE_BYTES - frame);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** When the agent's outbox logged each delivery, and any resend: where a drain's time went. */
type OutboxTrace = { deliveredAt: number[]; resends: number };

function tracingLogger(trace: OutboxTrace): AgentLogger {
  return createLogger({
    write: (line) => {
      if (!line.includes('"part":"filing-outbox"')) return;
      const { msg } = JSON.parse(line) as { msg: string };
      if (msg === 'offline filing delivered') trace.deliveredAt.push(performance.now());
      else if (msg.includes('will resend')) trace.resends++;
    },
  });
}

async function hallDown(hall: Hall, api: KioskApi): Promise<void> {
  await Promise.all([nextEvent(api, 'hall', (h) => !h.online, 10_000), hall.request('down')]);
}

/** `count` filings made at the machine while the hall is down; their codes, in order. */
async function fillOutbox(api: KioskApi, count: number, round: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const stage = (materialId: string) => api.stagePage({ materialId, contentType: 'image/jpeg', dataBase64: freshPage().bytes.toString('base64') });
    const id = await stage('id-card');
    const premises = await stage('premises');
    const result = await api.submitFiling({
      serviceCode: SOLE,
      form: { ...FORM, shopName: `示例小吃店 ${round}-${i}` },
      materials: [
        { materialId: 'id-card', pageIds: [id.pageId] },
        { materialId: 'premises', pageIds: [premises.pageId] },
      ],
      keepForReuse: false,
      reuseConsent: false,
    });
    if (!result.filing.pending) throw new Error(`filing ${i} went to the hall at once: the hall was not down`);
    codes.push(result.filing.trackingCode);
  }
  return codes;
}

type Drain = { ms: number; reconnectMs: number; firstDeliveryMs: number; gapsMs: number[] };

/** Brings the hall back and times the outbox from the hall listening until it holds no pending filing. */
async function drain(hall: Hall, api: KioskApi, trace: OutboxTrace, count: number): Promise<Drain> {
  let t0 = 0;
  let onlineAt = 0;
  trace.deliveredAt.length = 0;
  const online = nextEvent(api, 'hall', (h) => h.online, drainTimeoutMs(count)).then(() => void (onlineAt = performance.now()));
  const drained = nextEvent(api, 'hall', (h) => h.online && h.pendingFilings === 0, drainTimeoutMs(count));
  const up = hall.request('up').then(() => void (t0 = performance.now()));
  const [state] = await Promise.all([drained, online, up]);
  const ms = performance.now() - t0;
  if ((state.parkedFilings ?? 0) > 0) throw new Error(`the hall refused ${state.parkedFilings} filing(s) for good`);
  const [first, ...rest] = trace.deliveredAt;
  if (first === undefined || trace.deliveredAt.length !== count) throw new Error(`the agent logged ${trace.deliveredAt.length} deliveries of ${count}`);
  return { ms, reconnectMs: onlineAt - t0, firstDeliveryMs: first - onlineAt, gapsMs: rest.map((t, i) => t - trace.deliveredAt[i]!) };
}

/** Every code the visitors hold is a filing in the hall, made offline. */
async function verifyInHall(url: string, managerToken: string, codes: string[]): Promise<void> {
  for (const code of codes) {
    const res = await fetch(`${url}/api/v1/filings/${code}`, { headers: { authorization: `Bearer ${managerToken}` } });
    const body = (await res.json()) as { trackingCode?: string; offline?: boolean };
    if (res.status !== 200 || body.trackingCode !== code || body.offline !== true)
      throw new Error(`filing ${code} is not in the hall as an offline filing (${res.status})`);
  }
}

/** The floor's client: the same filings one after another, each its pages in parallel, then its submit. Its time, and its first filing's. */
async function bareDelivery(url: string, kioskToken: string, count: number, round: number): Promise<{ ms: number; firstMs: number }> {
  const auth = { authorization: `Bearer ${kioskToken}` };
  const put = async (p: Page) => {
    const res = await fetch(`${url}/api/v1/filing-files/${p.sha256}`, { method: 'PUT', headers: { ...auth, 'content-type': 'image/jpeg' }, body: p.bytes });
    await res.arrayBuffer();
    return res.status;
  };
  const ref = (p: Page) => ({ sha256: p.sha256, contentType: 'image/jpeg' });
  // Drawn before the clock starts, as the outbox's pages were stored before the drain.
  const filings = Array.from({ length: count }, () => [freshPage(), freshPage()] as const);
  const t0 = performance.now();
  let firstMs = 0;
  for (const [i, [idCard, premises]] of filings.entries()) {
    const puts = await Promise.all([put(idCard), put(premises)]);
    // The body an outbox filing carries (filing-desk.ts), with a code and time of this client's own.
    const body = {
      serviceCode: SOLE,
      applicant: { idNumber: CARD.idNumber, name: CARD.name },
      form: { name: CARD.name, idNo: CARD.idNumber, ...FORM, shopName: `示例小吃店 floor ${round}-${i}` },
      materials: [
        { materialId: 'id-card', pages: [ref(idCard)] },
        { materialId: 'premises', pages: [ref(premises)] },
      ],
      keepForReuse: false,
      reuseConsent: false,
      terminal: TERMINAL,
      trackingCode: newTrackingCode(randomBytes),
      submittedAt: new Date().toISOString(),
    };
    const res = await fetch(`${url}/api/v1/filings`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const answer = await res.text();
    if (puts.some((s) => s !== 201) || res.status !== 201)
      throw new Error(`the hall refused a floor filing: pages ${puts.join(',')}, submit ${res.status} ${answer.slice(0, 200)}`);
    if (i === 0) firstMs = performance.now() - t0;
  }
  return { ms: performance.now() - t0, firstMs };
}

/** The agent online with the item's guide kept, and a visitor's card read, as before an outage. */
async function prepareMachine(api: KioskApi, sims: SimDevices): Promise<void> {
  await agentReady(api);
  await api.filingGuide(SOLE);
  const card = nextEvent(api, 'card');
  sims.reader.insert('resident');
  await card;
  await liftCard(sims.reader);
}

async function measure(hall: Hall, agent: Agent, trace: OutboxTrace, o: Required<F2Options>): Promise<Figure[]> {
  const { api } = agent;
  const { url, tokens } = hall.ready;
  const drains: Drain[] = [];
  const floorMs: number[] = [];
  const floorFirstMs: number[] = [];
  let fillMs = 0;
  log(
    'F2',
    `warm-up of ${o.warmupFilings}, then ${o.rounds} rounds of ${o.filings} filings × ${PAGES_PER_FILING} pages of ${PAGE_BYTES / 1024} kB: outbox drain after an outage, bare delivery`,
  );
  await interleave({
    warmup: 1,
    rounds: o.rounds,
    steps: [
      async (r, warm) => {
        const n = warm ? o.warmupFilings : o.filings;
        await hallDown(hall, api);
        const t = performance.now();
        const codes = await fillOutbox(api, n, r);
        if (!warm) fillMs += performance.now() - t;
        const run = await drain(hall, api, trace, n);
        await verifyInHall(url, tokens.manager, codes);
        if (!warm) drains.push(run);
        log(
          'F2',
          `${warm ? 'warm-up' : `round ${r}`}: outbox drained ${n} in ${run.ms.toFixed(0)} ms (reconnect ${run.reconnectMs.toFixed(0)} ms), all in the hall`,
        );
      },
      async (r, warm) => {
        const n = warm ? o.warmupFilings : o.filings;
        // The restart the drain starts from; the agent's reconnection chores are let finish first.
        await hallDown(hall, api);
        await Promise.all([nextEvent(api, 'hall', (h) => h.online, 10_000), hall.request('up')]);
        await sleep(500);
        const { ms, firstMs } = await bareDelivery(url, tokens.kiosk, n, r);
        if (!warm) {
          floorMs.push(ms);
          floorFirstMs.push(firstMs);
        }
        log('F2', `${warm ? 'warm-up' : `round ${r}`}: bare loop delivered ${n} in ${ms.toFixed(0)} ms`);
      },
    ],
  });

  const bytesPerFiling = PAGES_PER_FILING * PAGE_BYTES;
  const rate = (ms: number) => (o.filings / ms) * 1000;
  const mbps = (filingsPerS: number) => (filingsPerS * bytesPerFiling) / MB;
  const drainRate = summarize(drains.map((d) => rate(d.ms)));
  const floorRate = summarize(floorMs.map(rate));
  const reconnect = summarize(drains.map((d) => d.reconnectMs));
  const onceOnline = summarize(drains.map((d) => rate(d.ms - d.reconnectMs)));
  const gaps = summarize(drains.flatMap((d) => d.gapsMs));
  log(
    'F2',
    `outbox ${drainRate.p50.toFixed(1)} filings/s, ${mbps(drainRate.p50).toFixed(1)} MB/s (reconnect p50 ${reconnect.p50.toFixed(0)} ms; ${onceOnline.p50.toFixed(1)} filings/s once online; ` +
      `${gaps.p50.toFixed(1)} ms between deliveries p50); bare loop ${floorRate.p50.toFixed(1)} filings/s, ${mbps(floorRate.p50).toFixed(1)} MB/s`,
  );
  const details = {
    filings: o.filings,
    pages: o.filings * PAGES_PER_FILING,
    pageBytes: PAGE_BYTES,
    bytes: o.filings * bytesPerFiling,
    rounds: o.rounds,
    warmupFilings: o.warmupFilings,
    drainSeconds: drains.map((d) => d.ms / 1000),
    floorSeconds: floorMs.map((ms) => ms / 1000),
    drainRate,
    floorRate,
    agentReconnectPace: RECONNECT,
    reconnectMs: reconnect,
    drainRateOnceOnline: onceOnline,
    // Both pay the hall's start-up on their first filing (its sealing threads): compare these two.
    firstDeliveryAfterOnlineMs: summarize(drains.map((d) => d.firstDeliveryMs)),
    floorFirstFilingMs: summarize(floorFirstMs),
    msBetweenDeliveries: gaps,
    fillSecondsPerRound: fillMs / o.rounds / 1000,
    resends: trace.resends,
  };
  return [
    figure({
      id: 'F2 rate',
      name: `filing outbox after an outage: ${o.filings} filings (${PAGES_PER_FILING} × ${PAGE_BYTES / 1024} kB), hall listening → none pending, median`,
      unit: 'filings/s',
      measured: drainRate.p50,
      floor: floorRate.p50,
      floorName: 'a bare fetch loop: the same filings, pages in parallel then the submit',
      goal: { kind: 'ratio-min', value: 0.5 },
      details,
    }),
    figure({
      id: 'F2 MB/s',
      name: 'filing outbox: pages delivered per second during the drain, median (context)',
      unit: 'MB/s',
      measured: mbps(drainRate.p50),
      floor: mbps(floorRate.p50),
      floorName: 'the F2 floor’s pages',
      goal: { kind: 'ratio-min', value: 0.5 },
      context: true,
      details: { bytesPerFiling, megabyte: MB },
    }),
  ];
}

export async function run(options: F2Options = {}): Promise<Figure[]> {
  const filings = options.filings ?? Number(process.env.HALL_BENCH_F2_FILINGS ?? 40);
  const rounds = options.rounds ?? Number(process.env.HALL_BENCH_F2_ROUNDS ?? 5);
  const warmupFilings = options.warmupFilings ?? Math.min(filings, 5);
  if (!Number.isInteger(filings) || filings < 1 || !Number.isInteger(rounds) || rounds < 1)
    throw new Error('F2 needs a whole number of filings and rounds, at least one of each');

  const dir = makeTempDir('f2');
  let hall: Hall | undefined;
  let sims: SimDevices | undefined;
  let agent: Agent | undefined;
  try {
    hall = await startChild<FilingHallInfo>(new URL('./filing-hall.ts', import.meta.url), ['--data', join(dir, 'hall')]);
    sims = await startSimDevices();
    const trace: OutboxTrace = { deliveredAt: [], resends: 0 };
    agent = await startAgent({
      hallUrl: hall.ready.url,
      token: hall.ready.tokens.kiosk,
      profile: writeProfile(dir, sims, 'filing'),
      dataDir: join(dir, 'agent'),
      logger: tracingLogger(trace),
      host: { printerPollMs: 0, ...RECONNECT },
    });
    await prepareMachine(agent.api, sims);
    return await measure(hall, agent, trace, { filings, rounds, warmupFilings });
  } finally {
    await agent?.close();
    await sims?.close();
    await hall?.stop();
    removeDir(dir);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await run()) process.stdout.write(`${f.id}: ${f.measured.toFixed(2)} ${f.unit}, floor ${f.floor?.toFixed(2)} (${f.ratio?.toFixed(2)}×)\n`);
}
