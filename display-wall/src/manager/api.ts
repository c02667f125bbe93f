/**
 * The HTTP operations of the manager's wall, with the manager token: the
 * live figures, terminals, upstream, window and quota controls, the audit
 * log and the reports. Every answer is an `ApiResult`, never a throw.
 */
import type { AuditEntry, ManagerForecast, ManagerLive, ServiceQuota, TerminalStatus, UpstreamStatus, Window } from '@hall/server/protocol';
import { createCaller, type ApiCall, type ApiResult, type ServiceName } from '../shared/api.ts';

/** `GET /stats`: today's figures, the fallback while the hall has no `/manager/live`. */
export type StatsToday = {
  from: string;
  to: string;
  issued: number;
  served: number;
  avgWaitS: number;
  avgServiceS: number;
  byService: { code: string; issued: number; served: number; noShow: number; avgWaitS: number; avgServiceS: number }[];
  ratings: { count: number; average: number; byLevel: Record<string, number> };
};

export type WindowChange = {
  state?: 'open' | 'paused' | 'closed';
  pauseReason?: string;
  services?: { code: string; weight: number }[];
  /** Resent after a 409 `LAST_WINDOW_FOR_SERVICE`: the manager knows, do it anyway. */
  confirm?: true;
};

export type ManagerApi = {
  listServices(): Promise<ApiResult<ServiceName[]>>;
  listWindows(): Promise<ApiResult<Window[]>>;
  listTerminals(): Promise<ApiResult<TerminalStatus[]>>;
  getUpstream(): Promise<ApiResult<{ configured: boolean; status?: UpstreamStatus }>>;
  getStats(from?: string, to?: string): Promise<ApiResult<StatsToday>>;
  getLive(): Promise<ApiResult<ManagerLive>>;
  getForecast(): Promise<ApiResult<ManagerForecast>>;
  listAudit(from?: string, to?: string): Promise<ApiResult<AuditEntry[]>>;
  updateWindow(windowNo: number, change: WindowChange): Promise<ApiResult<Window>>;
  /** `null` removes the quota. */
  setQuota(serviceCode: string, dailyQuota: number | null): Promise<ApiResult<ServiceQuota>>;
  /** A report as a file: the hall wants the token in a header, so the page fetches it and hands the browser a blob. */
  fetchReport(from: string, to: string, format: 'csv' | 'html'): Promise<ApiResult<Blob>>;
  reportPath(from: string, to: string, format: 'csv' | 'html'): string;
};

export function createManagerApi(token: string | undefined, base = '', fetcher: typeof fetch = (...a) => fetch(...a)): ManagerApi {
  const call: ApiCall = createCaller(token, base, fetcher);
  const list = <T>(r: ApiResult<Record<string, T[]>>, key: string): ApiResult<T[]> => (r.ok ? { ok: true, data: r.data[key] ?? [] } : r);
  const reportPath = (from: string, to: string, format: 'csv' | 'html') =>
    `/reports?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&format=${format}`;
  return {
    async listServices() {
      const r = await call<{ services: ServiceName[] }>('GET', '/services');
      return r.ok ? { ok: true, data: r.data.services.map((s) => ({ code: s.code, name: s.name, prefix: s.prefix })) } : r;
    },
    listWindows: async () => list(await call<Record<string, Window[]>>('GET', '/windows'), 'windows'),
    listTerminals: async () => list(await call<Record<string, TerminalStatus[]>>('GET', '/terminals'), 'terminals'),
    getUpstream: () => call('GET', '/upstream'),
    getStats: (from, to) => call('GET', `/stats${from ? `?from=${from}${to ? `&to=${to}` : ''}` : ''}`),
    getLive: () => call('GET', '/manager/live'),
    getForecast: () => call('GET', '/manager/forecast'),
    async listAudit(from, to) {
      const q = from ? `?from=${from}${to ? `&to=${to}` : ''}` : '';
      return list(await call<Record<string, AuditEntry[]>>('GET', `/audit${q}`), 'entries');
    },
    updateWindow: (windowNo, change) => call('PATCH', `/windows/${windowNo}`, change),
    setQuota: (serviceCode, dailyQuota) => call('PATCH', `/services/${encodeURIComponent(serviceCode)}/quota`, { dailyQuota }),
    async fetchReport(from, to, format) {
      try {
        const res = await fetcher(`${base}/api/v1${reportPath(from, to, format)}`, { headers: { authorization: `Bearer ${token ?? ''}` } });
        if (res.ok) return { ok: true, data: await res.blob() };
        const text = await res.text();
        let error: { code?: string; message?: string } | undefined;
        try {
          error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        } catch {
          error = undefined;
        }
        return { ok: false, code: error?.code ?? `HTTP_${res.status}`, message: error?.message ?? res.statusText, status: res.status };
      } catch (err) {
        return { ok: false, code: 'NETWORK', message: (err as Error).message };
      }
    },
    reportPath,
  };
}
