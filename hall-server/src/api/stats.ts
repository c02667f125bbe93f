/** Day-range figures for getStats, read from the store (today included: it is all committed). */
import { notFound } from '../domain/errors.ts';
import type { HallState, Ticket } from '../domain/model.ts';
import type { HallStore } from '../store/hall-store.ts';

type Acc = { issued: number; served: number; noShow: number; cancelled: number; wait: number[]; service: number[] };
const acc = (): Acc => ({ issued: 0, served: 0, noShow: 0, cancelled: 0, wait: [], service: [] });
const avgS = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length / 1000) : 0);

function count(a: Acc, t: Ticket): void {
  // A transfer closes one ticket and opens another with the same number: count the visitor once.
  if (!t.transferredFrom) a.issued++;
  if (t.status === 'finished') a.served++;
  if (t.status === 'no-show') a.noShow++;
  if (t.status === 'cancelled') a.cancelled++;
  if (!t.transferredFrom && t.firstCalledAt !== undefined) a.wait.push(t.firstCalledAt - t.issuedAt);
  if (t.finishedAt !== undefined) a.service.push(t.finishedAt - (t.servingAt ?? t.calledAt ?? t.finishedAt));
}

export function statsFor(store: HallStore, from: string, to: string) {
  const total = acc();
  const byService = new Map<string, Acc>();
  for (const t of store.ticketsOfDays(from, to)) {
    count(total, t);
    let s = byService.get(t.serviceCode);
    if (!s) byService.set(t.serviceCode, (s = acc()));
    count(s, t);
  }
  const ratings = store.ratingsOfDays(from, to);
  const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const r of ratings) byLevel[String(r.level)]!++;
  return {
    from,
    to,
    issued: total.issued,
    served: total.served,
    noShow: total.noShow,
    cancelled: total.cancelled,
    avgWaitS: avgS(total.wait),
    avgServiceS: avgS(total.service),
    byService: [...byService].map(([code, s]) => ({
      code,
      issued: s.issued,
      served: s.served,
      noShow: s.noShow,
      avgWaitS: avgS(s.wait),
      avgServiceS: avgS(s.service),
    })),
    ratings: {
      count: ratings.length,
      average: ratings.length ? Math.round((ratings.reduce((a, r) => a + r.level, 0) / ratings.length) * 100) / 100 : 0,
      byLevel,
    },
  };
}

/** A window's own figures for today, for the clerk's console. */
export function windowSummary(state: HallState, windowNo: number, store: HallStore) {
  const window = state.windows.get(windowNo);
  if (!window) throw notFound('WINDOW_NOT_FOUND', `no window ${windowNo}`);
  const day = state.counters.day;
  let served = 0;
  let noShow = 0;
  let transferred = 0;
  const service: number[] = [];
  for (const t of state.tickets.values()) {
    if (t.day !== day || t.windowNo !== windowNo) continue;
    if (t.status === 'finished') {
      served++;
      service.push(t.finishedAt! - (t.servingAt ?? t.calledAt ?? t.finishedAt!));
    } else if (t.status === 'no-show') noShow++;
    else if (t.status === 'transferred') transferred++;
  }
  const ratings = store.ratingsOfDays(day, day).filter((r) => r.window_no === windowNo);
  return {
    windowNo,
    day,
    clerk: window.clerk,
    served,
    noShow,
    transferred,
    avgServiceS: avgS(service),
    ratings: {
      count: ratings.length,
      average: ratings.length ? Math.round((ratings.reduce((a, r) => a + r.level, 0) / ratings.length) * 100) / 100 : 0,
    },
    waiting: window.services.map((s) => ({ code: s.code, waiting: state.queues.get(s.code)?.length ?? 0 })),
  };
}
