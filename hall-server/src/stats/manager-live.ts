/**
 * The manager wall's live figures. Everything here is read from what is kept
 * up to date anyway: the engine's queues and windows, LiveFigures for today's
 * counts and hours, and HourlyHistory for past days (read once per day). No
 * request scans the tickets of today or any other day.
 */
import { oldestWaitingSince, openWindowsServing } from '../domain/estimate.ts';
import type { HallState, HallWindow, Ticket } from '../domain/model.ts';
import { currentTicketOf } from '../domain/window-guard.ts';
import type * as P from '../protocol.ts';
import type { DayFigures } from './live.ts';
import { addDays, type HourlyHistory } from './history.ts';

const avgS = (sum: number, count: number) => (count ? Math.round(sum / count / 1000) : 0);

export function slaWaitMinutes(state: HallState, code: string): number {
  const item = state.config.services.find((s) => s.code === code);
  return item?.slaWaitMinutes ?? state.config.rules.maxWaitMinutes;
}

/** Tickets waiting for the services of a window other than `except`. */
function waitingAt(state: HallState, w: HallWindow, except?: string): number {
  let n = 0;
  for (const s of w.services) if (s.code !== except) n += state.queues.get(s.code)?.length ?? 0;
  return n;
}

/**
 * Where a service past its SLA could get help, among the windows that also
 * serve it: an open window with nobody at it first, then the open window
 * with the fewest waiting for its other services (if fewer than this
 * service has waiting), else a paused window to resume, else a closed one to
 * open. The window's own number breaks ties.
 */
export function slaSuggestion(state: HallState, code: string): P.SlaSuggestion | undefined {
  const serving = [...state.windows.values()].filter((w) => w.services.some((s) => s.code === code)).sort((a, b) => a.no - b.no);
  const waiting = state.queues.get(code)?.length ?? 0;
  const pick = (w: HallWindow, reason: P.SlaSuggestion['reason']): P.SlaSuggestion => ({
    action: w.state === 'open' ? 'add-service' : 'open-window',
    windowNo: w.no,
    windowName: w.name,
    windowState: w.state,
    reason,
    waitingAtWindow: waitingAt(state, w, code),
  });
  const byLoad = (a: HallWindow, b: HallWindow) => waitingAt(state, a, code) - waitingAt(state, b, code) || a.no - b.no;
  const open = serving.filter((w) => w.state === 'open');
  const idle = open.filter((w) => !w.currentTicketId).sort(byLoad);
  if (idle.length) return pick(idle[0]!, 'idle');
  const light = open.filter((w) => waitingAt(state, w, code) < waiting).sort(byLoad);
  if (light.length) return pick(light[0]!, 'lightly-loaded');
  const paused = serving.find((w) => w.state === 'paused');
  if (paused) return pick(paused, 'paused');
  const closed = serving.find((w) => w.state === 'closed');
  if (closed) return pick(closed, 'closed');
  return undefined;
}

/** The visitor a window is calling or serving, and for how long, as the manager wall shows them. */
function atTheWindow(ticket: Ticket | undefined, now: number): P.ManagerWindowLive['current'] {
  if (ticket?.status !== 'called' && ticket?.status !== 'serving') return undefined;
  return {
    number: ticket.number,
    serviceCode: ticket.serviceCode,
    status: ticket.status,
    sinceS: Math.round((now - (ticket.servingAt ?? ticket.calledAt ?? now)) / 1000),
  };
}

export type LiveInputs = {
  state: HallState;
  figures: DayFigures;
  history: HourlyHistory;
  seq: number;
  now: number;
};

export function managerLive({ state, figures, history, seq, now }: LiveInputs): P.ManagerLive {
  const day = state.counters.day;
  const services: P.ManagerServiceLive[] = state.config.services.map((item) => {
    const code = item.code;
    const f = figures.day === day ? figures.byService[code] : undefined;
    const waiting = state.queues.get(code)?.length ?? 0;
    const longestWaitS = Math.round((now - oldestWaitingSince(state, code, now)) / 1000);
    const windowsOpen = openWindowsServing(state, code);
    const sla = slaWaitMinutes(state, code);
    const overSla = waiting > 0 && longestWaitS > sla * 60;
    return {
      code,
      name: item.name,
      waiting,
      longestWaitS,
      avgWaitS: f ? avgS(f.waitMsSum, f.waitCount) : 0,
      avgServiceS: f ? avgS(f.serviceMsSum, f.serviceCount) : 0,
      issued: f?.issued ?? 0,
      served: f?.served ?? 0,
      noShow: f?.noShow ?? 0,
      windowsOpen,
      slaWaitMinutes: sla,
      overSla,
      suggestion: overSla ? slaSuggestion(state, code) : undefined,
    };
  });
  const windows: P.ManagerWindowLive[] = [...state.windows.values()]
    .sort((a, b) => a.no - b.no)
    .map((w) => ({
      no: w.no,
      name: w.name,
      state: w.state,
      pauseReason: w.pauseReason,
      clerk: w.clerk ? { staffNo: w.clerk.staffNo, name: w.clerk.name } : undefined,
      current: atTheWindow(currentTicketOf(state, w), now),
      services: w.services.map((s) => ({ code: s.code, weight: s.weight })),
      servedToday: figures.day === day ? (figures.byWindow[String(w.no)]?.served ?? 0) : 0,
      waiting: waitingAt(state, w),
    }));
  const yesterday = history.day(addDays(day, -1));
  const lastWeek = history.day(addDays(day, -7));
  const today = figures.day === day ? figures : undefined;
  const alerts = services
    .filter((s) => s.overSla)
    .sort((a, b) => b.longestWaitS - a.longestWaitS)
    .map((s) => ({ serviceCode: s.code, longestWaitS: s.longestWaitS, slaWaitMinutes: s.slaWaitMinutes, suggestion: s.suggestion }));
  const r = today?.ratings;
  return {
    at: new Date(now).toISOString(),
    day,
    seq,
    totals: {
      waiting: services.reduce((n, s) => n + s.waiting, 0),
      issued: services.reduce((n, s) => n + s.issued, 0),
      served: services.reduce((n, s) => n + s.served, 0),
      windowsOpen: windows.filter((w) => w.state === 'open').length,
    },
    services,
    windows,
    hourly: {
      yesterday: yesterday.day,
      lastWeek: lastWeek.day,
      issued: { today: today ? [...today.issuedByHour] : Array(24).fill(0), yesterday: [...yesterday.issued], lastWeek: [...lastWeek.issued] },
      served: { today: today ? [...today.servedByHour] : Array(24).fill(0), yesterday: [...yesterday.served], lastWeek: [...lastWeek.served] },
    },
    ratings: {
      count: r?.count ?? 0,
      average: r?.count ? Math.round((r.sum / r.count) * 100) / 100 : 0,
      byLevel: { ...(r?.byLevel ?? { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }) },
    },
    alerts,
  };
}
