/**
 * The few HTTP operations display pages use, on the page's own origin with
 * the display token.
 */
import type { ErrorBody } from '@hall/server/protocol';

export type ServiceName = { code: string; name: { 'zh-CN': string; en: string }; prefix: string };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; status?: number; details?: Record<string, unknown> };
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<ApiResult<T>>;

export type DisplayApi = {
  listServices(): Promise<ApiResult<ServiceName[]>>;
  rateTicket(ticketId: string, level: number, reason?: string): Promise<ApiResult<unknown>>;
};

/** `call(method, path, body)` against `/api/v1` with the page's token; errors come back as the hall's code, message and details. */
export function createCaller(token: string | undefined, base = '', fetcher: typeof fetch = (...a) => fetch(...a)): ApiCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> => {
    try {
      const res = await fetcher(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = text ? (JSON.parse(text) as unknown) : undefined;
      if (res.ok) return { ok: true, data: json as T };
      const error = (json as ErrorBody | undefined)?.error;
      return { ok: false, code: error?.code ?? `HTTP_${res.status}`, message: error?.message ?? res.statusText, status: res.status, details: error?.details };
    } catch (err) {
      return { ok: false, code: 'NETWORK', message: (err as Error).message };
    }
  };
}

export function createDisplayApi(token: string | undefined, base = '', fetcher: typeof fetch = (...a) => fetch(...a)): DisplayApi {
  const call = createCaller(token, base, fetcher);
  return {
    async listServices() {
      const r = await call<{ services: ServiceName[] }>('GET', '/services');
      return r.ok ? { ok: true, data: r.data.services.map((s) => ({ code: s.code, name: s.name, prefix: s.prefix })) } : r;
    },
    rateTicket: (ticketId, level, reason) =>
      call('POST', `/tickets/${encodeURIComponent(ticketId)}/rating`, reason === undefined ? { level } : { level, reason }),
  };
}
