/**
 * The one client of the city platform's API, derived from its routes and
 * typed by its contract: the city view, the phone page and the tests call the
 * platform through it, by operation id. It imports the contract's types only,
 * so a page that uses it carries no schema.
 *
 * A call fails in one of two ways: the platform answered with a refusal
 * (`CityRefusal`, with the contract's code and Retry-After), or it could not
 * be reached (`CityUnreachableError`). Words for people are chosen by the page.
 */
import type { AnswerOf, ErrorCode, ParamsIn, QueryIn } from './contract.ts';
import { API_PREFIX, ROUTES, type OperationId } from './routes.ts';

export class CityRefusal extends Error {
  readonly status: number;
  /** The contract's code; `HTTP_<status>` when something in between (a proxy) answered without one. */
  readonly code: ErrorCode | `HTTP_${number}`;
  /** From Retry-After, in whole seconds. */
  readonly retryAfterS?: number;
  constructor(status: number, code: CityRefusal['code'], message: string, retryAfterS?: number) {
    super(`${code}: ${message}`);
    this.name = 'CityRefusal';
    this.status = status;
    this.code = code;
    if (retryAfterS !== undefined) this.retryAfterS = retryAfterS;
  }
}

export class CityUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CityUnreachableError';
  }
}

type None = Record<never, never>;
type Part<T, K extends string> = [T] extends [undefined] ? None : None extends T ? { [P in K]?: T } : { [P in K]: T };
export type CallInput<K extends OperationId> = Part<ParamsIn<K>, 'params'> & Part<QueryIn<K>, 'query'>;
export type CallArgs<K extends OperationId> = None extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

export type CityClientOptions = {
  /** The platform's origin; '' for the page's own. */
  baseUrl: string;
  /** The operator's token (none for the public operations), or where to read it at each call. */
  token?: string | (() => string | undefined);
  fetch?: typeof fetch;
  /** Per-call time limit, ms (default 10 000). */
  timeoutMs?: number;
};

export type CityClient = {
  call<K extends OperationId>(operationId: K, ...args: CallArgs<K>): Promise<AnswerOf<K>>;
};

/** The path of an operation with its parameters filled in, and its query: `/api/v1/halls/330106-ZWFW-01`. */
export function urlOf(operationId: OperationId, input: { params?: Record<string, unknown>; query?: Record<string, unknown> } = {}): string {
  const route = ROUTES[operationId];
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new TypeError(`${route.path} needs ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = Object.entries(input.query ?? {}).filter(([, v]) => v !== undefined);
  const search = query.length ? `?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
  return `${API_PREFIX}${path}${search}`;
}

function retryAfterOf(res: Response): number | undefined {
  const raw = res.headers.get('retry-after')?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function createCityClient(options: CityClientOptions): CityClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const tokenNow = typeof options.token === 'function' ? options.token : () => options.token as string | undefined;

  async function call(operationId: OperationId, input: { params?: Record<string, unknown>; query?: Record<string, unknown> } = {}): Promise<unknown> {
    const route = ROUTES[operationId];
    const token = route.access === 'operator' ? tokenNow() : undefined;
    let res: Response;
    try {
      res = await send(`${base}${urlOf(operationId, input)}`, {
        method: route.method,
        // The public operations never carry the token: a shared cache must not see one.
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new CityUnreachableError(`${route.method} ${route.path}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const e = (body as { error?: { code?: ErrorCode; message?: string } } | undefined)?.error;
      throw new CityRefusal(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, retryAfterOf(res));
    }
    return body;
  }

  return { call: call as CityClient['call'] };
}
