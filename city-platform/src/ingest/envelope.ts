/**
 * The checks every message from a hall passes before anything is stored:
 * pure functions from (topic, payload bytes, the hall's account) to a
 * verified report, a presence change, or a refusal reason. No I/O, no clock:
 * the consumer looks the hall up and passes the time a message arrived.
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { UpstreamReport } from '@hall/server/upstream-format';
import type { HallAccount, PresenceChange, RefusalReason, VerifiedReport } from '../ports.ts';
import { HALL_ID } from '../accounts/hall-id.ts';

export const REPORT_TYPES = ['queue-load', 'rating', 'device-health'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export type TopicKind = ReportType | 'status';

/**
 * A device-health report of a 1,000-terminal hall is some 400 kB; anything
 * past 1 MiB is refused unread, so a broken or hostile hall cannot make the
 * consumer parse megabytes. The broker config uses the same bound.
 */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
const MAX_KEY_LENGTH = 128;
/** Hall ids go into topics, ACL files and logs: letters, digits and `.-_` only, so none can smuggle a wildcard or a newline. */
const TOPIC_PATTERN = /^hall\/([^/]+)\/([^/]+)$/;

export type Refusal = { ok: false; reason: RefusalReason; hallId?: string };
export type Checked<T> = { ok: true; value: T } | Refusal;

/** What a topic says: whose message and of which kind; undefined for any other topic. */
export function readTopic(topic: string): { hallId: string; kind: TopicKind } | undefined {
  const m = TOPIC_PATTERN.exec(topic);
  if (!m || !HALL_ID.test(m[1]!)) return undefined;
  const kind = m[2]!;
  if (kind !== 'status' && !(REPORT_TYPES as readonly string[]).includes(kind)) return undefined;
  return { hallId: m[1]!, kind: kind as TopicKind };
}

/** `sha256=<hex>` of the exact body string, as the hall signs it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Checks a report message. The order matters: the cheap shape checks first,
 * then the signature over the body string, and only a signed body is parsed,
 * so unauthenticated input never reaches the schema.
 */
export function verifyReport(topic: string, payload: Uint8Array, account: HallAccount | undefined): Checked<VerifiedReport> {
  const where = readTopic(topic);
  if (!where || where.kind === 'status') return { ok: false, reason: 'wrong-topic' };
  const { hallId, kind } = where;
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'malformed', hallId };
  const envelope = parseJson(payload);
  if (!isEnvelope(envelope)) return { ok: false, reason: 'malformed', hallId };
  if (envelope.hallId !== hallId) return { ok: false, reason: 'wrong-topic', hallId };
  if (!account || account.hallId !== hallId) return { ok: false, reason: 'unknown-hall', hallId };
  if (!signatureMatches(account, envelope.body, envelope.signature)) return { ok: false, reason: 'bad-signature', hallId };
  const parsed = UpstreamReport.safeParse(parseJson(envelope.body));
  if (!parsed.success) return { ok: false, reason: 'malformed', hallId };
  const body = parsed.data;
  if (body.hallId !== hallId || body.type !== kind) return { ok: false, reason: 'wrong-topic', hallId };
  if (Number.isNaN(Date.parse(body.at))) return { ok: false, reason: 'malformed', hallId };
  return { ok: true, value: { hallId, idempotencyKey: envelope.idempotencyKey, type: body.type, at: body.at, body, signedBody: envelope.body } };
}

/**
 * Reads a hall's retained status message. The last will carries no time (the
 * hall cannot know when it will die), so the time it arrived stands in.
 * An empty payload is an operator clearing the retained message: no news.
 */
export function readPresence(
  topic: string,
  payload: Uint8Array,
  account: HallAccount | undefined,
  receivedAt: string,
): Checked<PresenceChange> | { ok: 'ignored' } {
  const where = readTopic(topic);
  if (where?.kind !== 'status') return { ok: false, reason: 'wrong-topic' };
  const { hallId } = where;
  if (payload.byteLength === 0) return { ok: 'ignored' };
  if (payload.byteLength > 1024) return { ok: false, reason: 'malformed', hallId };
  if (!account || account.hallId !== hallId) return { ok: false, reason: 'unknown-hall', hallId };
  const status = parseJson(payload);
  if (!status || typeof status !== 'object' || typeof (status as { online?: unknown }).online !== 'boolean') return { ok: false, reason: 'malformed', hallId };
  const { online, at } = status as { online: boolean; at?: unknown };
  if (at !== undefined && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) return { ok: false, reason: 'malformed', hallId };
  return { ok: true, value: { hallId, online, at: typeof at === 'string' ? at : receivedAt } };
}

type Envelope = { hallId: string; idempotencyKey: string; signature: string; body: string };

function isEnvelope(value: unknown): value is Envelope {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.hallId === 'string' &&
    typeof v.idempotencyKey === 'string' &&
    v.idempotencyKey.length > 0 &&
    v.idempotencyKey.length <= MAX_KEY_LENGTH &&
    typeof v.signature === 'string' &&
    typeof v.body === 'string'
  );
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/** Each account's secret as a key object, made once: thousands of reports a second are checked with a few thousand keys. */
const keys = new WeakMap<HallAccount, KeyObject>();

function signatureMatches(account: HallAccount, body: string, signature: string): boolean {
  // The format of a signature is public; only its value is compared in constant time.
  const given = SIGNATURE.exec(signature);
  if (!given) return false;
  let key = keys.get(account);
  if (!key) keys.set(account, (key = createSecretKey(Buffer.from(account.secret, 'utf8'))));
  return timingSafeEqual(Buffer.from(given[1]!, 'hex'), createHmac('sha256', key).update(body, 'utf8').digest());
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(input: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof input === 'string' ? input : utf8.decode(input));
  } catch {
    return undefined;
  }
}
