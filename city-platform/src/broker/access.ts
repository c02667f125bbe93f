/**
 * Who may publish and subscribe what on the platform's broker, as rules the
 * embedded broker applies and the Mosquitto ACL file spells out the same way:
 * a hall writes only its own four topics and reads nothing; a consumer reads
 * the halls' topics and writes nothing.
 */
import { HALL_ID } from '../accounts/hall-id.ts';
import { readTopic } from '../ingest/envelope.ts';

export type BrokerIdentity = { kind: 'hall'; hallId: string } | { kind: 'consumer' };

/** The topics a hall publishes on: its reports and its presence. */
export const HALL_TOPIC_KINDS = ['queue-load', 'rating', 'device-health', 'status'] as const;

/**
 * Consumers' MQTT client ids start with this, and a hall may not take one:
 * a login that reuses a client id takes over that session, and with it the
 * consumer's unacknowledged messages.
 */
export const CONSUMER_CLIENT_ID_PREFIX = 'city-consumer-';

export function mayPublish(who: BrokerIdentity, topic: string): boolean {
  if (who.kind !== 'hall') return false;
  const where = readTopic(topic);
  return where !== undefined && where.hallId === who.hallId;
}

/** Consumers subscribe to `hall/…` filters only; `$SYS` and anything else stays closed. */
export function maySubscribe(who: BrokerIdentity, filter: string): boolean {
  return who.kind === 'consumer' && (filter === 'hall/#' || filter.startsWith('hall/'));
}

export function mayUseClientId(who: BrokerIdentity, clientId: string): boolean {
  return who.kind === 'consumer' || !clientId.startsWith(CONSUMER_CLIENT_ID_PREFIX);
}

export function isValidHallId(hallId: string): boolean {
  return HALL_ID.test(hallId);
}
