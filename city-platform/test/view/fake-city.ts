/**
 * Fakes of the ports the HTTP side reads (ports.ts): a city of four halls as
 * the store would present it, on a clock the test holds. One hall is offline
 * since two hours, one is over its SLA with printers out of paper, one has no
 * rating yet today. The fakes count their reads, so tests can see caching,
 * and a test changes a hall and tells the live side through `FakeChanges`.
 */
import type {
  CityChanges,
  CityReadModel,
  DeviceAlarm,
  HallDetail,
  HallOverview,
  HallServiceLoad,
  HourlyPoint,
  OperatorTokens,
  RatingRow,
  ShortestRow,
} from '../../src/ports.ts';

/** 10:30 in Hangzhou (UTC+8) on a working day. */
export const CITY_NOW = Date.parse('2025-03-12T02:30:00Z');

export const SERVICES = {
  passport: { code: '330106-CRJ-001', name: '普通护照签发' },
  residence: { code: '330106-GA-017', name: '居住证办理' },
  business: { code: '330106-SC-003', name: '企业设立登记' },
  pension: { code: '330106-RS-021', name: '养老保险关系转移' },
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const minutesAgo = (m: number) => iso(CITY_NOW - m * 60_000);

function service(
  s: { code: string; name: string },
  waiting: number,
  longestWaitS: number,
  estimatedWaitMinutes: number,
  issued: number,
  served: number,
  windowsOpen: number,
): HallServiceLoad {
  return { ...s, waiting, longestWaitS, estimatedWaitMinutes, issued, served, windowsOpen };
}

/** Today's hours from 07:00 local (23:00Z the day before), when the halls open, to the current one. */
function hours(issued: number[], served: number[], peak: number[]): HourlyPoint[] {
  return issued.map((n, i) => ({ hour: iso(Date.parse('2025-03-11T23:00:00Z') + i * 3_600_000), issued: n, served: served[i]!, peakWaiting: peak[i]! }));
}

type HallRecord = { detail: HallDetail };

function westLake(): HallRecord {
  const services = [
    service(SERVICES.passport, 14, 1260, 18, 160, 141, 3),
    service(SERVICES.residence, 7, 720, 9, 180, 166, 3),
    service(SERVICES.business, 2, 240, 4, 72, 64, 2),
  ];
  return {
    detail: {
      hall: {
        hallId: '330106-ZWFW-01',
        name: '西湖区政务服务中心',
        online: true,
        waiting: 23,
        longestWaitS: 1260,
        windowsOpen: 8,
        issuedToday: 412,
        servedToday: 371,
        goodRatingRate: 0.94,
        reportedAt: minutesAgo(0.5),
        slaState: 'warn',
        deviceAlarms: 0,
      },
      services,
      hourly: hours([96, 138, 121, 57], [80, 126, 115, 50], [21, 34, 29, 23]),
      alarms: [],
    },
  };
}

function upperCity(): HallRecord {
  const alarms: DeviceAlarm[] = [
    { terminal: 'kiosk-3', device: 'printer', state: 'error', code: 'PAPER_OUT', since: minutesAgo(25) },
    { terminal: 'kiosk-5', device: 'idcard', state: 'offline', code: 'DISCONNECTED', since: minutesAgo(70) },
  ];
  return {
    detail: {
      hall: {
        hallId: '330102-ZWFW-01',
        name: '上城区市民之家',
        online: true,
        waiting: 57,
        longestWaitS: 3120,
        windowsOpen: 6,
        issuedToday: 530,
        servedToday: 455,
        goodRatingRate: 0.71,
        reportedAt: minutesAgo(1),
        slaState: 'breach',
        deviceAlarms: 2,
      },
      services: [
        service(SERVICES.passport, 31, 3120, 46, 210, 171, 2),
        service(SERVICES.residence, 19, 1900, 27, 190, 168, 2),
        service(SERVICES.pension, 7, 900, 12, 130, 116, 2),
      ],
      hourly: hours([120, 170, 160, 80], [95, 140, 150, 70], [38, 52, 61, 57]),
      alarms,
    },
  };
}

function gongshu(): HallRecord {
  return {
    detail: {
      hall: {
        hallId: '330105-ZWFW-01',
        name: '拱墅区行政服务中心',
        online: false,
        waiting: 4,
        longestWaitS: 420,
        windowsOpen: 3,
        issuedToday: 88,
        servedToday: 81,
        goodRatingRate: 0.9,
        reportedAt: minutesAgo(120),
        slaState: 'ok',
        deviceAlarms: 1,
      },
      services: [service(SERVICES.passport, 3, 420, 6, 50, 46, 2), service(SERVICES.business, 1, 120, 3, 38, 35, 1)],
      hourly: hours([40, 48], [36, 45], [9, 6]),
      alarms: [{ terminal: 'kiosk-1', device: 'scanner', state: 'error', code: 'COVER_OPEN', since: minutesAgo(130) }],
    },
  };
}

function binjiang(): HallRecord {
  return {
    detail: {
      hall: {
        hallId: '330108-ZWFW-01',
        name: '滨江区政务服务中心',
        online: true,
        waiting: 6,
        longestWaitS: 300,
        windowsOpen: 5,
        issuedToday: 64,
        servedToday: 58,
        goodRatingRate: null,
        reportedAt: minutesAgo(0.2),
        slaState: 'ok',
        deviceAlarms: 0,
      },
      services: [service(SERVICES.passport, 4, 300, 5, 30, 27, 2), service(SERVICES.residence, 2, 180, 3, 34, 31, 3)],
      hourly: hours([12, 20, 22, 10], [10, 18, 21, 9], [5, 7, 8, 6]),
      alarms: [],
    },
  };
}

const BAD_RATINGS: RatingRow[] = [
  { hallId: '330102-ZWFW-01', at: minutesAgo(4), serviceCode: SERVICES.passport.code, windowNo: 7, level: 1, reason: '等候时间太长，窗口只开了两个' },
  { hallId: '330106-ZWFW-01', at: minutesAgo(12), serviceCode: SERVICES.residence.code, windowNo: 3, level: 2, reason: '材料要求没有提前说明' },
  { hallId: '330102-ZWFW-01', at: minutesAgo(40), serviceCode: SERVICES.pension.code, level: 2 },
];

export type ReadCounts = { halls: number; hall: number; badRatings: number; shortest: number; services: number };

export class FakeReadModel implements CityReadModel {
  readonly calls: ReadCounts = { halls: 0, hall: 0, badRatings: 0, shortest: 0, services: 0 };
  /** Makes every read fail, as a store that lost its database would. */
  failing = false;
  readonly #halls = new Map<string, HallRecord>([westLake(), upperCity(), gongshu(), binjiang()].map((h) => [h.detail.hall.hallId, h]));

  /** Changes a hall's overview figures, as a new report would. */
  update(hallId: string, change: Partial<HallOverview>): void {
    const record = this.#halls.get(hallId);
    if (!record) throw new Error(`no hall ${hallId} in the fake city`);
    record.detail = { ...record.detail, hall: { ...record.detail.hall, ...change } };
  }

  overview(hallId: string): HallOverview {
    return structuredClone(this.#halls.get(hallId)!.detail.hall);
  }

  #check(): void {
    if (this.failing) throw new Error('connection to the store lost (select * from hall_overview)');
  }

  async halls(): Promise<HallOverview[]> {
    this.calls.halls++;
    this.#check();
    return [...this.#halls.values()].map((h) => structuredClone(h.detail.hall));
  }

  async hall(hallId: string): Promise<HallDetail | undefined> {
    this.calls.hall++;
    this.#check();
    const record = this.#halls.get(hallId);
    return record ? structuredClone(record.detail) : undefined;
  }

  async badRatings(options: { limit: number; hallId?: string }): Promise<RatingRow[]> {
    this.calls.badRatings++;
    this.#check();
    return BAD_RATINGS.filter((r) => options.hallId === undefined || r.hallId === options.hallId).slice(0, options.limit);
  }

  async shortest(serviceCode: string): Promise<ShortestRow[]> {
    this.calls.shortest++;
    this.#check();
    const rows: ShortestRow[] = [];
    for (const { detail } of this.#halls.values()) {
      const s = detail.services.find((x) => x.code === serviceCode);
      if (!s || !detail.hall.online) continue;
      rows.push({
        hallId: detail.hall.hallId,
        name: detail.hall.name,
        waiting: s.waiting,
        estimatedWaitMinutes: s.estimatedWaitMinutes,
        windowsOpen: s.windowsOpen,
      });
    }
    return rows.sort((a, b) => a.estimatedWaitMinutes - b.estimatedWaitMinutes);
  }

  async services(): Promise<{ code: string; name: string }[]> {
    this.calls.services++;
    this.#check();
    const all = new Map<string, string>();
    for (const { detail } of this.#halls.values()) for (const s of detail.services) all.set(s.code, s.name);
    return [...all].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  }
}

export class FakeChanges implements CityChanges {
  readonly #listeners = new Set<(hallIds: string[]) => void>();
  subscribe(listener: (hallIds: string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(hallIds: string[]): void {
    for (const l of this.#listeners) l(hallIds);
  }
  get listeners(): number {
    return this.#listeners.size;
  }
}

export const OPERATOR_TOKEN = 'op-7f3c9a1e5b2d4c6e8a0b1c2d3e4f5a6b';

export class FakeOperators implements OperatorTokens {
  readonly #tokens = new Map([[OPERATOR_TOKEN, { name: 'duty-officer-1' }]]);
  async verify(token: string): Promise<{ name: string } | undefined> {
    return this.#tokens.get(token);
  }
}

/** A clock the test moves. */
export function testClock(start = CITY_NOW) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}
