import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../src/store/file-store.ts';
import { FilingStore, type NewFiling } from '../src/store/filing-store.ts';
import { HallStore } from '../src/store/hall-store.ts';
import { scannedPage, sha256 } from './filing-fixtures.ts';
import { tempDir } from './harness.ts';

const NOW = Date.parse('2026-03-02T02:00:00Z');
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function filing(more: Partial<NewFiling> = {}): NewFiling {
  return {
    id: 'f1',
    trackingCode: 'AAAA-BBBB-CCCC',
    serviceCode: 'svc',
    submittedAt: NOW,
    receivedAt: NOW,
    dueDate: '2026-03-09',
    applicant: { kind: 'citizen', hash: 'hash-zhang', masked: '330***********001X', nameMasked: '张**' },
    applicantNumber: '33010619850312001X',
    applicantName: '张三丰',
    form: { phone: '13800138000', address: '文三路 90 号' },
    materials: [{ materialId: 'id-card', name: '居民身份证', reused: false, pages: [{ sha256: A, contentType: 'image/jpeg', size: 10 }] }],
    offline: false,
    files: [A],
    keep: [],
    ...more,
  };
}

describe('filing store (SQLite)', () => {
  const open: HallStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  function storeIn(dir = tempDir()): { hall: HallStore; filings: FilingStore; dir: string } {
    const hall = HallStore.open(dir);
    open.push(hall);
    return { hall, filings: new FilingStore(hall.db, hall.vault), dir };
  }

  function uploadRow(filings: FilingStore, sha: string, createdAt = NOW) {
    filings.recordFile({ sha256: sha, size: 10, contentType: 'image/jpeg', storedName: `x/${sha}`, createdAt });
  }

  it('seals the applicant and the form: neither the number, the name nor a value is in the database file', () => {
    const { hall, filings, dir } = storeIn();
    uploadRow(filings, A);
    filings.insert(filing());
    hall.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(dir, 'hall.db'));
    for (const secret of ['33010619850312001X', '张三丰', '13800138000', '文三路']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    expect(filings.reveal('f1')).toEqual({
      applicant: { number: '33010619850312001X', name: '张三丰' },
      form: { phone: '13800138000', address: '文三路 90 号' },
    });
  });

  it('writes a filing with its first history entry, its files taken up and its kept materials, and reads it back after reopening', () => {
    const dir = tempDir();
    let { filings } = storeIn(dir);
    uploadRow(filings, A);
    filings.insert(
      filing({
        keep: [{ id: 'k1', materialId: 'id-card', name: '居民身份证', pages: [{ sha256: A, contentType: 'image/jpeg', size: 10 }], expiresAt: NOW + 1000 }],
      }),
    );
    open.pop()!.close();
    ({ filings } = storeIn(dir));
    const f = filings.byCode('AAAA-BBBB-CCCC')!;
    expect(f).toMatchObject({ id: 'f1', status: 'submitted', dueDate: '2026-03-09', offline: false, history: [{ status: 'submitted', at: NOW }] });
    expect(filings.file(A)).toMatchObject({ referenced: true });
    expect(filings.fileInAFiling(A)).toBe(true);
    expect(filings.myMaterialsOf('hash-zhang', NOW).map((m) => m.id)).toEqual(['k1']);
    expect(filings.myMaterialsOf('hash-zhang', NOW + 1000)).toEqual([]);
  });

  it('writes nothing of a filing whose page is no longer stored', () => {
    const { hall, filings } = storeIn();
    uploadRow(filings, A);
    expect(() =>
      filings.insert(filing({ files: [A, B], keep: [{ id: 'k1', materialId: 'id-card', name: '居民身份证', pages: [], expiresAt: NOW + 1 }] })),
    ).toThrow(/no longer stored/);
    for (const table of ['filings', 'filing_history', 'my_materials']) expect(hall.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    expect(filings.file(A)).toMatchObject({ referenced: false });
  });

  it('keeps one material per person and kind: a newer scan replaces the older', () => {
    const { filings } = storeIn();
    uploadRow(filings, A);
    uploadRow(filings, B);
    const keep = (id: string, sha: string) => [
      { id, materialId: 'id-card', name: '居民身份证', pages: [{ sha256: sha, contentType: 'image/jpeg' as const, size: 10 }], expiresAt: NOW + 10_000 },
    ];
    filings.insert(filing({ keep: keep('k1', A) }));
    filings.insert(filing({ id: 'f2', trackingCode: 'AAAA-BBBB-DDDD', submittedAt: NOW + 1, files: [B], keep: keep('k2', B) }));
    expect(filings.myMaterialsOf('hash-zhang', NOW).map((m) => [m.id, m.pages[0]!.sha256])).toEqual([['k2', B]]);
    expect(filings.purgeExpiredMyMaterials(NOW + 10_000)).toBe(1);
  });

  it('changes status only from the state it was decided on, keeping the history in order', () => {
    const { filings } = storeIn();
    uploadRow(filings, A);
    filings.insert(filing());
    expect(filings.changeStatus('f1', 'submitted', { status: 'accepted', at: NOW + 1, by: { role: 'counter', windowNo: 3, staffNo: '3007' } })).toBe(true);
    expect(filings.changeStatus('f1', 'submitted', { status: 'returned', at: NOW + 2, reason: 'x' })).toBe(false);
    expect(filings.changeStatus('f1', 'accepted', { status: 'returned', at: NOW + 3, reason: '缺页' })).toBe(true);
    const f = filings.byId('f1')!;
    expect(f.status).toBe('returned');
    expect(f.returnReason).toBe('缺页');
    expect(f.history).toEqual([
      { status: 'submitted', at: NOW, by: undefined, reason: undefined },
      { status: 'accepted', at: NOW + 1, by: { role: 'counter', windowNo: 3, staffNo: '3007' }, reason: undefined },
      { status: 'returned', at: NOW + 3, by: undefined, reason: '缺页' },
    ]);
  });

  it('links a filing to one ticket, and a ticket to one filing', () => {
    const { filings } = storeIn();
    uploadRow(filings, A);
    filings.insert(filing());
    filings.insert(filing({ id: 'f2', trackingCode: 'AAAA-BBBB-DDDD' }));
    expect(filings.link('f1', { id: 't1', number: 'C001' }, NOW)).toBe(true);
    expect(filings.link('f1', { id: 't2', number: 'C002' }, NOW)).toBe(false);
    expect(() => filings.link('f2', { id: 't1', number: 'C001' }, NOW)).toThrow(/UNIQUE/);
    expect(filings.codeOfTicket('t1')).toBe('AAAA-BBBB-CCCC');
    expect(filings.byTicket('t1')?.ticketNumber).toBe('C001');
  });

  it('lists uploads nobody took up past the cut-off, and forgets one only while still untaken', () => {
    const { filings } = storeIn();
    uploadRow(filings, A, NOW);
    uploadRow(filings, B, NOW);
    expect(filings.unreferencedFiles(NOW)).toEqual([]);
    expect(filings.unreferencedFiles(NOW + 1).sort()).toEqual([A, B]);
    filings.insert(filing());
    expect(filings.unreferencedFiles(NOW + 1)).toEqual([B]);
    expect(filings.forgetFile(A)).toBe(false);
    expect(filings.forgetFile(B)).toBe(true);
    uploadRow(filings, A, NOW + 5);
    expect(filings.file(A)).toMatchObject({ createdAt: NOW, referenced: true });
  });

  it('finds a person’s filings newest first', () => {
    const { filings } = storeIn();
    uploadRow(filings, A);
    filings.insert(filing());
    filings.insert(filing({ id: 'f2', trackingCode: 'AAAA-BBBB-DDDD', submittedAt: NOW + 60_000 }));
    filings.insert(filing({ id: 'f3', trackingCode: 'AAAA-BBBB-EEEE', applicant: { kind: 'citizen', hash: 'hash-li', masked: 'x' } }));
    expect(filings.byApplicant('hash-zhang').map((f) => f.id)).toEqual(['f2', 'f1']);
  });
});

describe('file store (encrypted pages on disk)', () => {
  const opened: FileStore[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  async function files(dir = tempDir()) {
    const hall = HallStore.open(dir);
    const store = await FileStore.open(dir, { seal: hall.vault.deriveKey('filing-files'), name: hall.vault.deriveKey('filing-file-names') });
    hall.close();
    opened.push(store);
    return { store, dir };
  }

  const everything = { maxBytes: 1 << 30, typeMatches: () => true };
  const tempFiles = (dir: string) => readdirSync(join(dir, 'files')).flatMap((b) => readdirSync(join(dir, 'files', b)));

  it('stores a page that comes in many pieces, and refuses one too large, of the wrong type or with another hash, leaving nothing', async () => {
    const { store, dir } = await files();
    const page = scannedPage(5, 100_000);
    const pieces = function* (bytes: Buffer) {
      for (let at = 0; at < bytes.length; at += 7_001) yield bytes.subarray(at, at + 7_001);
    };
    expect(await store.receive(sha256(page), pieces(page), { maxBytes: 99_999, typeMatches: () => true })).toEqual({ outcome: 'too-large' });
    expect(await store.receive(sha256(page), pieces(page), { maxBytes: 1 << 20, typeMatches: (head) => head[0] === 0x89 })).toEqual({ outcome: 'wrong-type' });
    expect(await store.receive('0'.repeat(64), pieces(page), everything)).toEqual({ outcome: 'hash-mismatch', sha256: sha256(page) });
    expect(tempFiles(dir)).toEqual([]);
    expect(await store.receive(sha256(page), pieces(page), everything)).toEqual({ outcome: 'stored', size: 100_000 });
    expect((await store.read(sha256(page))).equals(page)).toBe(true);
    expect(await store.receive(sha256(page), pieces(page), { ...everything, keep: false })).toEqual({ outcome: 'exists', size: 100_000 });
  });

  it('judges the type of a page shorter than a signature by all of it', async () => {
    const { store } = await files();
    const tiny = Buffer.from([0xff, 0xd8]);
    const seen: number[][] = [];
    await store.receive(sha256(tiny), [tiny], { maxBytes: 10, typeMatches: (head) => (seen.push([...head]), false) });
    expect(seen).toEqual([[0xff, 0xd8]]);
  });

  it('writes each page once under a name that is not its SHA-256, and reads back the same bytes', async () => {
    const { store, dir } = await files();
    const page = scannedPage(1, 50_000);
    expect((await store.put(sha256(page), page)).outcome).toBe('stored');
    expect((await store.put(sha256(page), page)).outcome).toBe('exists');
    const name = store.storedName(sha256(page));
    expect(name).not.toContain(sha256(page));
    const onDisk = readFileSync(join(dir, 'files', name));
    expect(onDisk.includes(page.subarray(100, 164))).toBe(false);
    expect((await store.read(sha256(page))).equals(page)).toBe(true);
  });

  it('refuses to open a file that was altered or moved to another page’s name', async () => {
    const { store, dir } = await files();
    const one = scannedPage(1);
    const two = scannedPage(2);
    await store.put(sha256(one), one);
    await store.put(sha256(two), two);
    const path = (p: Buffer) => join(dir, 'files', store.storedName(sha256(p)));
    writeFileSync(path(two), readFileSync(path(one)));
    await expect(store.read(sha256(two))).rejects.toThrow();
    const altered = readFileSync(path(one));
    altered[altered.length - 1]! ^= 1;
    writeFileSync(path(one), altered);
    await expect(store.read(sha256(one))).rejects.toThrow();
  });

  it('keeps its pages across reopening with the same key, and leaves no temporary files', async () => {
    const dir = tempDir();
    const page = scannedPage(3);
    await (await files(dir)).store.put(sha256(page), page);
    const bucket = join(dir, 'files', (await files(dir)).store.storedName(sha256(page)).slice(0, 2));
    writeFileSync(join(bucket, '.tmp-crashed'), 'half a page');
    const reopened = (await files(dir)).store;
    expect((await reopened.read(sha256(page))).equals(page)).toBe(true);
    expect(readdirSync(bucket).some((n) => n.startsWith('.tmp-'))).toBe(false);
  });

  it('removes a page, and removing it again is no error', async () => {
    const { store, dir } = await files();
    const page = scannedPage(4);
    await store.put(sha256(page), page);
    await store.remove(sha256(page));
    await store.remove(sha256(page));
    expect(existsSync(join(dir, 'files', store.storedName(sha256(page))))).toBe(false);
    expect(await store.has(sha256(page))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
