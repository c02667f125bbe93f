/**
 * F1 — a whole filing at a filing machine, as the hall receives it.
 *
 * Measured: five scanned pages of 300 kB each uploaded in parallel
 * (`PUT /filing-files/{sha256}`: hash and type checked, encrypted, written
 * to a temp file, synced, renamed, recorded), then `POST /filings` (checks,
 * directory sync, one FULL-sync commit), over keep-alive loopback HTTP
 * against the real hall server in its own process. The pages are fresh each
 * time (random bytes behind a JPEG header), so nothing is deduplicated.
 *
 * Floor: the same five bodies in parallel, then one small request, to a
 * plain node:http server that writes every body to a new file and fsyncs
 * it before answering — the durability the hall owes the visitor, with no
 * checking, encryption, database or framework. A second, receive-only
 * server side (bodies read and dropped) is printed as an extra row, to show
 * what loopback HTTP alone costs.
 *
 * The three sides alternate one sample at a time after a warm-up, so the
 * disk's changes of mood fall on all of them alike. HALL_BENCH_F1_ROUNDS
 * sets the number of samples per side (default 200, about 20 s).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { BareUploadInfo } from './children/bare-upload.ts';
import { startChild } from './lib/child.ts';
import { interleave } from './lib/interleave.ts';
import { log } from './lib/log.ts';
import { figure, type Figure } from './lib/report.ts';
import { startHallChild } from './lib/servers.ts';
import { summarize } from './lib/stats.ts';
import { makeTempDir, removeDir } from './lib/tempdir.ts';

export type F1Options = { pages?: number; pageBytes?: number; rounds?: number; warmup?: number };

const SERVICE = '330106-GJJ-001';
const PERSON = { idNumber: '33010619850312001X', name: '张三丰' };
const FORM = {
  name: PERSON.name,
  idNumber: PERSON.idNumber,
  reason: 'purchase',
  amount: '120000',
  bankAccount: '6222021202000000001',
  bankName: '工商银行杭州西湖支行',
  phone: '13800138000',
};

type Page = { bytes: Buffer; sha256: string };

function freshPage(size: number): Page {
  const bytes = randomFillSync(Buffer.allocUnsafe(size));
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  bytes[2] = 0xff;
  bytes[3] = 0xe0;
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function send(agent: Agent, base: URL, method: string, path: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, method, path, headers: { ...headers, 'content-length': String(body.length) }, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The kiosk's side of one filing: pages in parallel, then the submission.
 * Returns its duration in ms, and the uploads' part of it. Timed, so sent
 * with the floor's own bare sender: the two sides then differ only in the
 * server, where the contract's client would add its work to the hall's side.
 */
async function fileOnce(agent: Agent, base: URL, token: string, pages: Page[]): Promise<{ ms: number; uploadsMs: number }> {
  const auth = { authorization: `Bearer ${token}` };
  const t0 = performance.now();
  const statuses = await Promise.all(
    pages.map((p) => send(agent, base, 'PUT', `/api/v1/filing-files/${p.sha256}`, p.bytes, { ...auth, 'content-type': 'image/jpeg' })),
  );
  const uploadsMs = performance.now() - t0;
  const ref = (p: Page) => ({ sha256: p.sha256, contentType: 'image/jpeg' });
  const body = Buffer.from(
    JSON.stringify({
      serviceCode: SERVICE,
      applicant: PERSON,
      form: FORM,
      materials: [
        { materialId: 'id-card', pages: pages.slice(0, 2).map(ref) },
        { materialId: 'withdrawal-reason', pages: pages.slice(2, pages.length - 1).map(ref) },
        { materialId: 'bank-card', pages: pages.slice(pages.length - 1).map(ref) },
      ],
    }),
  );
  const submitted = await send(agent, base, 'POST', '/api/v1/filings', body, { ...auth, 'content-type': 'application/json' });
  const ms = performance.now() - t0;
  if (statuses.some((s) => s !== 201) || submitted !== 201) throw new Error(`the hall refused a filing: uploads ${statuses.join(',')}, submit ${submitted}`);
  return { ms, uploadsMs };
}

/** The floor's side: the same bodies in parallel, then one small one. */
async function bareOnce(agent: Agent, base: URL, mode: 'store' | 'receive', pages: Page[], small: Buffer): Promise<number> {
  const t0 = performance.now();
  const statuses = await Promise.all(pages.map((p) => send(agent, base, 'PUT', `/${mode}/${p.sha256}`, p.bytes, { 'content-type': 'image/jpeg' })));
  statuses.push(await send(agent, base, 'POST', `/${mode}/filing`, small, { 'content-type': 'application/json' }));
  const ms = performance.now() - t0;
  if (statuses.some((s) => s !== 201)) throw new Error(`the bare server answered ${statuses.join(',')}`);
  return ms;
}

export async function runF1(options: F1Options = {}): Promise<Figure[]> {
  const pageCount = options.pages ?? 5;
  const pageBytes = options.pageBytes ?? 300 * 1024;
  const rounds = options.rounds ?? Number(process.env.HALL_BENCH_F1_ROUNDS ?? 200);
  const warmup = options.warmup ?? 10;
  if (pageCount < 3) throw new Error('F1 files at least three pages (two ID card sides, a proof, a bank card)');

  const hall = await startHallChild('f1-hall');
  const bareDir = makeTempDir('f1-bare');
  const bare = await startChild<BareUploadInfo>(new URL('./children/bare-upload.ts', import.meta.url), ['--data', bareDir]);
  // As many sockets as requests in flight: a queued request would time the pool, not the server.
  const hallAgent = new Agent({ keepAlive: true, maxSockets: pageCount + 1 });
  const bareAgent = new Agent({ keepAlive: true, maxSockets: pageCount + 1 });
  try {
    const hallBase = new URL(hall.ready.url);
    const bareBase = new URL(bare.ready.url);
    const token = hall.ready.tokens.kiosk;
    const small = Buffer.from(JSON.stringify({ serviceCode: SERVICE, applicant: PERSON, form: FORM, materials: [] }));
    const hallMs: number[] = [];
    const hallUploadsMs: number[] = [];
    const storeMs: number[] = [];
    const receiveMs: number[] = [];
    const pages = () => Array.from({ length: pageCount }, () => freshPage(pageBytes));

    log('F1', `${warmup} warm-up + ${rounds} rounds: hall, bare store+fsync, bare receive; ${pageCount} pages of ${pageBytes / 1024} kB each`);
    await interleave({
      warmup,
      rounds,
      steps: [
        async (_i, warm) => {
          const { ms, uploadsMs } = await fileOnce(hallAgent, hallBase, token, pages());
          if (!warm) {
            hallMs.push(ms);
            hallUploadsMs.push(uploadsMs);
          }
        },
        async (_i, warm) => {
          const ms = await bareOnce(bareAgent, bareBase, 'store', pages(), small);
          if (!warm) storeMs.push(ms);
        },
        async (_i, warm) => {
          const ms = await bareOnce(bareAgent, bareBase, 'receive', pages(), small);
          if (!warm) receiveMs.push(ms);
        },
        // Untimed: the floor's files go, so its directory stays as small as a fresh one.
        async () => void (await send(bareAgent, bareBase, 'POST', '/clear', Buffer.alloc(0), {})),
      ],
      onRound: (r) => {
        if (r % 50 === 0) log('F1', `${r}/${rounds} rounds`);
      },
    });

    const h = summarize(hallMs);
    const hu = summarize(hallUploadsMs);
    const s = summarize(storeMs);
    const r = summarize(receiveMs);
    log(
      'F1',
      `hall p50 ${h.p50.toFixed(2)} / p99 ${h.p99.toFixed(2)} ms (uploads alone p50 ${hu.p50.toFixed(2)}); bare store p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(2)} ms; receive only p50 ${r.p50.toFixed(2)} / p99 ${r.p99.toFixed(2)} ms`,
    );
    const details = { pages: pageCount, pageBytes, rounds, hall: h, hallUploads: hu, bareStore: s, receiveOnly: r };
    return [
      figure({
        id: 'F1 p99',
        name: `filing submit: ${pageCount} × ${pageBytes / 1024} kB pages in parallel + submitFiling, p99`,
        unit: 'ms',
        measured: h.p99,
        floor: s.p99,
        floorName: 'bare node:http: same bodies to new files, each fsynced',
        goal: { kind: 'ratio-max', value: 1.5 },
        details,
      }),
      figure({
        id: 'F1 recv',
        name: 'floor without the writes: same bodies received and dropped, p99 (context)',
        unit: 'ms',
        measured: r.p99,
        floor: s.p99,
        floorName: 'the F1 floor (same bodies to new files, each fsynced)',
        goal: { kind: 'ratio-max', value: 1 },
        context: true,
        details: { receiveOnly: r, bareStore: s },
      }),
    ];
  } finally {
    hallAgent.destroy();
    bareAgent.destroy();
    await bare.stop();
    await hall.stop();
    removeDir(bareDir);
  }
}
