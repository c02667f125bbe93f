/**
 * The store's contract, one body run on each engine (store.pglite.test.ts,
 * store.postgres.test.ts): what the city view, the phone page and the
 * province see after the halls' reports come in, however they come in.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateAccountError } from '../../src/accounts/errors.ts';
import { MIGRATIONS, migrate } from '../../src/db/migrations.ts';
import type { Sql } from '../../src/db/sql.ts';
import { RatingsForwarder } from '../../src/ratings/forwarder.ts';
import { createStore, listenCityChanges, purgeExpired, type Store } from '../../src/store/index.ts';
import type { EngineFixture } from './engines.ts';
import { ShortestBoard } from '../../src/store/shortest-board.ts';
import { startRatingsReceiver } from './ratings-receiver.ts';
import { deviceHealth, queueLoad, rating } from './reports.ts';

const T0 = Date.parse('2026-11-23T02:00:00.000Z'); // 10:00 in the halls' time zone
const iso = (offsetS: number): string => new Date(T0 + offsetS * 1000).toISOString();
const MIN = 60;

const waitFor = async (check: () => boolean, what: string, timeoutMs = 3000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

export function storeContract(open: () => Promise<EngineFixture>): void {
  let db: EngineFixture;
  let clock: number;
  let store: Store;
  const now = () => clock;

  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
    clock = T0;
    store = createStore(db.sql, { now });
  });

  const addHalls = async (...ids: string[]) => {
    for (const hallId of ids) await store.directory.addHall({ hallId, name: `${hallId} 政务服务中心` });
  };
  const online = async (...ids: string[]) => {
    await store.sink.presence(ids.map((hallId) => ({ hallId, online: true, at: iso(0) })));
  };
  const overviewOf = async (hallId: string) => (await store.readModel.halls()).find((h) => h.hallId === hallId)!;

  describe('the database', () => {
    it('records each migration once: opening it again applies nothing', async () => {
      expect(await migrate(db.sql)).toEqual([]);
      const rows = await db.sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it("moves a platform's service rows into its halls' load rows (version 2), figures and names intact", async () => {
      class Rollback extends Error {
        readonly found: unknown;
        constructor(found: unknown) {
          super('rolled back');
          this.found = found;
        }
      }
      // Both versions in a schema of their own, inside a transaction that is rolled back: the store's tables are not touched.
      const outcome = await db.sql
        .transaction(async (tx) => {
          await tx.query('CREATE SCHEMA migration_check');
          await tx.query('SET LOCAL search_path TO migration_check');
          for (const statement of MIGRATIONS[0]!.statements) await tx.query(statement);
          await tx.query(`INSERT INTO hall_load VALUES ('H1', '${iso(0)}', '2026-11-23', 9, 600, 2, 40, 31)`);
          await tx.query(`INSERT INTO hall_services VALUES
            ('H1', 'HJ-001', '户籍办理', 7, 600, 300, 12, 30, 23, 1, 'k-1', '${iso(0)}'),
            ('H1', 'SB-002', NULL, 2, 120, 60, 3, 10, 8, 1, 'k-1', '${iso(0)}')`);
          for (const statement of MIGRATIONS[1]!.statements) await tx.query(statement);
          throw new Rollback({
            services: (await tx.query('SELECT services FROM hall_load'))[0]!.services,
            serviceTable: (await tx.query(`SELECT to_regclass('migration_check.hall_services') AS t`))[0]!.t,
          });
        })
        .catch((error: unknown) => {
          if (error instanceof Rollback) return error.found;
          throw error;
        });
      expect(outcome).toEqual({
        services: { 'HJ-001': [7, 12, 1, 600, 30, 23, '户籍办理'], 'SB-002': [2, 3, 1, 120, 10, 8, null] },
        serviceTable: null,
      });
    });
  });

  describe('ingest', () => {
    it('stores a batch once: sent again, every report counts as replayed and the figures stay', async () => {
      await addHalls('A');
      const batch = [queueLoad('A', iso(0), { services: [{ code: 'HJ-001', waiting: 4 }] }), rating('A', iso(5), 5)];
      expect(await store.sink.write(batch)).toEqual({ stored: 2, replayed: 0 });
      expect(await store.sink.write(batch)).toEqual({ stored: 0, replayed: 2 });
      expect((await overviewOf('A')).waiting).toBe(4);
      expect((await store.readModel.hall('A'))!.hall.goodRatingRate).toBe(1);
      expect(await store.sink.refusals()).toEqual([{ reason: 'replayed', hallId: 'A', count: 2 }]);
    });

    it('stores a report repeated within one batch once', async () => {
      await addHalls('A');
      const report = rating('A', iso(0), 1);
      expect(await store.sink.write([report, report])).toEqual({ stored: 1, replayed: 1 });
      expect(await store.readModel.badRatings({ limit: 10 })).toHaveLength(1);
    });

    it('keeps a late queue-load but shows the newest: a hall draining its outbox after an outage does not go back in time', async () => {
      await addHalls('A');
      await online('A');
      await store.sink.write([queueLoad('A', iso(60), { services: [{ code: 'HJ-001', waiting: 9 }] })]);
      expect(await store.sink.write([queueLoad('A', iso(30), { services: [{ code: 'HJ-001', waiting: 2 }] })])).toEqual({ stored: 1, replayed: 0 });
      const a = await overviewOf('A');
      expect(a.waiting).toBe(9);
      expect(a.reportedAt).toBe(iso(60));
      // Out of order within one batch too.
      await store.sink.write([
        queueLoad('A', iso(120), { services: [{ code: 'HJ-001', waiting: 5 }] }),
        queueLoad('A', iso(90), { services: [{ code: 'HJ-001', waiting: 7 }] }),
      ]);
      expect((await overviewOf('A')).waiting).toBe(5);
    });

    it('replaces the services with the newest report: a service the hall stopped offering disappears', async () => {
      await addHalls('A');
      await store.sink.write([
        queueLoad('A', iso(0), {
          services: [
            { code: 'HJ-001', name: '户籍' },
            { code: 'JZ-002', name: '居住证' },
          ],
        }),
      ]);
      await store.sink.write([queueLoad('A', iso(30), { services: [{ code: 'HJ-001', name: '户籍' }] })]);
      expect((await store.readModel.hall('A'))!.services.map((s) => s.code)).toEqual(['HJ-001']);
      expect(await store.readModel.services()).toEqual([{ code: 'HJ-001', name: '户籍' }]);
    });

    it('derives the hourly curve from the day counters, whatever order the reports arrive in', async () => {
      await addHalls('A');
      const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 23, h, m)).toISOString();
      const reports = [
        queueLoad('A', at(1, 10), { day: '2026-11-23', issuedToday: 5, servedToday: 2, services: [{ code: 'S', waiting: 3 }] }),
        queueLoad('A', at(1, 50), { day: '2026-11-23', issuedToday: 12, servedToday: 8, services: [{ code: 'S', waiting: 6 }] }),
        queueLoad('A', at(2, 20), { day: '2026-11-23', issuedToday: 20, servedToday: 15, services: [{ code: 'S', waiting: 4 }] }),
        queueLoad('A', at(2, 55), { day: '2026-11-23', issuedToday: 30, servedToday: 21, services: [{ code: 'S', waiting: 2 }] }),
      ];
      // Newest first, split over two batches, one report sent twice.
      await store.sink.write([reports[3], reports[1]]);
      await store.sink.write([reports[0], reports[2], reports[1]]);
      expect((await store.readModel.hall('A'))!.hourly).toEqual([
        { hour: at(1, 0), issued: 12, served: 8, peakWaiting: 6 },
        { hour: at(2, 0), issued: 18, served: 13, peakWaiting: 4 },
      ]);
    });

    it("shows today's hours by the hall's own day: yesterday's hours drop off once the hall reports a new day", async () => {
      await addHalls('A');
      await store.sink.write([queueLoad('A', '2026-11-22T08:00:00.000Z', { day: '2026-11-22', issuedToday: 300 })]);
      await store.sink.write([queueLoad('A', '2026-11-23T01:30:00.000Z', { day: '2026-11-23', issuedToday: 4 })]);
      const hourly = (await store.readModel.hall('A'))!.hourly;
      expect(hourly).toEqual([{ hour: '2026-11-23T01:00:00.000Z', issued: 4, served: 0, peakWaiting: 0 }]);
    });

    it('counts device alarms from the newest device-health report only', async () => {
      await addHalls('A');
      await store.sink.write([
        deviceHealth('A', iso(60), [
          { terminal: 'kiosk-1', device: 'printer', state: 'warning', code: 'PAPER_LOW' },
          { terminal: 'kiosk-1', device: 'reader', state: 'ok' },
          { terminal: 'kiosk-2', device: 'printer', state: 'error', code: 'PAPER_OUT' },
        ]),
        deviceHealth('A', iso(0), [{ terminal: 'kiosk-1', device: 'printer', state: 'ok' }]),
      ]);
      expect((await overviewOf('A')).deviceAlarms).toBe(2);
      expect((await store.readModel.hall('A'))!.alarms).toEqual([
        { terminal: 'kiosk-1', device: 'printer', state: 'warning', code: 'PAPER_LOW', since: iso(60) },
        { terminal: 'kiosk-2', device: 'printer', state: 'error', code: 'PAPER_OUT', since: iso(60) },
      ]);
      await store.sink.write([deviceHealth('A', iso(120), [{ terminal: 'kiosk-1', device: 'printer', state: 'ok' }])]);
      expect((await overviewOf('A')).deviceAlarms).toBe(0);
    });

    it('stores nothing of a batch that fails midway, so the consumer can retry it whole', async () => {
      await addHalls('A');
      const good = queueLoad('A', iso(0));
      const broken = { ...queueLoad('A', iso(1)), at: 'not a time' };
      await expect(store.sink.write([good, broken])).rejects.toThrow();
      expect(await store.sink.write([good])).toEqual({ stored: 1, replayed: 0 });
    });

    it('counts refusals per reason and hall, within a batch and across batches, and lumps ids that are not hall ids together', async () => {
      await store.sink.refuse([{ reason: 'bad-signature', hallId: 'A' }]);
      await store.sink.refuse([
        { reason: 'bad-signature', hallId: 'A' },
        { reason: 'unknown-hall', hallId: 'nobody' },
        { reason: 'malformed', hallId: undefined },
        { reason: 'wrong-topic', hallId: 'hall/#' },
        { reason: 'wrong-topic', hallId: '' },
        { reason: 'bad-signature', hallId: 'A' },
      ]);
      expect(await store.sink.refusals()).toEqual([
        { reason: 'bad-signature', hallId: 'A', count: 3 },
        { reason: 'malformed', hallId: undefined, count: 1 },
        { reason: 'unknown-hall', hallId: 'nobody', count: 1 },
        { reason: 'wrong-topic', hallId: undefined, count: 2 },
      ]);
    });

    it('keeps raw reports a week and hourly curves 90 days; the figures shown stay', async () => {
      await addHalls('A');
      await store.sink.write([queueLoad('A', iso(0), { services: [{ code: 'S', waiting: 3 }] })]);
      clock = T0 + 8 * 86_400_000;
      expect(await purgeExpired(db.sql, { now })).toEqual({ reports: 1, hours: 0 });
      expect((await overviewOf('A')).waiting).toBe(3);
      clock = T0 + 91 * 86_400_000;
      expect(await purgeExpired(db.sql, { now })).toEqual({ reports: 0, hours: 1 });
    });
  });

  describe('the city view', () => {
    it('shows a hall online only while it is connected and has reported within staleAfterS', async () => {
      await addHalls('A');
      expect((await overviewOf('A')).online).toBe(false);
      await store.sink.presence([{ hallId: 'A', online: true, at: iso(0) }]);
      expect((await overviewOf('A')).online).toBe(false); // connected, but no report yet
      await store.sink.write([queueLoad('A', iso(10))]);
      expect((await overviewOf('A')).online).toBe(true);
      clock = T0 + 130_000; // 120 s after the report
      expect((await overviewOf('A')).online).toBe(true);
      clock = T0 + 131_000;
      expect((await overviewOf('A')).online).toBe(false);
      await store.sink.write([queueLoad('A', iso(130))]);
      expect((await overviewOf('A')).online).toBe(true);
      await store.sink.presence([{ hallId: 'A', online: false, at: iso(131) }]); // its last will
      expect((await overviewOf('A')).online).toBe(false);
    });

    it('ignores a presence older than the one stored (a retained status seen again)', async () => {
      await addHalls('A');
      await store.sink.write([queueLoad('A', iso(0))]);
      await store.sink.presence([{ hallId: 'A', online: false, at: iso(20) }]);
      await store.sink.presence([{ hallId: 'A', online: true, at: iso(5) }]);
      expect((await overviewOf('A')).online).toBe(false);
    });

    it("takes each hall's newest presence of a batch, whatever order the batch holds them in", async () => {
      await addHalls('A', 'B');
      await store.sink.write([queueLoad('A', iso(0)), queueLoad('B', iso(0))]);
      await store.sink.presence([
        { hallId: 'A', online: false, at: iso(20) },
        { hallId: 'B', online: false, at: iso(3) },
        { hallId: 'A', online: true, at: iso(5) },
        { hallId: 'B', online: true, at: iso(9) },
      ]);
      expect([(await overviewOf('A')).online, (await overviewOf('B')).online]).toEqual([false, true]);
    });

    it('turns the service level to warn at 15 minutes of longest wait and to breach at 30', async () => {
      await addHalls('OK', 'WARN', 'BREACH');
      await store.sink.write([
        queueLoad('OK', iso(0), { services: [{ code: 'S', longestWaitS: 15 * MIN - 1 }] }),
        queueLoad('WARN', iso(0), {
          services: [
            { code: 'S', longestWaitS: 60 },
            { code: 'T', longestWaitS: 15 * MIN },
          ],
        }),
        queueLoad('BREACH', iso(0), { services: [{ code: 'S', longestWaitS: 30 * MIN }] }),
      ]);
      const halls = await store.readModel.halls();
      expect(halls.map((h) => [h.hallId, h.longestWaitS, h.slaState])).toEqual([
        ['BREACH', 1800, 'breach'],
        ['OK', 899, 'ok'],
        ['WARN', 900, 'warn'],
      ]);
      const strict = createStore(db.sql, { now, slaWarnMinutes: 5, slaBreachMinutes: 10 });
      expect((await strict.readModel.halls()).map((h) => h.slaState)).toEqual(['breach', 'breach', 'breach']);
    });

    it("rates a hall by the share of today's ratings at 4 or 5, and null on a day with none", async () => {
      await addHalls('A');
      await store.sink.write([queueLoad('A', iso(0), { day: '2026-11-23' })]);
      expect((await overviewOf('A')).goodRatingRate).toBeNull();
      await store.sink.write([
        rating('A', '2026-11-22T09:00:00.000Z', 1), // 17:00 yesterday in the hall
        rating('A', '2026-11-22T16:30:00.000Z', 5), // 00:30 today in the hall
        rating('A', iso(10), 4),
        rating('A', iso(20), 3),
      ]);
      expect((await overviewOf('A')).goodRatingRate).toBe(2 / 3);
    });

    it('sums a hall: waiting over its services, open windows, the day counters', async () => {
      await addHalls('A', 'QUIET');
      await online('A');
      await store.sink.write([
        queueLoad('A', iso(0), {
          windowsOpen: 3,
          issuedToday: 40,
          servedToday: 31,
          services: [
            { code: 'HJ-001', name: '户籍办理', waiting: 4, longestWaitS: 300, estimatedWaitMinutes: 12, issued: 25, served: 20, windowsOpen: 2 },
            { code: 'SB-003', waiting: 2, longestWaitS: 700, estimatedWaitMinutes: 5, issued: 15, served: 11, windowsOpen: 1 },
          ],
        }),
      ]);
      expect(await store.readModel.halls()).toEqual([
        {
          hallId: 'A',
          name: 'A 政务服务中心',
          online: true,
          waiting: 6,
          longestWaitS: 700,
          windowsOpen: 3,
          issuedToday: 40,
          servedToday: 31,
          goodRatingRate: null,
          reportedAt: iso(0),
          slaState: 'ok',
          deviceAlarms: 0,
        },
        {
          hallId: 'QUIET',
          name: 'QUIET 政务服务中心',
          online: false,
          waiting: 0,
          longestWaitS: 0,
          windowsOpen: 0,
          issuedToday: 0,
          servedToday: 0,
          goodRatingRate: null,
          reportedAt: null,
          slaState: 'ok',
          deviceAlarms: 0,
        },
      ]);
      const detail = await store.readModel.hall('A');
      expect(detail!.services).toEqual([
        { code: 'HJ-001', name: '户籍办理', waiting: 4, longestWaitS: 300, estimatedWaitMinutes: 12, issued: 25, served: 20, windowsOpen: 2 },
        { code: 'SB-003', name: 'SB-003', waiting: 2, longestWaitS: 700, estimatedWaitMinutes: 5, issued: 15, served: 11, windowsOpen: 1 },
      ]);
      expect(await store.readModel.hall('NOPE')).toBeUndefined();
    });

    it('lists bad ratings (levels 1 and 2) newest first, by hall when asked, up to the limit', async () => {
      await addHalls('A', 'B');
      await store.sink.write([
        rating('A', iso(10), 1, { reason: '等太久', windowNo: 3, serviceCode: 'HJ-001' }),
        rating('A', iso(20), 5),
        rating('B', iso(30), 2),
        rating('A', iso(40), 2),
        rating('B', iso(5), 3),
      ]);
      expect(await store.readModel.badRatings({ limit: 10 })).toEqual([
        { hallId: 'A', at: iso(40), serviceCode: 'HJ-001', level: 2 },
        { hallId: 'B', at: iso(30), serviceCode: 'HJ-001', level: 2 },
        { hallId: 'A', at: iso(10), serviceCode: 'HJ-001', windowNo: 3, level: 1, reason: '等太久' },
      ]);
      expect((await store.readModel.badRatings({ limit: 10, hallId: 'B' })).map((r) => r.at)).toEqual([iso(30)]);
      expect((await store.readModel.badRatings({ limit: 1 })).map((r) => r.at)).toEqual([iso(40)]);
      await expect(store.readModel.badRatings({ limit: 0 })).rejects.toThrow(TypeError);
    });

    it('answers the shortest queue for a service: online halls that offer it, by estimated wait, then fewest waiting', async () => {
      await addHalls('FAST', 'SLOW', 'TIE-FEWER', 'OFFLINE', 'STALE', 'OTHER');
      await online('FAST', 'SLOW', 'TIE-FEWER', 'STALE', 'OTHER');
      await store.sink.presence([{ hallId: 'OFFLINE', online: false, at: iso(0) }]);
      clock = T0 + 200_000;
      const fresh = iso(190);
      await store.sink.write([
        queueLoad('SLOW', fresh, { services: [{ code: 'HJ-001', waiting: 3, estimatedWaitMinutes: 25, windowsOpen: 1 }] }),
        queueLoad('FAST', fresh, { services: [{ code: 'HJ-001', waiting: 9, estimatedWaitMinutes: 10, windowsOpen: 4 }] }),
        queueLoad('TIE-FEWER', fresh, { services: [{ code: 'HJ-001', waiting: 6, estimatedWaitMinutes: 10, windowsOpen: 2 }] }),
        queueLoad('OFFLINE', fresh, { services: [{ code: 'HJ-001', estimatedWaitMinutes: 0 }] }),
        queueLoad('STALE', iso(60), { services: [{ code: 'HJ-001', estimatedWaitMinutes: 0 }] }),
        queueLoad('OTHER', fresh, { services: [{ code: 'JZ-002', estimatedWaitMinutes: 0 }] }),
      ]);
      expect(await store.readModel.shortest('HJ-001')).toEqual([
        { hallId: 'TIE-FEWER', name: 'TIE-FEWER 政务服务中心', waiting: 6, estimatedWaitMinutes: 10, windowsOpen: 2 },
        { hallId: 'FAST', name: 'FAST 政务服务中心', waiting: 9, estimatedWaitMinutes: 10, windowsOpen: 4 },
        { hallId: 'SLOW', name: 'SLOW 政务服务中心', waiting: 3, estimatedWaitMinutes: 25, windowsOpen: 1 },
      ]);
      expect(await store.readModel.shortest('NOBODY-OFFERS')).toEqual([]);
      const firstTwo = createStore(db.sql, { now, shortestLimit: 2 });
      expect((await firstTwo.readModel.shortest('HJ-001')).map((h) => h.hallId)).toEqual(['TIE-FEWER', 'FAST']);
    });

    it('lists every service some hall offers once, named', async () => {
      await addHalls('A', 'B');
      await store.sink.write([
        queueLoad('A', iso(0), { services: [{ code: 'HJ-001', name: '户籍办理' }, { code: 'SB-003' }] }),
        queueLoad('B', iso(0), { services: [{ code: 'HJ-001' }, { code: 'SB-003', name: '社保' }, { code: 'JZ-002', name: '居住证' }] }),
      ]);
      expect(await store.readModel.services()).toEqual([
        { code: 'HJ-001', name: '户籍办理' },
        { code: 'JZ-002', name: '居住证' },
        { code: 'SB-003', name: '社保' },
      ]);
    });
  });

  describe('accounts', () => {
    it('gives a new hall a 32-byte hex secret, its id as username, and a password that logs in as that hall', async () => {
      const hall = await store.directory.addHall({ hallId: '330106-ZWFW-01', name: '西湖区政务服务中心' });
      expect(hall.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(hall.username).toBe('330106-ZWFW-01');
      expect(await store.directory.hall('330106-ZWFW-01')).toEqual({ hallId: '330106-ZWFW-01', name: '西湖区政务服务中心', secret: hall.secret });
      expect(await store.directory.login('330106-ZWFW-01', hall.password)).toEqual({ kind: 'hall', hallId: '330106-ZWFW-01' });
      expect(await store.directory.hall('unknown')).toBeUndefined();
    });

    it('refuses a wrong password, an unknown username, and another login’s password', async () => {
      const a = await store.directory.addHall({ hallId: 'A' });
      const b = await store.directory.addHall({ hallId: 'B' });
      expect(await store.directory.login('A', `${a.password}x`)).toBeUndefined();
      expect(await store.directory.login('A', '')).toBeUndefined();
      expect(await store.directory.login('A', b.password)).toBeUndefined();
      expect(await store.directory.login('C', a.password)).toBeUndefined();
    });

    it('logs consumers in as consumers, in the same namespace as halls', async () => {
      const consumer = await store.directory.addConsumer('ingest-1');
      expect(await store.directory.login('ingest-1', consumer.password)).toEqual({ kind: 'consumer' });
      await expect(store.directory.addHall({ hallId: 'ingest-1' })).rejects.toBeInstanceOf(DuplicateAccountError);
    });

    it('refuses a hall id already taken and keeps the first hall’s secret and password', async () => {
      const first = await store.directory.addHall({ hallId: 'A', name: 'first' });
      const error = await store.directory.addHall({ hallId: 'A', name: 'second' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateAccountError);
      expect((error as DuplicateAccountError).message).toContain('"A" already exists');
      expect(await store.directory.hall('A')).toEqual({ hallId: 'A', name: 'first', secret: first.secret });
      expect(await store.directory.login('A', first.password)).toEqual({ kind: 'hall', hallId: 'A' });
      await expect(store.directory.addConsumer('A')).rejects.toBeInstanceOf(DuplicateAccountError);
    });

    it('refuses hall ids that are not one MQTT topic level of letters, digits, ., _ and -', async () => {
      for (const bad of ['', 'a/b', 'a+', '#', 'hall 1', '区', 'x'.repeat(65), '-leading', '.hidden', 'a\nb']) {
        await expect(store.directory.addHall({ hallId: bad }), bad).rejects.toBeInstanceOf(TypeError);
      }
      await expect(store.directory.addConsumer('c/1')).rejects.toBeInstanceOf(TypeError);
      expect(await store.directory.logins()).toEqual([]);
      await store.directory.addHall({ hallId: `A_b-9.${'x'.repeat(58)}` });
    });

    it('keeps passwords only as Mosquitto $7$ hashes, listed with every login', async () => {
      const hall = await store.directory.addHall({ hallId: 'A' });
      const consumer = await store.directory.addConsumer('ingest-1');
      const logins = await store.directory.logins();
      expect(logins.map(({ username, kind }) => ({ username, kind }))).toEqual([
        { username: 'A', kind: 'hall' },
        { username: 'ingest-1', kind: 'consumer' },
      ]);
      for (const login of logins) expect(login.passwordHash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
      const everything = JSON.stringify(await db.sql.query('SELECT * FROM mqtt_logins')) + JSON.stringify(await db.sql.query('SELECT * FROM halls'));
      expect(everything).not.toContain(hall.password);
      expect(everything).not.toContain(consumer.password);
    });
  });

  describe('operator tokens', () => {
    it('verifies a token as its operator until it is revoked, and stores only its SHA-256', async () => {
      const { id, token } = await store.operators.addOperator('王敏');
      expect(token.length).toBeGreaterThanOrEqual(43);
      expect(await store.operators.verify(token)).toEqual({ name: '王敏' });
      const [row] = await db.sql.query<{ token_hash: string }>('SELECT token_hash FROM operators');
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(await db.sql.query('SELECT * FROM operators'))).not.toContain(token);
      expect(await store.operators.revoke(id)).toBe(true);
      expect(await store.operators.verify(token)).toBeUndefined();
      expect(await store.operators.revoke(id)).toBe(false);
    });

    it('does not verify an unknown, empty or altered token', async () => {
      const { token } = await store.operators.addOperator('李娜');
      expect(await store.operators.verify('')).toBeUndefined();
      expect(await store.operators.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
      expect(await store.operators.verify('x'.repeat(10_000))).toBeUndefined();
    });
  });

  describe('the shortest-queue board', () => {
    let other: Sql;
    const boards: ShortestBoard[] = [];
    beforeAll(async () => {
      other = await db.second();
    });
    afterEach(() => {
      for (const board of boards.splice(0)) board.close();
    });

    /** A board in another process's place: its own connection, its own change feed. */
    const openBoard = async (options: { resyncMs?: number; limit?: number } = {}) => {
      const changes = await listenCityChanges(other);
      const board = await ShortestBoard.open(other, changes, { now, ...options });
      boards.push(board);
      return board;
    };
    const order = (board: ShortestBoard, code = 'HJ-001') => board.shortest(code).map((h) => h.hallId);
    const service = (code: string, waiting: number, estimatedWaitMinutes: number, windowsOpen = 1) => ({
      services: [{ code, waiting, estimatedWaitMinutes, windowsOpen }],
    });

    it('answers as the read model does, and follows every committed batch, presence and the clock', async () => {
      await addHalls('FAST', 'SLOW', 'TIE-FEWER', 'OFFLINE', 'OTHER');
      await online('FAST', 'SLOW', 'TIE-FEWER', 'OTHER');
      await store.sink.presence([{ hallId: 'OFFLINE', online: false, at: iso(0) }]);
      const board = await openBoard();
      expect(board.shortest('HJ-001')).toEqual([]);
      clock = T0 + 200_000;
      await store.sink.write([
        queueLoad('SLOW', iso(190), service('HJ-001', 3, 25)),
        queueLoad('FAST', iso(190), service('HJ-001', 9, 10, 4)),
        queueLoad('TIE-FEWER', iso(190), service('HJ-001', 6, 10, 2)),
        queueLoad('OFFLINE', iso(190), service('HJ-001', 0, 0)),
        queueLoad('OTHER', iso(190), service('JZ-002', 0, 0)),
      ]);
      await waitFor(() => order(board).length === 3, 'the board reading the batch');
      expect(board.shortest('HJ-001')).toEqual(await store.readModel.shortest('HJ-001'));
      expect(order(board)).toEqual(['TIE-FEWER', 'FAST', 'SLOW']);
      expect(order(board, 'JZ-002')).toEqual(['OTHER']);

      await store.sink.write([queueLoad('SLOW', iso(195), service('HJ-001', 1, 2))]);
      await waitFor(() => order(board)[0] === 'SLOW', 'the board following the newer report');
      await store.sink.presence([{ hallId: 'FAST', online: false, at: iso(196) }]);
      await waitFor(() => !order(board).includes('FAST'), 'the board dropping the hall gone offline');
      expect(order(board)).toEqual(['SLOW', 'TIE-FEWER']);
      // Two minutes without a report: no hall is a place to send anyone.
      clock = T0 + 316_000;
      expect(board.shortest('HJ-001')).toEqual([]);
    });

    it('starts from what is stored, answers the first `limit` halls, and reads everything again at each resync', async () => {
      await addHalls('A', 'B', 'C');
      await online('A', 'B', 'C');
      await store.sink.write([
        queueLoad('A', iso(0), service('HJ-001', 5, 5)),
        queueLoad('B', iso(0), service('HJ-001', 1, 1)),
        queueLoad('C', iso(0), service('HJ-001', 9, 9)),
      ]);
      const board = await openBoard({ resyncMs: 50, limit: 2 });
      expect(order(board)).toEqual(['B', 'A']);
      // A change the feed never announced (written behind the store's back) is read at the next resync.
      await db.sql.query(`UPDATE hall_load SET services = '{"HJ-001": [0, 0, 1, 0, 0, 0, null]}'::jsonb WHERE hall_id = 'C'`);
      await waitFor(() => order(board)[0] === 'C', 'the resync');
      expect(order(board)).toEqual(['C', 'B']);
    });
  });

  describe('changes', () => {
    let other: Sql;
    beforeAll(async () => {
      other = await db.second();
    });

    it('tells a listener on another connection which halls a committed write changed', async () => {
      await addHalls('A', 'B', 'C');
      const changes = await listenCityChanges(other);
      const seen: string[][] = [];
      changes.subscribe((ids) => seen.push(ids));
      await store.sink.write([queueLoad('A', iso(0)), rating('B', iso(0), 4), queueLoad('A', iso(5))]);
      await waitFor(() => seen.length > 0, 'a change notification');
      expect(seen.flat().sort()).toEqual(['A', 'B']);
      seen.length = 0;
      await store.sink.presence([{ hallId: 'C', online: true, at: iso(10) }]);
      await waitFor(() => seen.length > 0, 'a presence notification');
      expect(seen).toEqual([['C']]);
      await changes.close();
    });

    it('says nothing for a write that changes nothing or is rolled back', async () => {
      await addHalls('A');
      const report = queueLoad('A', iso(0));
      await store.sink.write([report]);
      const changes = await listenCityChanges(other);
      const seen: string[][] = [];
      const unsubscribe = changes.subscribe((ids) => seen.push(ids));
      await store.sink.write([report]); // replayed only
      await store.sink.write([{ ...queueLoad('A', iso(9)), at: 'not a time' }]).catch(() => {});
      await store.sink.presence([{ hallId: 'A', online: true, at: iso(10) }]);
      await waitFor(() => seen.length > 0, 'the presence notification');
      expect(seen).toEqual([['A']]);
      unsubscribe();
      await changes.close();
    });
  });

  describe('ratings to the province', () => {
    const SECRET = 'province-shared-secret';

    const storeRatings = async (count: number) => {
      await addHalls('A', 'B', 'C');
      const halls = ['A', 'B', 'C'];
      const batch = Array.from({ length: count }, (_, i) => rating(halls[i % 3], iso(i), (i % 5) + 1, { ticketId: `T${i}` }));
      for (let i = 0; i < batch.length; i += 100) await store.sink.write(batch.slice(i, i + 100));
      return batch.map((r) => `${r.hallId}/${(r.body as { ticketId: string }).ticketId}`).sort();
    };
    const delivered = (accepted: Map<string, string>) =>
      [...accepted.values()]
        .flatMap((body) => (JSON.parse(body) as { ratings: { hallId: string; ticketId: string }[] }).ratings.map((r) => `${r.hallId}/${r.ticketId}`))
        .sort();

    it('delivers every rating exactly once through a receiver that fails (500, hang, garbage) and then recovers', async () => {
      const expected = await storeRatings(250);
      const receiver = await startRatingsReceiver(SECRET, ['fail-500', 'hang', 'garbage']);
      const failures: string[] = [];
      const forwarder = new RatingsForwarder(db.sql, {
        ratingsUrl: receiver.url,
        ratingsSecret: SECRET,
        now,
        timeoutMs: 300,
        onFailure: (_, cause) => failures.push(cause),
      });
      try {
        for (let round = 0; round < 10 && (await forwarder.backlog()).unsentBatches + (await forwarder.backlog()).unbatchedRatings > 0; round++) {
          await forwarder.runOnce();
          clock += 60_000;
        }
        expect(await forwarder.backlog()).toEqual({ unbatchedRatings: 0, unsentBatches: 0 });
        expect(failures).toEqual(['HTTP 500', 'timeout', expect.stringMatching(/^network/)]);
        expect(delivered(receiver.accepted)).toEqual(expected);
        // Every retry of a batch carried the same body under the same key, signed; no batch went again once acknowledged.
        const bodies = new Map<string, Set<string>>();
        for (const r of receiver.requests) bodies.set(r.key, (bodies.get(r.key) ?? new Set()).add(r.body));
        for (const [key, set] of bodies) expect(set, key).toEqual(new Set([receiver.accepted.get(key)]));
        expect(receiver.requests.every((r) => r.signed)).toBe(true);
        expect(receiver.requests.filter((r) => r.answered === 'ok')).toHaveLength(receiver.accepted.size);
        expect([...receiver.accepted.values()].map((b) => JSON.parse(b).ratings.length).sort()).toEqual([100, 100, 50]);
        const first = JSON.parse([...receiver.accepted.values()][0]);
        expect(first.batchId).toBe([...receiver.accepted.keys()][0]);
        expect(Object.keys(first.ratings[0]).sort()).toEqual(['at', 'hallId', 'level', 'serviceCode', 'ticketId']);
        // Acknowledged stays acknowledged: another pass sends nothing.
        const before = receiver.requests.length;
        expect(await forwarder.runOnce()).toEqual({ sent: 0, failed: 0 });
        expect(receiver.requests).toHaveLength(before);
      } finally {
        await receiver.close();
      }
    });

    it('waits out the backoff before sending a failed batch again', async () => {
      await storeRatings(3);
      const receiver = await startRatingsReceiver(SECRET, ['fail-500', 'fail-500']);
      const forwarder = new RatingsForwarder(db.sql, { ratingsUrl: receiver.url, ratingsSecret: SECRET, now, retryInitialMs: 1000 });
      try {
        expect(await forwarder.runOnce()).toEqual({ sent: 0, failed: 1 });
        clock += 999;
        expect(await forwarder.runOnce()).toEqual({ sent: 0, failed: 0 });
        clock += 1;
        expect(await forwarder.runOnce()).toEqual({ sent: 0, failed: 1 });
        clock += 1999; // the second wait is twice the first
        expect(await forwarder.runOnce()).toEqual({ sent: 0, failed: 0 });
        clock += 1;
        expect(await forwarder.runOnce()).toEqual({ sent: 1, failed: 0 });
        expect(receiver.requests).toHaveLength(3);
      } finally {
        await receiver.close();
      }
    });

    it('resends the same batch under the same key after a restart', async () => {
      const expected = await storeRatings(5);
      const receiver = await startRatingsReceiver(SECRET, ['fail-500']);
      try {
        const options = { ratingsUrl: receiver.url, ratingsSecret: SECRET, now };
        await new RatingsForwarder(db.sql, options).runOnce();
        await store.sink.write([rating('A', iso(999), 5, { ticketId: 'LATE' })]); // arrives while the batch waits
        clock += 60_000;
        await new RatingsForwarder(db.sql, options).runOnce();
        expect(receiver.requests.map((r) => r.answered)).toEqual(['fail-500', 'ok', 'ok']);
        expect(receiver.requests[1].key).toBe(receiver.requests[0].key);
        expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
        expect(delivered(receiver.accepted)).toEqual([...expected, 'A/LATE'].sort());
      } finally {
        await receiver.close();
      }
    });

    it('lets several forwarders share the work without sending any batch twice', async () => {
      const receiver = await startRatingsReceiver(SECRET, [], 10);
      const connections = [db.sql, await db.second(), await db.second()];
      try {
        await addHalls('A');
        const options = { ratingsUrl: receiver.url, ratingsSecret: SECRET, now };
        // Several rounds, each starting all forwarders at once: the moment they race for the same batches.
        for (let round = 0; round < 5; round++) {
          await store.sink.write(Array.from({ length: 300 }, (_, i) => rating('A', iso(i), 5, { ticketId: `R${round}-${i}` })));
          await Promise.all(connections.map((sql) => new RatingsForwarder(sql, options).runOnce()));
        }
        // Racing forwarders may cut batches smaller; none larger, none sent twice, no rating in two batches.
        for (const body of receiver.accepted.values()) expect(JSON.parse(body).ratings.length).toBeLessThanOrEqual(100);
        expect(new Set(receiver.requests.map((r) => r.key)).size).toBe(receiver.requests.length);
        expect(delivered(receiver.accepted)).toHaveLength(1500);
        expect(new Set(delivered(receiver.accepted)).size).toBe(1500);
      } finally {
        await receiver.close();
      }
    });
  });
}
