/**
 * The city platform's HTTP contract as data: every operation's route and
 * access (routes.ts) with the zod schemas of what it takes and answers, and
 * the refusals it may give. The server binds one handler to each entry
 * (operations.ts), the OpenAPI document is generated from it (openapi.ts)
 * and the client (client.ts) is typed by it, so none of them can drift.
 */
import { z } from 'zod';
import { ROUTES, type OperationId, type RouteSpec } from './routes.ts';
import { HallDetail, HallId, HallOverview, RatingRow, Service, ServiceCode, ShortestHall } from './schemas.ts';

/** Refusal codes. A client reads the code; the message is English for integrators, never shown as is to a person. */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'No operator token, or one the platform does not know',
  INVALID_REQUEST: 'A parameter is missing or out of bounds; the message names it',
  HALL_NOT_FOUND: 'No hall with this id reports to the platform',
  RATE_LIMITED: 'Too many requests from this address; Retry-After says when to try again',
  NOT_FOUND: 'No such route',
  INTERNAL: 'Something failed inside the platform; it is logged',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** Bad ratings come in pages of at most this many. */
export const MAX_RATINGS = 200;

export type OperationSpec = RouteSpec & {
  params?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  /** Refusals beyond the ones any operation may give (401 for operator ones, 400 with input, 429, 500). */
  errors?: readonly ErrorCode[];
};

export const contract = {
  listHalls: { ...ROUTES.listHalls, response: z.object({ halls: z.array(HallOverview) }) },
  getHall: { ...ROUTES.getHall, params: z.object({ hallId: HallId }), response: HallDetail, errors: ['HALL_NOT_FOUND'] },
  listBadRatings: {
    ...ROUTES.listBadRatings,
    query: z.object({ hallId: HallId.optional(), limit: z.coerce.number().int().min(1).max(MAX_RATINGS).default(50) }),
    response: z.object({ ratings: z.array(RatingRow) }),
  },
  listServices: { ...ROUTES.listServices, response: z.object({ services: z.array(Service) }) },
  findShortest: { ...ROUTES.findShortest, query: z.object({ serviceCode: ServiceCode }), response: z.object({ halls: z.array(ShortestHall) }) },
} as const satisfies { [K in OperationId]: OperationSpec };

export type Contract = typeof contract;
export type { OperationId };

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
type Field<O, K extends string> = O extends { [P in K]: infer S } ? S : undefined;

/** What a handler reads: the parsed params and query. */
export type ParamsOf<K extends OperationId> = Out<Field<Contract[K], 'params'>>;
export type QueryOf<K extends OperationId> = Out<Field<Contract[K], 'query'>>;
/** What a client sends: the schemas' input side (a limit may be a number; the server coerces the query's text). */
export type ParamsIn<K extends OperationId> = In<Field<Contract[K], 'params'>>;
export type QueryIn<K extends OperationId> = In<Field<Contract[K], 'query'>>;
/** What a successful call answers. */
export type AnswerOf<K extends OperationId> = z.output<Contract[K]['response']>;
