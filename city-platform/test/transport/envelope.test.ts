import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, readPresence, readTopic, signBody, verifyReport } from '../../src/ingest/envelope.ts';
import type { HallAccount } from '../../src/ports.ts';

const HALL: HallAccount = { hallId: '330106-ZWFW-01', name: '西湖区政务服务中心', secret: 'a'.repeat(64) };
const OTHER: HallAccount = { hallId: '330102-ZWFW-01', name: '上城区政务服务中心', secret: 'b'.repeat(64) };

const rating = (overrides: Record<string, unknown> = {}) => ({
  type: 'rating',
  hallId: HALL.hallId,
  at: '2026-11-23T02:16:41.000Z',
  ticketId: 't-1',
  serviceCode: '330106-HJ-001',
  windowNo: 1,
  level: 2,
  reason: '等候时间太长',
  ...overrides,
});

function envelope(body: string, options: { hallId?: string; secret?: string; key?: unknown; signature?: string } = {}): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      hallId: options.hallId ?? HALL.hallId,
      idempotencyKey: options.key ?? 'k-1',
      signature: options.signature ?? signBody(options.secret ?? HALL.secret, body),
      body,
    }),
  );
}

const topic = (type = 'rating', hallId = HALL.hallId) => `hall/${hallId}/${type}`;

describe('a report message', () => {
  it('signed by its hall, on its own topic, with a valid body, is verified as the report it carries', () => {
    const body = JSON.stringify(rating());
    const result = verifyReport(topic(), envelope(body), HALL);
    expect(result).toEqual({
      ok: true,
      value: { hallId: HALL.hallId, idempotencyKey: 'k-1', type: 'rating', at: '2026-11-23T02:16:41.000Z', body: rating(), signedBody: body },
    });
  });

  it('is verified over the exact body string, Chinese text and odd spacing included, and keeps that string to store', () => {
    const body = `{ "type":"rating","hallId":"${HALL.hallId}","at":"2026-11-23T02:16:41.000Z","ticketId":"t","serviceCode":"s","level":1,"reason":"态度差" }`;
    const result = verifyReport(topic(), envelope(body), HALL);
    expect(result.ok && result.value.signedBody).toBe(body);
  });

  const good = JSON.stringify(rating());
  const refusals: [string, () => ReturnType<typeof verifyReport>, string][] = [
    ['a topic outside hall/<id>/<type>', () => verifyReport('city/x/rating', envelope(good), HALL), 'wrong-topic'],
    ['a topic with an unknown report type', () => verifyReport(topic('gossip'), envelope(good), HALL), 'wrong-topic'],
    ['a topic one level too deep', () => verifyReport(`${topic()}/extra`, envelope(good), HALL), 'wrong-topic'],
    ['a status topic given as a report', () => verifyReport(topic('status'), envelope(good), HALL), 'wrong-topic'],
    ['an envelope naming another hall than its topic', () => verifyReport(topic(), envelope(good, { hallId: OTHER.hallId }), HALL), 'wrong-topic'],
    [
      'a body naming another hall, signed by this one',
      () => verifyReport(topic(), envelope(JSON.stringify(rating({ hallId: OTHER.hallId }))), HALL),
      'wrong-topic',
    ],
    ['a rating sent on the queue-load topic', () => verifyReport(topic('queue-load'), envelope(good), HALL), 'wrong-topic'],
    ['a hall the platform does not know', () => verifyReport(topic(), envelope(good), undefined), 'unknown-hall'],
    ['an account of another hall', () => verifyReport(topic(), envelope(good), OTHER), 'unknown-hall'],
    ['a signature made with another secret', () => verifyReport(topic(), envelope(good, { secret: OTHER.secret }), HALL), 'bad-signature'],
    [
      'a body changed after signing',
      () => verifyReport(topic(), envelope(good.replace('"level":2', '"level":5'), { signature: signBody(HALL.secret, good) }), HALL),
      'bad-signature',
    ],
    [
      'a signature without its sha256= prefix',
      () => verifyReport(topic(), envelope(good, { signature: signBody(HALL.secret, good).slice(7) }), HALL),
      'bad-signature',
    ],
    ['an empty signature', () => verifyReport(topic(), envelope(good, { signature: '' }), HALL), 'bad-signature'],
    ['a payload that is not JSON', () => verifyReport(topic(), Buffer.from('hello'), HALL), 'malformed'],
    ['a payload that is not UTF-8', () => verifyReport(topic(), Buffer.from([0xff, 0xfe, 0x7b]), HALL), 'malformed'],
    ['a JSON array', () => verifyReport(topic(), Buffer.from('[]'), HALL), 'malformed'],
    [
      'an envelope whose body is an object, not a string',
      () => verifyReport(topic(), Buffer.from(JSON.stringify({ hallId: HALL.hallId, idempotencyKey: 'k', signature: 'sha256=00', body: rating() })), HALL),
      'malformed',
    ],
    ['an envelope without an idempotency key', () => verifyReport(topic(), envelope(good, { key: '' }), HALL), 'malformed'],
    ['an idempotency key of 129 characters', () => verifyReport(topic(), envelope(good, { key: 'k'.repeat(129) }), HALL), 'malformed'],
    ['a numeric idempotency key', () => verifyReport(topic(), envelope(good, { key: 7 }), HALL), 'malformed'],
    ['a signed body that is not JSON', () => verifyReport(topic(), envelope('not json'), HALL), 'malformed'],
    ['a signed rating of level 6', () => verifyReport(topic(), envelope(JSON.stringify(rating({ level: 6 }))), HALL), 'malformed'],
    ['a signed rating without its service', () => verifyReport(topic(), envelope(JSON.stringify(rating({ serviceCode: undefined }))), HALL), 'malformed'],
    ['a signed rating whose time is not a time', () => verifyReport(topic(), envelope(JSON.stringify(rating({ at: 'yesterday' }))), HALL), 'malformed'],
    ['a payload over 1 MiB', () => verifyReport(topic(), envelope(JSON.stringify(rating({ reason: 'x'.repeat(MAX_PAYLOAD_BYTES) }))), HALL), 'malformed'],
  ];

  it.each(refusals)('is refused when it is %s', (_case, check, reason) => {
    const result = check();
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason });
  });

  it('names the hall of its topic in a refusal, so refusals can be counted per hall', () => {
    expect(verifyReport(topic(), envelope(good, { secret: OTHER.secret }), HALL)).toEqual({ ok: false, reason: 'bad-signature', hallId: HALL.hallId });
  });

  it('never throws, whatever bytes arrive', () => {
    // A deterministic stream of random-looking payloads: cut-up envelopes, flipped bytes, junk.
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const base = envelope(good);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(base.subarray(0, next() % (base.length + 1)));
      for (let flips = next() % 4; flips > 0; flips--) bytes[next() % Math.max(1, bytes.length)] = next() % 256;
      const result = verifyReport(topic(), bytes, HALL);
      // Whatever survives must be the body the hall signed, unchanged.
      if (result.ok) expect(result.value.body).toEqual(rating());
      else expect(['malformed', 'bad-signature', 'wrong-topic']).toContain(result.reason);
    }
  });
});

describe('a status message', () => {
  const at = '2026-11-23T08:00:00.000Z';
  const receivedAt = '2026-11-23T09:30:00.000Z';

  it('on connect says the hall is online since the time it gives', () => {
    expect(readPresence(topic('status'), Buffer.from(JSON.stringify({ online: true, at })), HALL, receivedAt)).toEqual({
      ok: true,
      value: { hallId: HALL.hallId, online: true, at },
    });
  });

  it('from the last will says the hall went offline when the message arrived', () => {
    expect(readPresence(topic('status'), Buffer.from('{"online":false}'), HALL, receivedAt)).toEqual({
      ok: true,
      value: { hallId: HALL.hallId, online: false, at: receivedAt },
    });
  });

  it('that is empty (a retained message being cleared) is no news', () => {
    expect(readPresence(topic('status'), Buffer.alloc(0), HALL, receivedAt)).toEqual({ ok: 'ignored' });
  });

  it.each([
    ['not JSON', 'online', HALL, 'malformed'],
    ['without online', '{"at":"2026-11-23T08:00:00.000Z"}', HALL, 'malformed'],
    ['with online as a string', '{"online":"yes"}', HALL, 'malformed'],
    ['with a time that is not a time', '{"online":true,"at":"noon"}', HALL, 'malformed'],
    ['from an unknown hall', '{"online":true}', undefined, 'unknown-hall'],
  ] as const)('%s is refused', (_case, payload, account, reason) => {
    expect(readPresence(topic('status'), Buffer.from(payload), account, receivedAt)).toMatchObject({ ok: false, reason });
  });
});

describe('topics', () => {
  it.each([
    ['hall/330106-ZWFW-01/queue-load', { hallId: '330106-ZWFW-01', kind: 'queue-load' }],
    ['hall/H1/device-health', { hallId: 'H1', kind: 'device-health' }],
    ['hall/H1/status', { hallId: 'H1', kind: 'status' }],
    ['hall/H1/rating/x', undefined],
    ['hall//rating', undefined],
    ['hall/H 1/rating', undefined],
    ['hall/+/rating', undefined],
    ['$share/g/hall/H1/rating', undefined],
  ])('%s reads as %o', (t, expected) => {
    expect(readTopic(t)).toEqual(expected);
  });
});
