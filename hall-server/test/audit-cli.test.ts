/**
 * `hall-server audit verify` over a real hall's database: intact after the
 * hall's own writes (a token created by the CLI among them), and broken at
 * the very row someone edited behind the triggers' back.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hallServerCli } from './hall-server-cli.ts';
import { startHall, tempDir } from './harness.ts';

describe('hall-server audit verify', () => {
  const dataDir = tempDir('audit-cli-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says the chain is intact after a hall’s day of changes, and names the first row edited behind its back', async () => {
    const hall = await startHall({ dataDir });
    const manager = hall.client(hall.token('manager'));
    await manager.call('updateServiceQuota', { params: { serviceCode: '330106-HJ-001' }, body: { dailyQuota: 50 } });
    // Window 2 alone serves HJ-004: a manager pausing it confirms.
    await manager.call('pauseWindow', { params: { windowNo: 2 }, query: { confirm: 'true' }, body: { reason: '系统维护' } });
    await hall.close();
    const created = hallServerCli('token', 'create', '--data', dataDir, '--role', 'kiosk', '--name', 'CLI kiosk');
    expect(created.status, created.stderr).toBe(0);

    const intact = hallServerCli('audit', 'verify', '--data', dataDir);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^ok: \d+ entries, the chain is intact/);

    const db = new Database(join(dataDir, 'hall.db'));
    const rows = db.prepare('SELECT id FROM audit_log ORDER BY id').pluck().all() as number[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const victim = rows[1]!;
    db.exec('DROP TRIGGER audit_log_append_only_update');
    db.prepare("UPDATE audit_log SET name = 'someone else' WHERE id = ?").run(victim);
    db.close();

    const broken = hallServerCli('audit', 'verify', '--data', dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`broken at entry ${victim}`);
  });

  it('refuses a directory with no hall in it, with exit 2', () => {
    const empty = tempDir('audit-empty-');
    const res = hallServerCli('audit', 'verify', '--data', empty);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('no hall database');
    rmSync(empty, { recursive: true, force: true });
  });
});
