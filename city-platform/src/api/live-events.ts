/**
 * The city view's live events over socket.io, shared by the server (live.ts)
 * and the page: one namespace, operator token in `auth: { token }`.
 *
 * - `city:snapshot` `{ halls }`: sent on connect; a client asks again by
 *   emitting `city:snapshot` with an acknowledgement callback.
 * - `hall:updated` `{ hall }`: a hall's figures changed; at most one per hall
 *   per second, the latest figures.
 */
import type { HallOverview } from '../ports.ts';

export const CITY_NAMESPACE = '/city';

export type CitySnapshot = { halls: HallOverview[] };
export type Ack<T> = { data: T } | { error: { code: string; message: string } };

export interface CityServerEvents {
  'city:snapshot': (snapshot: CitySnapshot) => void;
  'hall:updated': (update: { hall: HallOverview }) => void;
}

export interface CityClientEvents {
  'city:snapshot': (ack: (answer: Ack<CitySnapshot>) => void) => void;
}
