/**
 * What clients see of the engine's entities. Identities are masked here
 * unless the caller is the clerk handling the ticket; displays never get
 * them at all.
 */
import { estimateWaitMinutes, oldestWaitingSince, openWindowsServing, waitingAhead } from '../domain/estimate.ts';
import { withinHours } from '../domain/issue.ts';
import { localParts } from '../domain/hall-time.ts';
import type { Appointment, HallState, HallWindow, NumberLease, Ticket } from '../domain/model.ts';
import { formatNumber } from '../domain/issue.ts';
import { currentTicketOf } from '../domain/window-guard.ts';
import type { z } from 'zod';
import type * as P from '../protocol.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export type Reveal = { number: string; name?: string };

export function serviceName(state: HallState, code: string): { 'zh-CN': string; en: string } {
  return state.config.services.find((s) => s.code === code)?.name ?? { 'zh-CN': code, en: code };
}

export function ticketView(state: HallState, t: Ticket, now: number, options: { withIdentity?: boolean; reveal?: Reveal; filingCode?: string } = {}): P.Ticket {
  const ahead = t.status === 'waiting' ? waitingAhead(state, t, now) : 0;
  const identity =
    options.withIdentity !== false && t.identity
      ? { kind: t.identity.kind, masked: t.identity.masked, nameMasked: t.identity.nameMasked, ...(options.reveal ?? {}) }
      : undefined;
  return {
    id: t.id,
    number: t.number,
    serviceCode: t.serviceCode,
    serviceName: serviceName(state, t.serviceCode),
    status: t.status,
    source: t.source,
    priority: t.priority,
    issuedAt: iso(t.issuedAt)!,
    calledAt: iso(t.calledAt),
    finishedAt: iso(t.finishedAt),
    windowNo: t.windowNo,
    targetWindowNo: t.targetWindowNo,
    recallCount: t.recallCount,
    waitingAhead: ahead,
    estimatedWaitMinutes: t.status === 'waiting' ? estimateWaitMinutes(state, t.serviceCode, ahead) : 0,
    identity,
    transferredFrom: t.transferredFrom,
    transferNote: t.transferNote,
    slotStart: iso(t.slotStart),
    rated: t.rated ?? false,
    offline: t.offline,
    ...(options.filingCode ? { filingCode: options.filingCode } : {}),
  };
}

export function windowView(state: HallState, w: HallWindow): P.Window {
  const current = currentTicketOf(state, w);
  return {
    no: w.no,
    name: w.name,
    state: w.state,
    pauseReason: w.pauseReason,
    clerk: w.clerk,
    services: w.services,
    current: current
      ? { ticketId: current.id, number: current.number, serviceCode: current.serviceCode, status: current.status, calledAt: iso(current.calledAt) }
      : undefined,
    lastFinishedTicketId: w.lastFinishedTicketId,
  };
}

export function serviceLoad(state: HallState, code: string, now: number): P.ServiceLoad {
  const q = state.queues.get(code) ?? [];
  const oldest = oldestWaitingSince(state, code, now);
  const item = state.config.services.find((s) => s.code === code);
  const issuedToday = state.counters.issuedByService[code] ?? 0;
  return {
    code,
    waiting: q.length,
    longestWaitS: Math.round((now - oldest) / 1000),
    estimatedWaitMinutes: estimateWaitMinutes(state, code, q.length),
    windowsOpen: openWindowsServing(state, code),
    issuedToday,
    quotaLeft: item?.dailyQuota !== undefined ? Math.max(0, item.dailyQuota - issuedToday) : undefined,
  };
}

export function serviceLoads(state: HallState, now: number): P.ServiceLoad[] {
  return state.config.services.map((s) => serviceLoad(state, s.code, now));
}

export function issuingNow(state: HallState, code: string, now: number): boolean {
  const item = state.config.services.find((s) => s.code === code);
  if (!item) return false;
  const local = localParts(now, state.config.timeZone);
  return withinHours(item.issuingHours ?? state.config.rules.issuingHours, local.weekday, local.minutes);
}

export function callView(state: HallState, t: Ticket, recall: boolean): P.Call {
  return {
    ticketId: t.id,
    number: t.number,
    windowNo: t.windowNo!,
    windowName: state.windows.get(t.windowNo!)?.name ?? String(t.windowNo),
    serviceCode: t.serviceCode,
    calledAt: iso(t.calledAt)!,
    recall,
    recallCount: t.recallCount,
  };
}

export function appointmentView(a: Appointment): z.infer<typeof P.Appointment> {
  return { id: a.id, code: a.code, serviceCode: a.serviceCode, slotStart: iso(a.slotStart)!, slotEnd: iso(a.slotEnd)!, status: a.status, ticketId: a.ticketId };
}

/** The most recent calls, newest first, for walls that join mid-day. */
export class RecentCalls {
  readonly #limit: number;
  #calls: P.Call[] = [];

  constructor(limit = 10) {
    this.#limit = limit;
  }

  /** Seeds the list from today's called tickets after a restart. */
  seed(state: HallState): void {
    const called = [...state.tickets.values()].filter((t) => t.calledAt !== undefined && t.windowNo !== undefined);
    called.sort((a, b) => b.calledAt! - a.calledAt!);
    this.#calls = called.slice(0, this.#limit).map((t) => callView(state, t, t.recallCount > 0));
  }

  push(call: P.Call): void {
    this.#calls = [call, ...this.#calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, this.#limit);
  }

  clear(): void {
    this.#calls = [];
  }

  list(): P.Call[] {
    return this.#calls;
  }
}

export function snapshot(state: HallState, seq: number, now: number, recent: RecentCalls): P.QueueSnapshot {
  return {
    seq,
    at: new Date(now).toISOString(),
    day: state.counters.day,
    hall: {
      id: state.config.hallId,
      name: state.config.name,
      timeZone: state.config.timeZone,
      ratingReasons: state.config.rules.ratingReasons,
      policy: { greenChannelAge: state.config.rules.greenChannelAge, anonymousTickets: state.config.rules.anonymousTickets },
    },
    services: serviceLoads(state, now),
    windows: [...state.windows.values()].sort((a, b) => a.no - b.no).map((w) => windowView(state, w)),
    recentCalls: recent.list(),
  };
}

export function leaseView(l: NumberLease): P.NumberLease {
  const numbers: string[] = [];
  for (let n = l.from; n <= l.to; n++) numbers.push(formatNumber(l.prefix, n));
  return { id: l.id, day: l.day, serviceCode: l.serviceCode, prefix: l.prefix, from: l.from, to: l.to, numbers, used: l.used };
}
