/**
 * What one operation of the hall's HTTP contract is, as data: its id, route,
 * roles, the zod schemas of what it takes and answers, and the refusals it
 * may give. The server binds a handler to each entry (api/operations.ts),
 * the OpenAPI document is generated from them (contract/openapi.ts), and the
 * one client (contract/client.ts) is derived from them, so none of the three
 * can drift from the others.
 */
import type { z } from 'zod';
import * as P from '../protocol.ts';
import type { ErrorCode } from './errors.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** One answer of an operation: a JSON shape, raw types (bytes), or both when a query chooses (a report as JSON, CSV or a page). */
export type ResponseSpec = { description: string; schema?: z.ZodType; raw?: readonly string[] };

/**
 * One worked call of an operation, for the OpenAPI document: what is sent
 * and what comes back, as JSON on the wire. A test parses each part with the
 * entry's own schemas.
 */
export type OperationExample = {
  summary: string;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  answer: { status: number; body?: unknown };
};

export type OperationSpec = {
  method: Method;
  /** Relative to /api/v1, with OpenAPI-style parameters: /windows/{windowNo}/call-next */
  path: string;
  summary: string;
  /** The OpenAPI tag: which part of the hall the operation belongs to. */
  tag: Tag;
  roles: readonly P.Role[];
  /** A counter token may only act for its own window: the path's windowNo must be the token's. */
  boundWindow?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * The body is bytes, not JSON, of one of these types: refused with 415
   * `typeError` otherwise, and with 413 `sizeError` when its declared length
   * passes the hall's limit, both before it is read.
   */
  rawBody?: { contentTypes: readonly string[]; typeError: ErrorCode; sizeError: ErrorCode };
  responses: Readonly<Record<number, ResponseSpec>>;
  /** The refusals this operation gives beyond those any operation may give (errors.ts ANY_OPERATION_MAY_ANSWER); the hall logs any other as outside the contract. */
  errors?: readonly ErrorCode[];
  /** A worked call, shown in the OpenAPI document (examples.ts). */
  example?: OperationExample;
};

export const TAGS = {
  queue: 'Tickets and the queue: issuing, looking up, the snapshot',
  windows: 'Windows and clerks: calling, serving, signing in',
  appointments: 'Appointments and offline number leases',
  terminals: 'Terminals reporting their devices',
  filing: '自助申报 · 预登记 · 一码查询: guides, pages, filings, 我的材料',
  manager: 'The hall manager: live figures, forecast, quotas, reports, the security log',
} as const;
export type Tag = keyof typeof TAGS;

/** Keeps each entry's literal types (its schemas, method, roles) so handlers and clients infer from them. */
export const defineContract = <const C extends Record<string, OperationSpec>>(contract: C): C => contract;

/**
 * Every path parameter by its name, with the one schema it has wherever it
 * appears: `{ticketId}` is a ticket's id in every path. An entry's `params`
 * follow from its path.
 */
const PATH_PARAMS = {
  windowNo: P.WindowParams,
  ticketId: P.TicketParams,
  leaseId: P.LeaseParams,
  serviceCode: P.ServiceParams,
  trackingCode: P.TrackingCodeParams,
  sha256: P.FileParams,
} as const;
type PathParam = keyof typeof PATH_PARAMS;
type ParamsOfPath<Path extends string> = Path extends `${string}{${infer N extends PathParam}}${string}` ? (typeof PATH_PARAMS)[N] : undefined;

function paramsOfPath<Path extends string>(path: Path): ParamsOfPath<Path> {
  const name = /\{(\w+)\}/.exec(path)?.[1];
  if (name !== undefined && !(name in PATH_PARAMS)) throw new TypeError(`${path}: {${name}} is not a path parameter the contract knows`);
  return (name === undefined ? undefined : PATH_PARAMS[name as PathParam]) as ParamsOfPath<Path>;
}

/** An entry as a tag's routes take it: all but the method, path and tag, which the route gives, and the params, which follow from the path. */
export type OperationDetails = Omit<OperationSpec, 'method' | 'path' | 'tag' | 'params'>;

/** What a route makes of its path and details: the entry, with the path's params. */
type RoutedEntry<T extends Tag, M extends Method, Path extends string, D> = { method: M; path: string; tag: T; params: ParamsOfPath<Path> } & D;
type Route<T extends Tag, M extends Method> = <const Path extends string, const D extends OperationDetails>(
  path: Path,
  details: D,
) => RoutedEntry<T, M, Path, D>;

/**
 * The entries of one tag, each begun by its method and path as a router
 * reads: `windows.post('/windows/{windowNo}/recall', { summary, roles, … })`.
 */
export function routesOf<const T extends Tag>(tag: T): { get: Route<T, 'GET'>; post: Route<T, 'POST'>; patch: Route<T, 'PATCH'>; put: Route<T, 'PUT'> } {
  const route =
    <M extends Method>(method: M): Route<T, M> =>
    <const Path extends string, const D extends OperationDetails>(path: Path, details: D) => ({ method, path, tag, params: paramsOfPath(path), ...details });
  return { get: route('GET'), post: route('POST'), patch: route('PATCH'), put: route('PUT') };
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler reads: params, query and body as the schemas parsed them. */
export type ParamsOf<O extends OperationSpec> = Out<O['params']>;
export type QueryOf<O extends OperationSpec> = Out<O['query']>;
export type BodyOf<O extends OperationSpec> = Out<O['body']>;

/** What a client sends: the schemas' input side (a windowNo may be a number; the server coerces it). */
export type ParamsIn<O extends OperationSpec> = In<O['params']>;
export type QueryIn<O extends OperationSpec> = In<O['query']>;
export type BodyIn<O extends OperationSpec> = In<O['body']>;

type SuccessStatus<O extends OperationSpec> = Extract<keyof O['responses'], 200 | 201 | 202 | 204>;
/**
 * A response with a schema answers its shape; with only raw types, bytes; with neither, nothing. A response
 * with both (a report as JSON or, by its query, a file) answers its shape through `call` and bytes through `file`.
 */
type AnswerOfResponse<R> = R extends { schema: infer S extends z.ZodType } ? z.output<S> : R extends { raw: readonly string[] } ? RawAnswer : undefined;

/** A raw answer (a filing page): its bytes and type. */
export type RawAnswer = { contentType: string; bytes: Uint8Array };

/** What a successful call answers: the union of the operation's 2xx bodies (undefined for 204). */
export type AnswerOf<O extends OperationSpec> = { [S in SuccessStatus<O>]: AnswerOfResponse<O['responses'][S]> }[SuccessStatus<O>];
