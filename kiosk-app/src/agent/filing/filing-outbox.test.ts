/**
 * The filing outbox and its delivery against a scripted hall: what is stored
 * survives a reopen, delivery keeps the order, a passing failure holds the
 * line, a permanent refusal is parked without holding it.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Filing } from '@hall/server/protocol';
import { FakeHall, refusal } from '../testing/fake-hall.ts';
import { tempDirs } from '../testing/scratch.ts';
import { FilingOutbox, type FilingBody, type NewOutboxFiling, type TicketLink } from './filing-outbox.ts';
import { FilingSync, type TicketStanding } from './filing-sync.ts';

const tempDir = tempDirs('kiosk-filings-');
const file = () => join(tempDir(), 'filings.db');

const NAME = { 'zh-CN': '个体工商户设立登记', en: 'Sole proprietorship registration' };

function page(text: string) {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(text)]);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'image/jpeg' as const, bytes };
}

function filing(code: string, pages: { sha256: string; contentType: 'image/jpeg' }[], minute = 0): NewOutboxFiling {
  const submittedAt = `2026-03-14T01:${String(minute).padStart(2, '0')}:00.000Z`;
  const body: FilingBody = {
    serviceCode: 'S1',
    applicant: { idNumber: '110101199003078814', name: '张示例' },
    form: { phone: '13800138000' },
    materials: [{ materialId: 'm1', pages }],
    trackingCode: code,
    submittedAt,
  };
  return { trackingCode: code, idempotencyKey: `key-${code}`, serviceCode: 'S1', serviceName: NAME, submittedAt, body };
}

/** A hall that records what it is sent and answers as scripted, per tracking code. */
class ScriptedHall extends FakeHall {
  readonly uploads: string[] = [];
  readonly submits: { code: string; key: string | undefined }[] = [];
  readonly links: { code: string; ticketId: string }[] = [];
  refuses: (code: string) => Error | undefined = () => undefined;

  constructor() {
    super();
    this.answer('uploadFilingFile', ({ params, raw }) => {
      this.uploads.push(params.sha256);
      return { sha256: params.sha256, size: raw.bytes.length, contentType: 'image/jpeg' as const };
    });
    this.answer('linkFilingTicket', ({ params, body }) => {
      this.links.push({ code: params.trackingCode, ticketId: body.ticketId });
      return {} as Filing;
    });
    this.answer('submitFiling', ({ body, idempotencyKey }) => {
      const code = body.trackingCode!;
      this.submits.push({ code, key: idempotencyKey });
      const refused = this.refuses(code);
      if (refused) throw refused;
      return {
        trackingCode: code,
        serviceCode: body.serviceCode,
        serviceName: NAME,
        status: 'submitted',
        submittedAt: body.submittedAt!,
        dueDate: '2026-03-20',
      } as Filing;
    });
  }
}

function sync(outbox: FilingOutbox, hall: ScriptedHall, tickets: Record<string, TicketStanding> = {}) {
  return new FilingSync({
    outbox,
    hall,
    ticketFor: (leaseId, number) => tickets[`${leaseId}/${number}`] ?? { state: 'unknown' },
    retry: { initialMs: 60_000, maxMs: 60_000 },
  });
}

/** An outbox holding a filing of one page for each code, a minute apart (with its ticket link, when given), and a hall to deliver them to. */
function queued(codes: string[], links: TicketLink[] = []): { outbox: FilingOutbox; hall: ScriptedHall } {
  const outbox = new FilingOutbox(file());
  codes.forEach((code, i) => {
    const p = page(code);
    outbox.queue(filing(code, [p], i + 1), [p], links[i]);
  });
  return { outbox, hall: new ScriptedHall() };
}

describe('the filing outbox', () => {
  it('keeps a filing and its pages together across a reopen, readable by the agent only', () => {
    const path = file();
    let outbox = new FilingOutbox(path);
    const a = page('a');
    const b = page('b');
    outbox.queue(filing('AAAA-AAAA-AAAA', [a, b]), [a, b]);
    outbox.close();
    outbox = new FilingOutbox(path);
    const [stored] = outbox.pending();
    expect(stored).toMatchObject({ trackingCode: 'AAAA-AAAA-AAAA', idempotencyKey: 'key-AAAA-AAAA-AAAA', state: 'pending', serviceName: NAME });
    expect(stored!.body?.applicant.idNumber).toBe('110101199003078814');
    expect(outbox.pages(stored!.seq).map((p) => p.bytes.equals(a.bytes) || p.bytes.equals(b.bytes))).toEqual([true, true]);
    expect(outbox.counts()).toEqual({ pending: 1, parked: 0 });
    expect(statSync(path).mode & 0o077).toBe(0);
    outbox.close();
  });

  it('refuses a tracking code it already holds, storing nothing of the second filing', () => {
    const outbox = new FilingOutbox(file());
    const a = page('a');
    outbox.queue(filing('AAAA-AAAA-AAAA', [a]), [a]);
    const b = page('b');
    expect(() => outbox.queue(filing('AAAA-AAAA-AAAA', [b]), [b])).toThrow();
    expect(outbox.all()).toHaveLength(1);
    expect(outbox.pages(outbox.all()[0]!.seq)).toHaveLength(1);
    outbox.close();
  });
});

describe('delivering offline filings', () => {
  it('uploads each filing’s pages before submitting it, in the order filed, with the kept key and code; then forgets the personal data', async () => {
    const outbox = new FilingOutbox(file());
    const hall = new ScriptedHall();
    const [a, b, c] = [page('a'), page('b'), page('c')];
    outbox.queue(filing('1111-1111-1111', [a, b], 1), [a, b]);
    outbox.queue(filing('2222-2222-2222', [c], 2), [c]);
    await sync(outbox, hall).kick();
    expect(hall.submits).toEqual([
      { code: '1111-1111-1111', key: 'key-1111-1111-1111' },
      { code: '2222-2222-2222', key: 'key-2222-2222-2222' },
    ]);
    expect(hall.uploads.slice(0, 2).sort()).toEqual([a.sha256, b.sha256].sort());
    expect(hall.uploads[2]).toBe(c.sha256);
    const delivered = outbox.find('1111-1111-1111')!;
    expect(delivered).toMatchObject({ state: 'delivered', status: 'submitted', dueDate: '2026-03-20' });
    expect(delivered.body).toBeUndefined();
    expect(outbox.pages(delivered.seq)).toEqual([]);
    expect(outbox.counts()).toEqual({ pending: 0, parked: 0 });
    outbox.close();
  });

  it('a passing failure stops the round: nothing overtakes the filing that could not go', async () => {
    const { outbox, hall } = queued(['1111-1111-1111', '2222-2222-2222']);
    hall.refuses = (code) => (code === '1111-1111-1111' ? refusal(503, 'STORE_UNAVAILABLE') : undefined);
    const s = sync(outbox, hall);
    await s.kick();
    expect(hall.submits.map((x) => x.code)).toEqual(['1111-1111-1111']);
    expect(outbox.counts().pending).toBe(2);
    hall.refuses = () => undefined;
    await s.kick();
    expect(hall.submits.map((x) => x.code)).toEqual(['1111-1111-1111', '1111-1111-1111', '2222-2222-2222']);
    await s.close();
    outbox.close();
  });

  it('a permanent refusal is parked with its reason and the filings behind it still go', async () => {
    const { outbox, hall } = queued(['1111-1111-1111', '2222-2222-2222']);
    hall.refuses = (code) => (code === '1111-1111-1111' ? refusal(409, 'FILING_NOT_OFFERED') : undefined);
    await sync(outbox, hall).kick();
    expect(outbox.find('1111-1111-1111')).toMatchObject({ state: 'parked', error: 'FILING_NOT_OFFERED' });
    expect(outbox.find('1111-1111-1111')!.body).toBeUndefined();
    expect(outbox.find('2222-2222-2222')!.state).toBe('delivered');
    expect(outbox.counts()).toEqual({ pending: 0, parked: 1 });
    // Parked means never resent.
    await sync(outbox, hall).kick();
    expect(hall.submits.filter((x) => x.code === '1111-1111-1111')).toHaveLength(1);
    outbox.close();
  });

  it('a code the hall says belongs to another filing is parked, not resent', async () => {
    const { outbox, hall } = queued(['1111-1111-1111']);
    hall.refuses = () => refusal(409, 'TRACKING_CODE_TAKEN');
    await sync(outbox, hall).kick();
    expect(outbox.find('1111-1111-1111')).toMatchObject({ state: 'parked', error: 'TRACKING_CODE_TAKEN' });
    outbox.close();
  });

  it('the kiosk’s own credentials refused is not the filing’s fault: it waits instead of being parked', async () => {
    const { outbox, hall } = queued(['1111-1111-1111']);
    hall.refuses = () => refusal(401, 'UNAUTHENTICATED');
    const s = sync(outbox, hall);
    await s.kick();
    expect(outbox.find('1111-1111-1111')!.state).toBe('pending');
    await s.close();
    outbox.close();
  });

  it('a link to an offline ticket waits for that ticket to reach the hall, then is made; a voided ticket is never linked', async () => {
    const { outbox, hall } = queued(
      ['1111-1111-1111', '2222-2222-2222'],
      [
        { leaseId: 'L1', number: 'C901', state: 'waiting' },
        { leaseId: 'L1', number: 'C902', state: 'waiting' },
      ],
    );
    const tickets: Record<string, TicketStanding> = { 'L1/C901': { state: 'pending' }, 'L1/C902': { state: 'void' } };
    await sync(outbox, hall, tickets).kick();
    expect(hall.links).toEqual([]);
    expect(outbox.find('1111-1111-1111')!.link).toMatchObject({ state: 'waiting' });
    expect(outbox.find('2222-2222-2222')!.link).toMatchObject({ state: 'failed', error: 'TICKET_VOID' });
    tickets['L1/C901'] = { state: 'synced', ticketId: 't-901' };
    await sync(outbox, hall, tickets).kick();
    expect(hall.links).toEqual([{ code: '1111-1111-1111', ticketId: 't-901' }]);
    expect(outbox.find('1111-1111-1111')!.link).toMatchObject({ state: 'linked', ticketId: 't-901' });
    outbox.close();
  });

  it('nothing is sent while the hall is away', async () => {
    const { outbox, hall } = queued(['1111-1111-1111']);
    hall.goOffline();
    await sync(outbox, hall).kick();
    expect(hall.uploads).toEqual([]);
    expect(outbox.counts().pending).toBe(1);
    outbox.close();
  });
});
