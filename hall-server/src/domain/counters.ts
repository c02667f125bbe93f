/**
 * The day's counters — sequences per prefix, issued per service and per
 * quota slot, issue order, leased range — are a projection of the day's
 * tickets and leases. The store rebuilds them from those at start instead of
 * writing them on every issue, which keeps an issue to two written pages.
 */
import { clockMinutes, localParts } from './hall-time.ts';
import type { HallConfig } from './config.ts';
import type { DayCounters, NumberLease, Ticket } from './model.ts';
import { emptyCounters } from './state.ts';

function splitNumber(number: string): { prefix: string; n: number } | undefined {
  const m = /^([A-Z]{1,2})(\d+)$/.exec(number);
  return m ? { prefix: m[1]!, n: Number(m[2]) } : undefined;
}

export function deriveCounters(config: HallConfig, day: string, tickets: Iterable<Ticket>, leases: Iterable<NumberLease>): DayCounters {
  const c = emptyCounters(day);
  const slots = new Map(config.services.map((s) => [s.code, s.slotQuotas]));
  for (const t of tickets) {
    if (t.day !== day) continue;
    c.issueOrder = Math.max(c.issueOrder, Math.ceil(t.order));
    const parsed = splitNumber(t.number);
    if (parsed && !t.offline) c.sequences[parsed.prefix] = Math.max(c.sequences[parsed.prefix] ?? 0, parsed.n);
    // A transfer reissues the same visitor under another service: counted once, where they started.
    if (t.transferredFrom) continue;
    c.issuedByService[t.serviceCode] = (c.issuedByService[t.serviceCode] ?? 0) + 1;
    if (t.source === 'appointment' || t.offline) continue;
    const minutes = localParts(t.issuedAt, config.timeZone).minutes;
    const slot = slots.get(t.serviceCode)?.find((s) => minutes >= clockMinutes(s.from) && minutes < clockMinutes(s.to));
    if (slot) {
      const key = `${t.serviceCode}@${slot.from}`;
      c.issuedBySlot[key] = (c.issuedBySlot[key] ?? 0) + 1;
    }
  }
  for (const lease of leases) {
    if (lease.day !== day) continue;
    const floor = c.leaseFloor?.[lease.prefix];
    c.leaseFloor = { ...c.leaseFloor, [lease.prefix]: floor === undefined ? lease.from : Math.min(floor, lease.from) };
  }
  return c;
}
