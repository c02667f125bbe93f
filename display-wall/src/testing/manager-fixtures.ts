/** Manager payloads and a scriptable manager's hall for the manager wall's tests. */
import type { HallClient } from '@hall/server/client';
import type { BodyIn, Contract } from '@hall/server/contract';
import type { ManagerForecast, ManagerLive, TerminalStatus } from '@hall/server/protocol';
import { window3 } from './fixtures.ts';
import { fakeHallClient } from './hall-client.ts';

const hours = (at: Record<number, number>) => Array.from({ length: 24 }, (_, h) => at[h] ?? 0);

export function managerLive(overrides: Partial<ManagerLive> = {}): ManagerLive {
  return {
    at: '2025-03-03T02:00:00.000Z',
    day: '2025-03-03',
    seq: 10,
    totals: { waiting: 4, issued: 10, served: 5, windowsOpen: 1 },
    services: [
      {
        code: 'CRJ-001',
        name: { 'zh-CN': '普通护照签发', en: 'Passport' },
        waiting: 4,
        longestWaitS: 300,
        avgWaitS: 240,
        avgServiceS: 420,
        issued: 9,
        served: 5,
        noShow: 0,
        windowsOpen: 1,
        slaWaitMinutes: 30,
        overSla: false,
      },
      {
        code: 'CRJ-002',
        name: { 'zh-CN': '往来港澳通行证签发', en: 'HK/Macao permit' },
        waiting: 0,
        longestWaitS: 0,
        avgWaitS: 0,
        avgServiceS: 0,
        issued: 1,
        served: 0,
        noShow: 0,
        windowsOpen: 1,
        slaWaitMinutes: 30,
        overSla: false,
      },
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

type WindowChange = BodyIn<Contract['updateWindow']>;

export type FakeManagerHall = HallClient & {
  changes: { windowNo: number; change: WindowChange }[];
  quotas: { code: string; quota: number | null }[];
  /** Thrown by the next controls in turn (a refusal, or the hall out of reach); once they are used up, controls go through. */
  next: Error[];
};

/** A hall with the manager's live figures that records the controls sent to it. */
export function fakeManagerHall(): FakeManagerHall {
  const changes: FakeManagerHall['changes'] = [];
  const quotas: FakeManagerHall['quotas'] = [];
  const next: Error[] = [];
  const client = fakeHallClient({
    listServices: () => ({ services: [] }),
    listTerminals: () => ({ terminals: [] }),
    getUpstreamStatus: () => ({ configured: false }),
    getManagerLive: () => managerLive(),
    getManagerForecast: () => forecast(),
    listAudit: () => ({ entries: [] }),
    updateWindow({ params, body = {} }) {
      changes.push({ windowNo: Number(params.windowNo), change: body });
      const refusal = next.shift();
      if (refusal) throw refusal;
      return window3();
    },
    updateServiceQuota({ params, body = {} }) {
      quotas.push({ code: params.serviceCode, quota: body.dailyQuota ?? null });
      const refusal = next.shift();
      if (refusal) throw refusal;
      return { code: params.serviceCode, ...(body.dailyQuota == null ? {} : { dailyQuota: body.dailyQuota }), slotQuotas: [], issuedToday: 0 };
    },
  });
  return { ...client, changes, quotas, next };
}
