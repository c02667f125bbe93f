/**
 * The outboxes at rest: a copy of their SQLite files alone reveals nobody.
 * Real files, read byte for byte (the database, its -wal and -shm).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NumberLease } from '@hall/server/protocol';
import { FilingOutbox } from '../filing/filing-outbox.ts';
import { OfflineStore } from './offline-store.ts';
import { OUTBOX_KEY_FILE } from './outbox-sealer.ts';
import { tempDirs } from '../testing/scratch.ts';

const ID = '110101199003078814';
const NAME = '张示例';
const ADDRESS = '北京市东城区示例街道示例胡同1号';
const PAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('SCANNED-PAGE-OF-A-RESIDENT-CARD-'.repeat(8))]);

const dir = tempDirs('kiosk-at-rest-');

/** Everything SQLite keeps of a database on disk. */
function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

function expectNothingPersonal(file: string): void {
  const raw = rawBytes(file);
  for (const secret of [ID, NAME, ADDRESS, '13800138000']) expect([secret, raw.includes(Buffer.from(secret, 'utf8'))]).toEqual([secret, false]);
  expect(raw.includes(PAGE.subarray(4, 40))).toBe(false);
}

const lease: NumberLease = {
  id: 'L1',
  day: '2026-03-14',
  serviceCode: 'S1',
  prefix: 'C',
  numbers: ['C901', 'C902', 'C903'],
  used: [],
} as unknown as NumberLease;

function queueFiling(outbox: FilingOutbox) {
  const sha256 = createHash('sha256').update(PAGE).digest('hex');
  return outbox.queue(
    {
      trackingCode: 'T1',
      idempotencyKey: 'k1',
      serviceCode: 'S1',
      serviceName: { 'zh-CN': '个体工商户设立登记', en: 'Sole proprietorship registration' },
      submittedAt: '2026-03-14T01:00:00.000Z',
      body: {
        serviceCode: 'S1',
        applicant: { idNumber: ID, name: NAME },
        form: { address: ADDRESS, phone: '13800138000' },
        materials: [{ materialId: 'id-card', pages: [{ sha256, contentType: 'image/jpeg' }] }],
        trackingCode: 'T1',
      },
    },
    [{ sha256, contentType: 'image/jpeg', bytes: PAGE }],
  );
}

describe('the outboxes at rest', () => {
  it('keep an offline ticket with a card and an offline filing with no ID number, name, form value or page bytes in the files', () => {
    const d = dir();
    const tickets = new OfflineStore(join(d, 'outbox.db'));
    const filings = new FilingOutbox(join(d, 'filings.db'));
    tickets.addLease(lease);
    tickets.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:00:00.000Z', idNumber: ID, name: NAME });
    queueFiling(filings);

    expectNothingPersonal(tickets.file);
    expectNothingPersonal(filings.file);

    // What delivery reads is whole.
    expect(tickets.pending()[0]).toMatchObject({ number: 'C901', idNumber: ID, name: NAME });
    expect(tickets.holdsPending(ID, 'S1')).toBe('C901');
    const [pending] = filings.pending();
    expect(pending!.body).toMatchObject({ applicant: { idNumber: ID, name: NAME }, form: { address: ADDRESS } });
    expect(filings.pages(pending!.seq)[0]!.bytes.equals(PAGE)).toBe(true);
    tickets.close();
    filings.close();

    const key = join(d, OUTBOX_KEY_FILE);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'outbox.db')).mode & 0o777).toBe(0o600);
  });

  it('cannot be read with another key: a copy of the files without the agent’s key opens nothing', () => {
    const d = dir();
    const tickets = new OfflineStore(join(d, 'outbox.db'));
    tickets.addLease(lease);
    tickets.issue('S1', '2026-03-14', { issuedAt: '2026-03-14T01:00:00.000Z', idNumber: ID, name: NAME });
    tickets.close();
    // Another kiosk's key (made by another outbox), handed to a copy of this one.
    const elsewhere = dir();
    new OfflineStore(join(elsewhere, 'outbox.db')).close();
    const copied = new OfflineStore(join(d, 'outbox.db'), { keyFile: join(elsewhere, OUTBOX_KEY_FILE) });
    expect(() => copied.pending()).toThrow();
    copied.close();
  });

  it('refuse to start without their key while sealed entries wait, rather than make a new key that could not open them', () => {
    const d = dir();
    const filings = new FilingOutbox(join(d, 'filings.db'));
    queueFiling(filings);
    filings.close();
    renameSync(join(d, OUTBOX_KEY_FILE), join(d, 'moved.key'));
    expect(() => new FilingOutbox(join(d, 'filings.db'))).toThrow(/outbox key .* is missing/);
    expect(existsSync(join(d, OUTBOX_KEY_FILE))).toBe(false);
  });

  it('seal the entries an older agent left in the clear, and erase the clear copies', () => {
    const d = dir();
    const file = join(d, 'outbox.db');
    // An outbox of the first version, as an older agent wrote it.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE leases (id TEXT PRIMARY KEY, day TEXT NOT NULL, service_code TEXT NOT NULL, prefix TEXT NOT NULL, numbers TEXT NOT NULL, next INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
      CREATE TABLE outbox (number TEXT NOT NULL, lease_id TEXT NOT NULL, service_code TEXT NOT NULL, issued_at TEXT NOT NULL, id_number TEXT, name TEXT, state TEXT NOT NULL, ticket_id TEXT, error TEXT, seq INTEGER NOT NULL, PRIMARY KEY (lease_id, number));
      CREATE INDEX outbox_state ON outbox (state, issued_at);
      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      PRAGMA user_version = 1;`);
    old.prepare("INSERT INTO outbox VALUES ('C901', 'L1', 'S1', '2026-03-14T01:00:00.000Z', ?, ?, 'pending', NULL, NULL, 1)").run(ID, NAME);
    old.close();

    const tickets = new OfflineStore(file);
    expect(tickets.pending()[0]).toMatchObject({ idNumber: ID, name: NAME });
    expect(tickets.holdsPending(ID, 'S1')).toBe('C901');
    tickets.close();
    expectNothingPersonal(file);
  });
});
