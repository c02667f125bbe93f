/** Manager payloads and a scriptable manager API for the manager wall's tests. */
import type { ManagerForecast, ManagerLive, TerminalStatus } from '@hall/server/protocol';
import type { ApiResult } from '../shared/api.ts';
import type { ManagerApi, WindowChange } from '../manager/api.ts';

const hours = (at: Record<number, number>) => Array.from({ length: 24 }, (_, h) => at[h] ?? 0);

export function managerLive(overrides: Partial<ManagerLive> = {}): ManagerLive {
  return {
    at: '2025-03-03T02:00:00.000Z',
    day: '2025-03-03',
    seq: 10,
    totals: { waiting: 4, issued: 10, served: 5, windowsOpen: 1 },
    services: [
      { code: 'CRJ-001', name: { 'zh-CN': '普通护照签发', en: 'Passport' }, waiting: 4, longestWaitS: 300, avgWaitS: 240, avgServiceS: 420, issued: 9, served: 5, noShow: 0, windowsOpen: 1, slaWaitMinutes: 30, overSla: false },
      { code: 'CRJ-002', name: { 'zh-CN': '往来港澳通行证签发', en: 'HK/Macao permit' }, waiting: 0, longestWaitS: 0, avgWaitS: 0, avgServiceS: 0, issued: 1, served: 0, noShow: 0, windowsOpen: 1, slaWaitMinutes: 30, overSla: false },
    ],
    windows: [{ no: 3, name: '3号窗口 出入境', state: 'open', services: [{ code: 'CRJ-001', weight: 1 }], servedToday: 5, waiting: 4 }],
    hourly: {
      yesterday: '2025-03-02',
      lastWeek: '2025-02-24',
      issued: { today: hours({ 9: 6, 10: 4 }), yesterday: hours({ 9: 5, 10: 7 }), lastWeek: hours({ 9: 3 }) },
      served: { today: hours({ 9: 3, 10: 2 }), yesterday: hours({ 9: 4 }), lastWeek: hours({ 9: 2 }) },
    },
    ratings: { count: 2, average: 4.5, byLevel: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } },
    alerts: [],
    ...overrides,
  };
}

export function forecast(): ManagerForecast {
  return {
    at: '2025-03-03T02:00:00.000Z',
    day: '2025-03-03',
    model: 'erlang-c',
    historyDays: ['2025-02-24'],
    services: [
      {
        code: 'CRJ-001',
        targetWaitMinutes: 20,
        avgServiceS: 420,
        windowsOpen: 1,
        scale: 1,
        hours: [
          { hour: 10, appointments: 2, history: 10, expectedArrivals: 12, windowsNeeded: 2, expectedWaitS: 300 },
          { hour: 11, appointments: 0, history: 6, expectedArrivals: 6, windowsNeeded: 1, expectedWaitS: 200 },
        ],
      },
    ],
  };
}

export function kiosk(devices: TerminalStatus['devices'] = [], online = true): TerminalStatus {
  return { terminalId: 'k1', name: '取号机 1', role: 'kiosk', online, lastSeen: '2025-03-03T02:00:00.000Z', devices };
}

export const paperOut = { device: 'printer', model: 'SNBC BTP-U60', state: 'error', code: 'PAPER_OUT', since: '2025-03-03T02:01:00.000Z' } as const;
export const paperLow = { device: 'printer', model: 'SNBC BTP-U60', state: 'warning', code: 'PAPER_LOW', since: '2025-03-03T02:00:30.000Z' } as const;

export type FakeManagerApi = ManagerApi & { changes: { windowNo: number; change: WindowChange }[]; quotas: { code: string; quota: number | null }[]; next: ApiResult<unknown>[] };

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });

/** Answers with the scripted results in `next` (then 200), and records what was sent. */
export function fakeManagerApi(): FakeManagerApi {
  const api: FakeManagerApi = {
    changes: [],
    quotas: [],
    next: [],
    listServices: () => ok([]),
    listWindows: () => ok([]),
    listTerminals: () => ok([]),
    getUpstream: () => ok({ configured: false }),
    getStats: () => Promise.resolve({ ok: false, code: 'NOT_FOUND', message: '', status: 404 }),
    getLive: () => ok(managerLive()),
    getForecast: () => ok(forecast()),
    listAudit: () => ok([]),
    updateWindow(windowNo, change) {
      api.changes.push({ windowNo, change });
      return Promise.resolve((api.next.shift() ?? { ok: true, data: {} }) as never);
    },
    setQuota(code, quota) {
      api.quotas.push({ code, quota });
      return Promise.resolve((api.next.shift() ?? { ok: true, data: {} }) as never);
    },
    fetchReport: () => ok(new Blob(['a,b'])),
    reportPath: (from, to, format) => `/reports?from=${from}&to=${to}&format=${format}`,
  };
  return api;
}
