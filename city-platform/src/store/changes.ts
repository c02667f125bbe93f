/**
 * "These halls changed", from whichever process wrote to whichever process
 * shows them: a NOTIFY on `city_changes` sent inside the writing transaction,
 * so PostgreSQL delivers it at commit and never for a rollback. The payload
 * is the hall ids joined by commas (hall ids never contain one).
 */
import type { Sql, Queryable } from '../db/sql.ts';
import type { CityChanges } from '../ports.ts';

export const CHANGES_CHANNEL = 'city_changes';

/** PostgreSQL caps a NOTIFY payload below 8000 bytes; hall ids are ASCII, so characters are bytes. */
const PAYLOAD_LIMIT = 7_900;

/** Splits hall ids into payloads under the NOTIFY limit. Pure. */
export function changePayloads(hallIds: Iterable<string>): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of new Set(hallIds)) {
    if (current && current.length + 1 + id.length > PAYLOAD_LIMIT) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${id}` : id;
  }
  if (current) payloads.push(current);
  return payloads;
}

/** Queues the notification in the caller's transaction. */
export async function notifyChanges(tx: Queryable, hallIds: Iterable<string>): Promise<void> {
  const payloads = changePayloads(hallIds);
  if (payloads.length === 0) return;
  await tx.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [CHANGES_CHANNEL, payloads]);
}

/** The `CityChanges` port over LISTEN, on either engine. Resolves once listening; `close` stops. */
export async function listenCityChanges(sql: Sql): Promise<CityChanges & { close(): Promise<void> }> {
  const listeners = new Set<(hallIds: string[]) => void>();
  const stop = await sql.listen(CHANGES_CHANNEL, (payload) => {
    const hallIds = payload ? payload.split(',') : [];
    for (const listener of listeners) listener(hallIds);
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await stop();
    },
  };
}
