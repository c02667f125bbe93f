/**
 * What each operation of the contract does with the read model. The router
 * (operations.ts) has checked access and parsed the input by then; a handler
 * answers the contract's shape or throws an `ApiError`.
 *
 * The two public operations read through the answer caches: a phone asking
 * every few seconds, or ten thousand of them, costs one read per service per
 * TTL.
 */
import type { CityReadModel, ShortestRow } from '../ports.ts';
import type { AnswerOf, OperationId, ParamsOf, QueryOf } from './contract.ts';
import type { AnswerCache } from './answer-cache.ts';
import { ApiError } from './errors.ts';

export type HandlerDeps = {
  read: CityReadModel;
  shortest: AnswerCache<ShortestRow[]>;
  services: AnswerCache<{ code: string; name: string }[]>;
};

export type HandlerInput<K extends OperationId> = { params: ParamsOf<K>; query: QueryOf<K> };
export type Handlers = { [K in OperationId]: (input: HandlerInput<K>) => Promise<AnswerOf<K>> };

export function cityHandlers({ read, shortest, services }: HandlerDeps): Handlers {
  return {
    listHalls: async () => ({ halls: await read.halls() }),
    getHall: async ({ params }) => {
      const detail = await read.hall(params.hallId);
      if (!detail) throw new ApiError(404, 'HALL_NOT_FOUND', 'no hall with this id reports to the platform');
      return detail;
    },
    listBadRatings: async ({ query }) => ({ ratings: await read.badRatings({ limit: query.limit, ...(query.hallId ? { hallId: query.hallId } : {}) }) }),
    listServices: async () => ({ services: await services.get('services', () => read.services()) }),
    findShortest: async ({ query }) => {
      const rows = await shortest.get(query.serviceCode, () => read.shortest(query.serviceCode));
      return {
        halls: rows.map(({ hallId, name, waiting, estimatedWaitMinutes, windowsOpen }) => ({ hallId, name, waiting, estimatedWaitMinutes, windowsOpen })),
      };
    },
  };
}
