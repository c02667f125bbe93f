import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newTrackingCode } from '@hall/server/forms';
import { hallRefusal } from '../hall-refusal.ts';
import { silentAgentLogger } from '../log.ts';
import { FakeHall, hallTicket, refusal } from '../testing/fake-hall.ts';
import { refusalOf } from '../testing/thrown.ts';
import { filingMove, filingPage, ticketFiling } from './ticket-filing.ts';

const CODE = newTrackingCode(randomBytes);
const SHA = 'ab'.repeat(32);

describe('the clerk moving a filing on', () => {
  it('is checked before the hall is asked: a real tracking code, a status the clerk may give', () => {
    expect(refusalOf(() => filingMove('not-a-code', 'accepted')).code).toBe('BAD_TRACKING_CODE');
    expect(refusalOf(() => filingMove(CODE, 'submitted')).code).toBe('INVALID_FILING_STATUS');
    expect(filingMove(CODE.toLowerCase(), 'in-review')).toEqual({ trackingCode: CODE, body: { status: 'in-review' } });
  });

  it('a return needs its reason, kept to what the hall takes', () => {
    expect(refusalOf(() => filingMove(CODE, 'returned', '   ')).code).toBe('REASON_REQUIRED');
    const long = filingMove(CODE, 'returned', ` ${'缺'.repeat(600)} `);
    expect(long.body.reason).toHaveLength(500);
  });
});

describe('a page of a filing', () => {
  const asRefusal = (err: unknown) => hallRefusal(err, { safeDetails: [], log: silentAgentLogger, where: 'in a test' });

  it('is fetched by its hash and handed to the console in base64', async () => {
    const hall = new FakeHall().answer('getFilingFile', { contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
    expect(await filingPage(hall, SHA.toUpperCase(), asRefusal)).toEqual({ contentType: 'image/png', dataBase64: 'AQID' });
    expect(hall.sent('getFilingFile')[0]).toMatchObject({ params: { sha256: SHA } });
  });

  it('one the hall does not hold, or a hash that is not one, is not found', async () => {
    const hall = new FakeHall().answer('getFilingFile', refusal(404, 'FILE_NOT_FOUND'));
    await expect(filingPage(hall, SHA, asRefusal)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(filingPage(hall, '../etc/passwd', asRefusal)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(hall.sent('getFilingFile')).toHaveLength(1);
  });
});

describe('the filing of a called ticket', () => {
  it('is left out, not refused, when the hall cannot give it now', async () => {
    const hall = new FakeHall().answer('getTicketFiling', refusal(503, 'INTERNAL'));
    expect(await ticketFiling(hall, hallTicket('A012', 'HJ', { filingCode: CODE }), silentAgentLogger)).toBeUndefined();
    expect(await ticketFiling(hall, hallTicket('A013', 'HJ'), silentAgentLogger)).toBeUndefined();
    expect(hall.sent('getTicketFiling')).toHaveLength(1);
  });
});
