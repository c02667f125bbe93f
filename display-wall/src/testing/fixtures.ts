/** Hall payloads and a scriptable connection for store and component tests. */
import type { QueueSnapshot, ServerToClientEvents, TicketCalledEvent, Window } from '@hall/server/protocol';
import type { HallLink } from '../shared/link.ts';

export function window3(overrides: Partial<Window> = {}): Window {
  return {
    no: 3,
    name: '3号窗口 出入境',
    state: 'open',
    clerk: { staffNo: '0301', name: '王芳', photoUrl: '/photos/0301.jpg' },
    services: [
      { code: 'CRJ-001', weight: 1 },
      { code: 'CRJ-002', weight: 1 },
    ],
    ...overrides,
  };
}

export function snapshot(seq: number, overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    seq,
    at: '2025-03-03T02:00:00.000Z',
    day: '2025-03-03',
    hall: {
      id: 'H1',
      name: { 'zh-CN': '西湖区政务服务中心', en: 'Xihu Service Center' },
      timeZone: 'Asia/Shanghai',
      ratingReasons: [
        { 'zh-CN': '等候时间太长', en: 'Waited too long' },
        { 'zh-CN': '工作人员态度不好', en: 'Staff were unfriendly' },
      ],
    } as QueueSnapshot['hall'],
    services: [
      { code: 'CRJ-001', waiting: 4, longestWaitS: 300, estimatedWaitMinutes: 12, windowsOpen: 1, issuedToday: 9 },
      { code: 'CRJ-002', waiting: 0, longestWaitS: 0, estimatedWaitMinutes: 0, windowsOpen: 1, issuedToday: 1 },
      { code: 'HY-001', waiting: 0, longestWaitS: 0, estimatedWaitMinutes: 0, windowsOpen: 0, issuedToday: 0 },
    ],
    windows: [window3()],
    recentCalls: [],
    ...overrides,
  };
}

export function called(seq: number, number: string, windowNo = 3, overrides: Partial<TicketCalledEvent> = {}): TicketCalledEvent {
  return {
    ticketId: `t-${number}`,
    number,
    windowNo,
    windowName: `${windowNo}号窗口`,
    serviceCode: 'CRJ-001',
    calledAt: `2025-03-03T02:0${seq % 10}:00.000Z`,
    recall: false,
    recallCount: 0,
    waiting: 3,
    seq,
    ...overrides,
  };
}

export type FakeLink = HallLink & {
  emit<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void;
  connection(state: { online: boolean; error?: string }): void;
  snapshotRequests: number;
  /** What the next requested snapshot answers with. */
  nextSnapshot: QueueSnapshot | undefined;
};

export function fakeLink(): FakeLink {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const connection: ((s: { online: boolean; error?: string }) => void)[] = [];
  const link: FakeLink = {
    snapshotRequests: 0,
    nextSnapshot: undefined,
    on: (event, listener) => void listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]),
    onConnection: (l) => void connection.push(l),
    requestSnapshot() {
      link.snapshotRequests++;
      return link.nextSnapshot ? Promise.resolve(link.nextSnapshot) : Promise.reject(new Error('no snapshot scripted'));
    },
    emit: (event, payload) => (listeners.get(event) ?? []).forEach((l) => l(payload)),
    connection: (s) => connection.forEach((l) => l(s)),
  };
  return link;
}
