import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig, tempDir } from './harness.ts';
import { hallStarter } from './per-test.ts';

const HUKOU = '330106-HJ-001';
const ID = '11010519491231002X';

describe('durable store', () => {
  const start = hallStarter();

  it('keeps tickets, windows and numbering across a restart', async () => {
    const dataDir = tempDir();
    let hall = await start({ dataDir });
    const kiosk = hall.token('kiosk');
    const counter = hall.token('counter', 1);
    const a = await hall.client(kiosk).call('issueTicket', { body: { serviceCode: HUKOU } });
    const b = await hall.client(kiosk).call('issueTicket', { body: { serviceCode: HUKOU } });
    await hall.client(counter).call('callNext', { params: { windowNo: 1 } });
    await hall.client(hall.token('counter', 2)).call('pauseWindow', { params: { windowNo: 2 }, body: { reason: '培训' } });
    const seq = hall.app.hall.seq;
    await hall.close();

    hall = await start({ dataDir });
    expect(hall.app.hall.seq).toBe(seq);
    const client = hall.client(kiosk);
    expect((await client.call('issueTicket', { body: { serviceCode: HUKOU } })).number).toBe('A003');
    const queue = await client.call('getQueue');
    expect(queue.windows.find((w) => w.no === 1)!.current!.number).toBe('A001');
    expect(queue.windows.find((w) => w.no === 2)).toMatchObject({ state: 'paused', pauseReason: '培训' });
    expect(queue.recentCalls[0]!.number).toBe('A001');
    expect((await hall.client(counter).call('finishTicket', { params: { ticketId: a.id } })).status).toBe('finished');
    expect((await hall.client(counter).call('callNext', { params: { windowNo: 1 } }))?.id).toBe(b.id);
  });

  it('writes requests arriving together in one transaction, and refuses the whole group if the write fails', async () => {
    const hall = await start();
    const app = hall.app;
    const kiosk = { role: 'kiosk', name: 'k' };
    const original = app.store.commitBatch.bind(app.store);
    const batches: number[] = [];
    app.store.commitBatch = (entries) => {
      batches.push(entries.length);
      if (batches.length === 1) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
      original(entries);
    };
    const seq = app.hall.seq;
    const failed = await Promise.allSettled([0, 1, 2].map(() => app.hall.submit({ type: 'issueTicket', serviceCode: HUKOU, source: 'kiosk' }, kiosk)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(app.hall.seq).toBe(seq);
    expect(app.hall.state.queues.get(HUKOU) ?? []).toHaveLength(0);
    const ok = await Promise.all([0, 1, 2].map(() => app.hall.submit<{ number: string }>({ type: 'issueTicket', serviceCode: HUKOU, source: 'kiosk' }, kiosk)));
    expect(ok.map((r) => r.result.number)).toEqual(['A001', 'A002', 'A003']);
    expect(batches).toEqual([3, 3]);
    const ticket = await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(ticket.number).toBe('A004');
  });

  it('answers 503 STORE_UNAVAILABLE when the disk refuses a change, and changes nothing', async () => {
    const hall = await start();
    const app = hall.app;
    const original = app.store.commitBatch.bind(app.store);
    app.store.commitBatch = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    };
    const kiosk = hall.client(hall.token('kiosk'));
    await expect(kiosk.call('issueTicket', { body: { serviceCode: HUKOU } })).rejects.toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    app.store.commitBatch = original;
    expect((await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } })).number).toBe('A001');
  });

  it('stores no ID number or name in the clear anywhere in the data directory', async () => {
    const hall = await start();
    await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ID, name: '张三丰' } });
    hall.app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of readdirSync(hall.dataDir)) {
      const path = join(hall.dataDir, file);
      if (!statSync(path).isFile()) continue;
      const bytes = readFileSync(path);
      expect(bytes.includes(Buffer.from(ID)), file).toBe(false);
      expect(bytes.includes(Buffer.from('张三丰')), file).toBe(false);
    }
    expect(statSync(join(hall.dataDir, 'hall.key')).mode & 0o077).toBe(0);
  });

  it('keeps personal data out of the event log and purges it after the retention period', async () => {
    let now = Date.parse('2026-11-23T02:00:00Z');
    const config = demoConfig();
    const hall = await start({ clock: () => now, config: { ...config, rules: { ...config.rules, retentionDays: 30 } } });
    const t = await hall.client(hall.token('kiosk')).call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ID } });
    const log = hall.app.store.db.prepare('SELECT events FROM events').pluck().all().join('\n');
    expect(log).not.toContain('110***********002X');
    const ref = hall.app.hall.state.tickets.get(t.id)!.identity!.ref;
    expect(hall.app.store.revealIdentity(ref)?.number).toBe(ID);

    now += 31 * 86_400_000;
    expect(hall.app.hall.purgePersonalData().identities).toBe(1);
    expect(hall.app.store.revealIdentity(ref)).toBeUndefined();
    const row = hall.app.store.db.prepare('SELECT data FROM tickets WHERE id = ?').pluck().get(t.id) as string;
    expect(row).not.toContain('002X');
  });

  it('finds what retention purges through indexes, never by reading the whole history', async () => {
    const hall = await start();
    const plan = (sql: string) => (hall.app.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0) as { detail: string }[]).map((r) => r.detail).join('; ');
    // The statements purgePersonalData runs at every start and every day (store/hall-store.ts).
    expect(plan("UPDATE tickets SET data = json_remove(data, '$.identity'), has_identity = 0 WHERE has_identity = 1 AND issued_at < ?")).toMatch(
      /USING INDEX tickets_with_identity_by_age/,
    );
    expect(plan('DELETE FROM identities WHERE created_at < ?')).toMatch(/USING INDEX identities_by_age/);
  });

  it('marks a ticket that carries an identity, and unmarks it when the purge removes it', async () => {
    let now = Date.parse('2026-11-23T02:00:00Z');
    const config = demoConfig();
    const hall = await start({ clock: () => now, config: { ...config, rules: { ...config.rules, retentionDays: 30 } } });
    const kiosk = hall.client(hall.token('kiosk'));
    const withCard = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU, idNumber: ID } });
    const without = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    const marked = () => hall.app.store.db.prepare('SELECT id FROM tickets WHERE has_identity = 1').pluck().all();
    expect(marked()).toEqual([withCard.id]);
    now += 31 * 86_400_000;
    expect(hall.app.hall.purgePersonalData().tickets).toBe(1);
    expect(marked()).toEqual([]);
    expect(hall.app.store.db.prepare('SELECT count(*) FROM tickets WHERE id IN (?, ?)').pluck().get(withCard.id, without.id)).toBe(2);
  });

  it('starts a new day at the reset time in the hall’s zone: numbers restart, yesterday’s waiting tickets expire', async () => {
    // 15:59 UTC is 23:59 in Shanghai.
    let now = Date.parse('2026-11-23T15:59:00Z');
    const hall = await start({ clock: () => now });
    const kiosk = hall.client(hall.token('kiosk'));
    const old = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(old.number).toBe('A001');
    now = Date.parse('2026-11-23T16:01:00Z');
    const fresh = await kiosk.call('issueTicket', { body: { serviceCode: HUKOU } });
    expect(fresh.number).toBe('A001');
    expect(hall.app.hall.state.counters.day).toBe('2026-11-24');
    const stats = await hall.client(hall.token('manager')).call('getStats', { query: { from: '2026-11-23' } });
    expect(stats).toMatchObject({ issued: 1, cancelled: 1 });
  });
});
