/**
 * Offline issuing. While online, a kiosk leases a small block of numbers per
 * service; when it loses the hall it hands those out, and when the hall
 * returns it syncs them back. Synced tickets join their queue by the time
 * they were issued, as if the hall had issued them then.
 */
import { conflict, forbidden, invalid, notFound } from './errors.ts';
import type { Decision, HallEvent } from './events.ts';
import { findService, LEASE_TOP } from './issue.ts';
import type { DayCounters, DecisionContext, HallState, IdentityRef, NumberLease, Ticket } from './model.ts';

const CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_LEASE = 50;

export type LeaseNumbers = { type: 'leaseNumbers'; serviceCode: string; count: number };
export type OfflineTicket = { number: string; issuedAt: number; identity?: IdentityRef };
export type SyncOfflineTickets = { type: 'syncOfflineTickets'; leaseId: string; tickets: OfflineTicket[] };

export function decideLease(state: HallState, cmd: LeaseNumbers, ctx: DecisionContext): Decision<NumberLease> {
  const item = findService(state, cmd.serviceCode);
  if (!Number.isInteger(cmd.count) || cmd.count < 1 || cmd.count > MAX_LEASE) {
    throw invalid('INVALID_LEASE_SIZE', `a lease holds 1 to ${MAX_LEASE} numbers`);
  }
  const c = state.counters;
  const floor = c.leaseFloor?.[item.prefix] ?? LEASE_TOP + 1;
  const from = floor - cmd.count;
  if (from <= (c.sequences[item.prefix] ?? 0)) {
    throw conflict('LEASE_SPACE_EXHAUSTED', `no free block of ${cmd.count} numbers left for prefix ${item.prefix} today`);
  }
  const lease: NumberLease = {
    id: ctx.newId(),
    day: c.day,
    serviceCode: item.code,
    prefix: item.prefix,
    from,
    to: floor - 1,
    holder: ctx.actor.id ?? ctx.actor.name,
    used: [],
    createdAt: ctx.now,
  };
  const counters: DayCounters = { ...c, leaseFloor: { ...c.leaseFloor, [item.prefix]: from } };
  return {
    events: [
      { type: 'counters.changed', counters },
      { type: 'lease.saved', lease },
    ],
    result: lease,
  };
}

function leasedNumber(lease: NumberLease, number: string): number {
  const digits = number.startsWith(lease.prefix) ? number.slice(lease.prefix.length) : '';
  const n = /^\d{3,}$/.test(digits) ? Number(digits) : NaN;
  if (!(n >= lease.from && n <= lease.to)) {
    throw invalid('NUMBER_NOT_IN_LEASE', `${number} is not in this lease (${lease.prefix}${lease.from}–${lease.prefix}${lease.to})`);
  }
  return n;
}

/**
 * Idempotent: a number synced before comes back as the ticket it became, so
 * a kiosk that lost the answer can simply send its outbox again. Tickets of a
 * day that has ended are recorded, closed as `day-ended`, so the day's figures
 * stay whole.
 */
export function decideSyncOffline(state: HallState, cmd: SyncOfflineTickets, ctx: DecisionContext): Decision<Ticket[]> {
  const lease = state.leases.get(cmd.leaseId);
  if (!lease) throw notFound('LEASE_NOT_FOUND', 'no such number lease');
  if (lease.holder !== (ctx.actor.id ?? ctx.actor.name)) throw forbidden('LEASE_NOT_YOURS', 'this lease belongs to another kiosk');
  const used = new Set(lease.used);
  const today = lease.day === state.counters.day;
  let counters = state.counters;
  const events: HallEvent[] = [];
  const result: Ticket[] = [];
  for (const offline of [...cmd.tickets].sort((a, b) => a.issuedAt - b.issuedAt)) {
    const n = leasedNumber(lease, offline.number);
    if (used.has(n)) {
      const existing = [...state.tickets.values()].find((t) => t.day === lease.day && t.number === offline.number && t.offline);
      if (existing) result.push(existing);
      continue;
    }
    used.add(n);
    const issuedAt = Math.min(Math.max(offline.issuedAt, lease.createdAt - CLOCK_SKEW_MS), ctx.now + CLOCK_SKEW_MS);
    if (today) {
      counters = {
        ...counters,
        issuedByService: { ...counters.issuedByService, [lease.serviceCode]: (counters.issuedByService[lease.serviceCode] ?? 0) + 1 },
        issueOrder: counters.issueOrder + 1,
      };
    }
    const ticket: Ticket = {
      id: ctx.newId(),
      day: lease.day,
      number: offline.number,
      serviceCode: lease.serviceCode,
      source: 'kiosk',
      status: today ? 'waiting' : 'cancelled',
      cancelReason: today ? undefined : 'day-ended',
      closedAt: today ? undefined : ctx.now,
      order: today ? counters.issueOrder : 0,
      rank: issuedAt,
      issuedAt,
      waitingSince: issuedAt,
      recallCount: 0,
      offline: true,
      identity: offline.identity,
    };
    events.push({ type: 'ticket.saved', change: 'issued', ticket });
    result.push(ticket);
  }
  if (events.length === 0) return { events: [], result };
  return {
    events: [
      ...(counters !== state.counters ? [{ type: 'counters.changed', counters } as HallEvent] : []),
      ...events,
      { type: 'lease.saved', lease: { ...lease, used: [...used].sort((a, b) => a - b) } },
    ],
    result,
  };
}
