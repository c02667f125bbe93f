/**
 * The one client of the hall's HTTP contract, derived from it: every
 * operation by its id, with the contract's types for what goes in and what
 * comes back. The device agent, the display and manager walls, the tests and
 * the benchmarks all call the hall through it.
 *
 * Two ways a call fails, and only two: the hall answered with a refusal
 * (`HallRefusal`, with the contract's code, details and Retry-After), or the
 * hall could not be reached at all (`HallUnreachableError`: refused, reset,
 * timed out). Nothing is translated here; what a refusal means to a person
 * is decided where it is shown.
 */
import type { z } from 'zod';
import type { AnswerOf, BodyIn, OperationSpec, ParamsIn, QueryIn, RawAnswer } from './define.ts';
import type { ErrorCode } from './errors.ts';
import { contract, type Contract, type OperationId } from './index.ts';

export class HallRefusal extends Error {
  readonly status: number;
  /** The contract's code; `HTTP_<status>` when something in between answered without one (a proxy). */
  readonly code: ErrorCode | `HTTP_${number}`;
  readonly details?: Record<string, unknown>;
  /** From Retry-After: whole seconds until trying again is worth it (lockouts, rate limits). */
  readonly retryAfterS?: number;
  constructor(status: number, code: HallRefusal['code'], message: string, details?: Record<string, unknown>, retryAfterS?: number) {
    super(`${code}: ${message}`);
    this.name = 'HallRefusal';
    this.status = status;
    this.code = code;
    if (details) this.details = details;
    if (retryAfterS !== undefined) this.retryAfterS = retryAfterS;
  }
}

export class HallUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HallUnreachableError';
  }
}

/** Nothing to send: an empty object type, for the parts an operation does not take. */
type None = Record<never, never>;

type Optional<T, K extends string> = [T] extends [undefined] ? None : None extends T ? { [P in K]?: T } : { [P in K]: T };

/** What one call sends: the operation's params, query and body as the contract types them, and how to send it. */
export type CallInput<O extends OperationSpec> = Optional<ParamsIn<O>, 'params'> &
  Optional<QueryIn<O>, 'query'> &
  Optional<BodyIn<O>, 'body'> &
  (O['rawBody'] extends object ? { raw: { contentType: string; bytes: Uint8Array } } : None) & {
    /** Sent as Idempotency-Key: a retry with the same key gets the first answer. */
    idempotencyKey?: string;
    /** This call's time limit, ms (the client's default otherwise). */
    timeoutMs?: number;
  };

/** A call's arguments: the input, which may be left out when the operation takes nothing it requires. */
export type CallArgs<O extends OperationSpec> = None extends CallInput<O> ? [input?: CallInput<O>] : [input: CallInput<O>];

export type HallClientOptions = {
  /** The hall's origin (`https://hall.local:8443`); '' for the page's own origin. */
  baseUrl: string;
  /** The bearer token, or where to read it at each call (a page whose token arrives later). */
  token: string | undefined | (() => string | undefined);
  fetch?: typeof fetch;
  /** Per-call time limit, ms (default 5000). */
  timeoutMs?: number;
  /** Check every answer against the contract's schema (tests): an answer outside it is an error, not data. */
  checkAnswers?: boolean;
  /** Told of every call's outcome as far as reaching the hall goes: an answer (even a refusal), or none. */
  observe?: { answered?: () => void; unreachable?: (error: HallUnreachableError) => void };
};

/** The operations that can answer a file (bytes of a declared type). */
type FileOperation = {
  [K in OperationId]: Contract[K]['responses'] extends Record<number, infer R> ? (R extends { raw: readonly string[] } ? K : never) : never;
}[OperationId];

export type HallClient = {
  call<K extends OperationId>(operationId: K, ...args: CallArgs<Contract[K]>): Promise<AnswerOf<Contract[K]>>;
  /** The same call, for an answer that is a file: a report asked for as CSV or a page, a filing page. */
  file<K extends FileOperation>(operationId: K, ...args: CallArgs<Contract[K]>): Promise<RawAnswer>;
};

function pathOf(op: OperationSpec, params: Record<string, unknown> | undefined): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`${op.path} needs ${name}`);
    return encodeURIComponent(String(value));
  });
}

function queryOf(query: Record<string, unknown> | undefined): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
}

/** Retry-After in whole seconds (the hall sends seconds, never a date); undefined when absent or unreadable. */
function retryAfterOf(res: Response): number | undefined {
  const raw = res.headers.get('retry-after')?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

async function jsonOf(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function createHallClient(options: HallClientOptions): HallClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const tokenNow = typeof options.token === 'function' ? options.token : () => options.token as string | undefined;

  async function call(operationId: OperationId, input: Record<string, unknown> = {}): Promise<unknown> {
    const op: OperationSpec = contract[operationId];
    const path = `/api/v1${pathOf(op, input.params as Record<string, unknown> | undefined)}${queryOf(input.query as Record<string, unknown> | undefined)}`;
    const raw = input.raw as { contentType: string; bytes: Uint8Array } | undefined;
    const token = tokenNow();
    // No token, no header: the hall answers UNAUTHENTICATED either way, and nothing pretends to be a credential.
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let body: string | Uint8Array | undefined;
    if (raw) {
      headers['content-type'] = raw.contentType;
      body = raw.bytes;
    } else if (input.body !== undefined || (op.body && op.method !== 'GET')) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body ?? {});
    }
    if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey as string;
    let res: Response;
    try {
      res = await send(`${base}${path}`, {
        method: op.method,
        headers,
        ...(body === undefined ? {} : { body: body as NonNullable<RequestInit['body']> }),
        signal: AbortSignal.timeout((input.timeoutMs as number | undefined) ?? options.timeoutMs ?? 5000),
      });
    } catch (err) {
      const unreachable = new HallUnreachableError(`${op.method} ${op.path}: ${(err as Error).message}`, { cause: err });
      options.observe?.unreachable?.(unreachable);
      throw unreachable;
    }
    options.observe?.answered?.();
    const spec = op.responses[res.status];
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    // A 2xx that is not JSON is one of the answer's declared raw types (a page, a report file), or outside the contract.
    if (res.ok && type && type !== 'application/json') {
      if (!spec?.raw?.includes(type)) throw new Error(`${operationId} answered ${res.status} as ${type}, which the contract does not list`);
      const answer: RawAnswer = { contentType: type, bytes: new Uint8Array(await res.arrayBuffer()) };
      return answer;
    }
    const parsed = await jsonOf(res);
    if (!res.ok) {
      const e = (parsed as { error?: { code?: ErrorCode; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new HallRefusal(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details, retryAfterOf(res));
    }
    if (options.checkAnswers) checkAnswer(operationId, res.status, spec, parsed);
    return parsed;
  }

  return clientOf(call as HallClient['call']);
}

/** A client from its `call`: `file` is the same call, holding it to an answer that is bytes. Fakes build theirs this way too. */
export function clientOf(call: HallClient['call']): HallClient {
  const anyCall = call as (operationId: OperationId, input?: Record<string, unknown>) => Promise<unknown>;
  return {
    call,
    file: (async (operationId: OperationId, input?: Record<string, unknown>) => {
      const answer = await anyCall(operationId, input);
      if (!(answer && typeof answer === 'object' && 'bytes' in answer)) throw new Error(`${operationId} answered JSON where a file was asked for`);
      return answer;
    }) as HallClient['file'],
  };
}

function checkAnswer(operationId: string, status: number, spec: OperationSpec['responses'][number] | undefined, body: unknown): void {
  if (!spec) throw new Error(`${operationId} answered ${status}, which the contract does not list`);
  if (!spec.schema) return;
  const result = (spec.schema as z.ZodType).safeParse(body);
  if (!result.success)
    throw new Error(
      `${operationId} answered ${status} outside the contract: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
}
