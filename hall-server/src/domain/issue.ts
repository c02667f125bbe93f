/**
 * Issuing a ticket: issuing hours, quotas, one active ticket per person and
 * service, the priority class, and the number the visitor will hold.
 */
import type { OpeningHours, ServiceItem } from './config.ts';
import { conflict, forbidden, invalid } from './errors.ts';
import type { Decision } from './events.ts';
import { clockMinutes, localParts } from './hall-time.ts';
import { ageOn } from './identity.ts';
import type { Appointment, DayCounters, DecisionContext, HallState, IdentityRef, PriorityReason, Ticket, TicketSource } from './model.ts';

export type IssueTicket = {
  type: 'issueTicket';
  serviceCode: string;
  source: TicketSource;
  identity?: IdentityRef & { birthDate?: string };
  /** Green channel a member of staff has confirmed (disability or military certificate seen). */
  greenChannel?: 'disabled' | 'military';
};

export function findService(state: HallState, code: string): ServiceItem {
  const item = state.config.services.find((s) => s.code === code);
  if (!item) throw invalid('UNKNOWN_SERVICE', `no service item with code ${code}`);
  return item;
}

export function withinHours(hours: OpeningHours, weekday: number, minutes: number): boolean {
  if (!hours.days.includes(weekday)) return false;
  return hours.ranges.some((r) => minutes >= clockMinutes(r.from) && minutes < clockMinutes(r.to));
}

export function formatNumber(prefix: string, sequence: number): string {
  return prefix + String(sequence).padStart(3, '0');
}

/** Highest three-digit number; offline leases are taken from here downward. */
export const LEASE_TOP = 999;

/** The next online number for a prefix, stepping over the block leased to kiosks. */
export function nextSequence(counters: DayCounters, prefix: string): number {
  const next = (counters.sequences[prefix] ?? 0) + 1;
  const floor = counters.leaseFloor?.[prefix];
  return floor !== undefined && next >= floor && next <= LEASE_TOP ? LEASE_TOP + 1 : next;
}

function checkQuotas(state: HallState, item: ServiceItem, minutes: number): string | undefined {
  const issued = state.counters.issuedByService[item.code] ?? 0;
  if (item.dailyQuota !== undefined && issued >= item.dailyQuota) {
    throw conflict('QUOTA_EXCEEDED', `today's ${item.dailyQuota} tickets for ${item.name['zh-CN']} have all been issued`, {
      quota: item.dailyQuota,
    });
  }
  const slot = item.slotQuotas.find((s) => minutes >= clockMinutes(s.from) && minutes < clockMinutes(s.to));
  if (!slot) return undefined;
  const key = `${item.code}@${slot.from}`;
  if ((state.counters.issuedBySlot[key] ?? 0) >= slot.quota) {
    throw conflict('SLOT_QUOTA_EXCEEDED', `the ${slot.from}–${slot.to} tickets for ${item.name['zh-CN']} have all been issued`, {
      quota: slot.quota,
      from: slot.from,
      to: slot.to,
    });
  }
  return key;
}

function checkDuplicate(state: HallState, item: ServiceItem, identity: IdentityRef | undefined): void {
  if (!identity) return;
  for (const id of state.activeByIdentity.get(identity.keyHash) ?? []) {
    const t = state.tickets.get(id);
    if (t && t.serviceCode === item.code) {
      throw conflict('DUPLICATE_TICKET', `this person already holds ticket ${t.number} for this service`, { number: t.number, ticketId: t.id });
    }
  }
}

function priorityFor(state: HallState, cmd: IssueTicket, item: ServiceItem, ctx: DecisionContext): PriorityReason | undefined {
  if (cmd.greenChannel) {
    // Staff vouch for it: at a counter, as a manager, or on a kiosk whose device agent has
    // checked a staff PIN first. Integrations and displays cannot grant it.
    if (ctx.actor.role !== 'counter' && ctx.actor.role !== 'manager' && ctx.actor.role !== 'kiosk') {
      throw forbidden('GREEN_CHANNEL_NEEDS_STAFF', 'the green channel for disability or military service is granted by staff');
    }
    if (!item.greenChannel) throw conflict('NO_GREEN_CHANNEL', `${item.name['zh-CN']} has no green channel`);
    return cmd.greenChannel;
  }
  const birth = cmd.identity?.birthDate;
  if (item.greenChannel && birth && ageOn(birth, state.counters.day) >= state.config.rules.greenChannelAge) return 'elderly';
  return undefined;
}

/** Builds the ticket and the counters after it; shared by plain issuing and appointment check-in. */
export function buildTicket(
  state: HallState,
  item: ServiceItem,
  fields: Pick<Ticket, 'source'> & Partial<Pick<Ticket, 'priority' | 'slotStart' | 'slotEnd' | 'appointmentId' | 'identity'>>,
  ctx: DecisionContext,
  slotKey?: string,
): { ticket: Ticket; counters: DayCounters } {
  const c = state.counters;
  const sequence = nextSequence(c, item.prefix);
  const counters: DayCounters = {
    ...c,
    sequences: { ...c.sequences, [item.prefix]: sequence },
    issuedByService: { ...c.issuedByService, [item.code]: (c.issuedByService[item.code] ?? 0) + 1 },
    issuedBySlot: slotKey ? { ...c.issuedBySlot, [slotKey]: (c.issuedBySlot[slotKey] ?? 0) + 1 } : c.issuedBySlot,
    issueOrder: c.issueOrder + 1,
  };
  const ticket: Ticket = {
    id: ctx.newId(),
    day: c.day,
    number: formatNumber(item.prefix, sequence),
    serviceCode: item.code,
    status: 'waiting',
    order: counters.issueOrder,
    rank: ctx.now,
    issuedAt: ctx.now,
    waitingSince: ctx.now,
    recallCount: 0,
    ...(ctx.actor.id !== undefined ? { issuedBy: ctx.actor.id } : {}),
    ...fields,
  };
  if (ticket.identity) ticket.identity = stripBirthDate(ticket.identity);
  return { ticket, counters };
}

function stripBirthDate(identity: IdentityRef & { birthDate?: string }): IdentityRef {
  const { birthDate: _dropped, ...rest } = identity;
  return rest;
}

export function decideIssue(state: HallState, cmd: IssueTicket, ctx: DecisionContext): Decision<Ticket> {
  const item = findService(state, cmd.serviceCode);
  const { rules, timeZone } = state.config;
  const local = localParts(ctx.now, timeZone);
  if (!withinHours(item.issuingHours ?? rules.issuingHours, local.weekday, local.minutes)) {
    throw conflict('OUTSIDE_ISSUING_HOURS', `tickets for ${item.name['zh-CN']} are not issued at this time`);
  }
  if (!cmd.identity && !rules.anonymousTickets && cmd.source === 'kiosk') {
    throw invalid('IDENTITY_REQUIRED', 'this hall issues tickets only against an ID card or an appointment');
  }
  checkDuplicate(state, item, cmd.identity);
  const slotKey = checkQuotas(state, item, local.minutes);
  const priority = priorityFor(state, cmd, item, ctx);
  const { ticket, counters } = buildTicket(state, item, { source: cmd.source, priority, identity: cmd.identity }, ctx, slotKey);
  return {
    events: [
      { type: 'counters.changed', counters },
      { type: 'ticket.saved', change: 'issued', ticket },
    ],
    result: ticket,
  };
}

export function decideAppointmentTicket(state: HallState, appointment: Appointment, ctx: DecisionContext): { ticket: Ticket; counters: DayCounters } {
  const item = findService(state, appointment.serviceCode);
  return buildTicket(
    state,
    item,
    {
      source: 'appointment',
      priority: 'appointment',
      slotStart: appointment.slotStart,
      slotEnd: appointment.slotEnd,
      appointmentId: appointment.id,
      identity: appointment.identity,
      // Appointments queue by booked slot, not by arrival.
    },
    ctx,
  );
}
