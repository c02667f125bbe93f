/**
 * Backing up a hall while it serves, and bringing it back: real halls
 * (`hall-server serve` in processes of their own), real SQLite files, the
 * backup and restore commands as an operator runs them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveSealer } from '../src/ops/archive-cipher.ts';
import { endRecord, entryHead } from '../src/ops/archive-entries.ts';
import { restoreBackup } from '../src/ops/restore.ts';
import type { Ticket } from '../src/protocol.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { filePassport, passportForm, scannedPage, sha256 } from './filing-fixtures.ts';
import { hallServerCli, hallServerCliAsync, serveProcess, type ServeProcess } from './hall-server-cli.ts';
import { testClient } from './harness.ts';
import { perTest, tempDirsPerTest } from './per-test.ts';

/** Services of the demo hall with prefixes of their own and no daily quota. */
const SERVICES = [
  { code: '330106-HJ-001', prefix: 'A' },
  { code: '330106-SB-001', prefix: 'C' },
  { code: '330106-YB-001', prefix: 'D' },
  { code: '330106-SCJG-001', prefix: 'F' },
];

function cli(...args: string[]): string {
  const out = hallServerCli(...args);
  if (out.status !== 0) throw new Error(`hall-server ${args[0]} failed: ${out.stderr}`);
  return out.stdout.trim();
}

function privateFile(path: string, content: string | Buffer): string {
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

const sequenceOf = (number: string) => Number(number.replace(/^[A-Z]+/, ''));

describe('hall-server backup and restore', () => {
  const dir = tempDirsPerTest('hall-backup-');
  const halls = perTest(
    () => [] as ServeProcess[],
    (list) => Promise.all(list.map((h) => h.stop())),
  );
  const serve = async (dataDir: string, ...extra: string[]) => {
    const hall = await serveProcess(dataDir, ...extra);
    halls.push(hall);
    return hall;
  };

  it('a backup taken while kiosks issue 50 tickets a second restores every ticket acknowledged before it, and numbering goes on without repeats', {
    timeout: 120_000,
  }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    const kioskToken = cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'kiosk-1');
    const managerToken = cli('token', 'create', '--data', data, '--role', 'manager', '--name', 'manager');
    const backupKey = privateFile(join(work, 'backup.key'), randomBytes(32).toString('hex') + '\n');
    const hall = await serve(data, '--seed', 'demo');
    const kiosk = testClient(hall.url, kioskToken);
    const filing = await filePassport(kiosk);

    const acked: { id: string; number: string; serviceCode: string }[] = [];
    const failures: unknown[] = [];
    const inFlight = new Set<Promise<void>>();
    let n = 0;
    const issuing = setInterval(() => {
      const service = SERVICES[n++ % SERVICES.length]!;
      const call = kiosk
        .call('issueTicket', { body: { serviceCode: service.code } })
        .then((t: Ticket) => void acked.push({ id: t.id, number: t.number, serviceCode: t.serviceCode }))
        .catch((err: unknown) => void failures.push(err))
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }, 20);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const before = [...acked];
      const backup = await hallServerCliAsync('backup', '--data', data, '--to', join(work, 'hall.hbk'), '--backup-key-file', backupKey);
      expect(backup.stderr).toContain('backup: wrote');
      expect(backup.status).toBe(0);
      const issuedDuringBackup = acked.length - before.length;
      await new Promise((r) => setTimeout(r, 500));
      clearInterval(issuing);
      await Promise.all(inFlight);
      expect(failures).toEqual([]);
      expect(before.length).toBeGreaterThan(40);
      expect(issuedDuringBackup, 'the hall went on issuing while the backup ran').toBeGreaterThan(0);
      expect(statSync(join(work, 'hall.hbk')).mode & 0o777).toBe(0o600);
      expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);

      const restored = join(work, 'restored');
      const restore = hallServerCli('restore', '--from', join(work, 'hall.hbk'), '--data', restored, '--backup-key-file', backupKey);
      expect(restore.stderr).toContain(`restore: ${restored} now holds hall 330106-ZWFW-01`);
      expect(restore.status).toBe(0);
      expect(statSync(restored).mode & 0o777).toBe(0o700);
      for (const file of ['hall.db', 'hall.key']) expect(statSync(join(restored, file)).mode & 0o777, file).toBe(0o600);

      const second = await serve(restored);
      const kiosk2 = testClient(second.url, kioskToken);
      for (const t of before)
        await expect(kiosk2.call('getTicket', { params: { ticketId: t.id } }), `ticket ${t.number}`).resolves.toMatchObject({ number: t.number });
      for (const service of SERVICES) {
        const ticket = await kiosk2.call('issueTicket', { body: { serviceCode: service.code } });
        const earlier = before.filter((t) => t.serviceCode === service.code).map((t) => sequenceOf(t.number));
        expect(ticket.number.startsWith(service.prefix)).toBe(true);
        expect(sequenceOf(ticket.number), `${service.code} continues after ${Math.max(...earlier)}`).toBeGreaterThan(Math.max(...earlier));
      }
      // The filing came back whole: its sealed form opens with the restored key, its pages are there.
      const manager = testClient(second.url, managerToken);
      await expect(manager.call('getFiling', { params: { trackingCode: filing.trackingCode } })).resolves.toMatchObject({ form: passportForm() });
      const page = await manager.call('getFilingFile', { params: { sha256: sha256(scannedPage(1)) } });
      expect(Buffer.from(page.bytes).equals(scannedPage(1))).toBe(true);
    } finally {
      clearInterval(issuing);
    }
  });

  it('restores with a passphrase, and a wrong one changes nothing in the target', { timeout: 60_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    cli('config', 'import', join(import.meta.dirname, '../src/seed/demo-hall.json'), '--data', data);
    const passphrase = privateFile(join(work, 'pass'), '柜台后面的保险柜 2026\n');
    cli('backup', '--data', data, '--to', join(work, 'a.hbk'), '--passphrase-file', passphrase);

    const target = join(work, 'target');
    cli('token', 'create', '--data', target, '--role', 'kiosk', '--name', 'k');
    const before = readdirSync(target).map((name) => [name, readFileSync(join(target, name))]);
    const wrong = privateFile(join(work, 'wrong'), 'not the passphrase at all\n');
    const out = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', target, '--passphrase-file', wrong, '--force');
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toBe(
      `hall-server: ${join(work, 'a.hbk')}: wrong passphrase for this archive (or its header is damaged); ${target} was left as it was`,
    );
    expect(readdirSync(target).map((name) => [name, readFileSync(join(target, name))])).toEqual(before);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);

    expect(hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', join(work, 'fresh'), '--passphrase-file', passphrase).status).toBe(0);
    expect(existsSync(join(work, 'fresh', 'hall.db'))).toBe(true);
  });

  it('a truncated or altered archive is refused in one line, and the target is not created', { timeout: 60_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'k');
    const key = privateFile(join(work, 'backup.key'), randomBytes(32));
    cli('backup', '--data', data, '--to', join(work, 'a.hbk'), '--backup-key-file', key);
    const archive = readFileSync(join(work, 'a.hbk'));
    const flipped = Buffer.from(archive);
    flipped[archive.length >> 1]! ^= 0x40;
    for (const [name, bytes, says] of [
      ['truncated.hbk', archive.subarray(0, archive.length - 1000), 'truncated'],
      ['flipped.hbk', flipped, 'damaged or was altered'],
    ] as const) {
      writeFileSync(join(work, name), bytes);
      const out = hallServerCli('restore', '--from', join(work, name), '--data', join(work, 'target'), '--backup-key-file', key);
      expect(out.status, name).toBe(1);
      expect(out.stderr, name).toContain(says);
      expect(
        out.stderr.split('\n').filter((line) => line.startsWith('hall-server:')),
        name,
      ).toHaveLength(1);
      expect(existsSync(join(work, 'target')), name).toBe(false);
    }
  });

  it('restore refuses a directory a hall is serving, even with --force, and a non-empty one without it', { timeout: 60_000 }, async () => {
    const work = dir();
    const data = join(work, 'hall');
    const key = privateFile(join(work, 'backup.key'), randomBytes(32));
    cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'k');
    cli('backup', '--data', data, '--to', join(work, 'a.hbk'), '--backup-key-file', key);
    const hall = await serve(data, '--seed', 'demo');
    const running = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', data, '--backup-key-file', key, '--force');
    expect(running.status).toBe(1);
    expect(running.stderr).toContain(`a hall server (pid ${hall.child.pid}) is serving ${data}: stop it first`);
    await hall.stop();
    const occupied = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', data, '--backup-key-file', key);
    expect(occupied.status).toBe(1);
    expect(occupied.stderr).toContain(`${data} is not empty`);
    const forced = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', data, '--backup-key-file', key, '--force');
    expect(forced.status).toBe(0);
    const aside = readdirSync(work).find((name) => name.startsWith('hall.before-restore-'));
    expect(aside, 'what was there is moved aside, not deleted').toBeDefined();
    expect(existsSync(join(work, aside!, 'hall.db'))).toBe(true);
  });

  it('backup refuses to write an archive without a secret, and a secret file others can read', { timeout: 60_000 }, () => {
    const work = dir();
    const data = join(work, 'hall');
    cli('token', 'create', '--data', data, '--role', 'kiosk', '--name', 'k');
    const bare = hallServerCli('backup', '--data', data, '--to', join(work, 'a.hbk'));
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('a backup is always encrypted');
    const open = join(work, 'open.key');
    writeFileSync(open, randomBytes(32).toString('hex'), { mode: 0o644 });
    const loose = hallServerCli('backup', '--data', data, '--to', join(work, 'a.hbk'), '--backup-key-file', open);
    expect(loose.status).toBe(1);
    expect(loose.stderr).toContain(`run chmod 600 ${open}`);
    expect(existsSync(join(work, 'a.hbk'))).toBe(false);
  });

  it('a hall whose key lives outside its data directory is backed up with it, and the key restored where --key-file says', { timeout: 60_000 }, () => {
    const work = dir();
    const data = join(work, 'hall');
    const hallKey = join(work, 'keys', 'hall.key');
    const store = HallStore.open(data, { keyFile: hallKey });
    store.openVault(); // a new hall's key is made at its first start
    store.close();
    const backupKey = privateFile(join(work, 'backup.key'), randomBytes(32));
    cli('backup', '--data', data, '--key-file', hallKey, '--to', join(work, 'a.hbk'), '--backup-key-file', backupKey);

    const restoredKey = join(work, 'restored-keys', 'hall.key');
    const out = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', join(work, 'r1'), '--key-file', restoredKey, '--backup-key-file', backupKey);
    expect(out.status, out.stderr).toBe(0);
    expect(readFileSync(restoredKey)).toEqual(readFileSync(hallKey));
    expect(statSync(restoredKey).mode & 0o777).toBe(0o600);
    expect(existsSync(join(work, 'r1', 'hall.key')), 'one hall, one key').toBe(false);

    const inside = hallServerCli('restore', '--from', join(work, 'a.hbk'), '--data', join(work, 'r2'), '--backup-key-file', backupKey);
    expect(readFileSync(join(work, 'r2', 'hall.key'))).toEqual(readFileSync(hallKey));
    expect(inside.stderr).toContain('the hall kept its key outside its data directory; move');
  });

  it('an archive naming a file outside a hall data directory is refused, and nothing is written', async () => {
    const work = dir();
    const secret = { kind: 'key' as const, key: randomBytes(32) };
    const manifest = Buffer.from(JSON.stringify({ format: 1, hasKey: false }));
    const evil = Buffer.from('#!/bin/sh\n');
    const contents = [entryHead('manifest.json', manifest.length), manifest, entryHead('../escaped.sh', evil.length), evil, endRecord({ entries: 2 })];
    const chunks: Buffer[] = [];
    const sealer = new ArchiveSealer(secret);
    sealer.on('data', (chunk: Buffer) => chunks.push(chunk));
    const sealed = new Promise((r) => sealer.on('end', r));
    for (const part of contents) sealer.write(part);
    sealer.end();
    await sealed;
    writeFileSync(join(work, 'evil.hbk'), Buffer.concat(chunks));
    await expect(restoreBackup({ from: join(work, 'evil.hbk'), dataDir: join(work, 'target'), secret })).rejects.toThrow('outside a hall data directory');
    expect(readdirSync(work).sort()).toEqual(['evil.hbk']);
  });
});
