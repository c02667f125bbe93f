/**
 * What a decision produces. Events carry whole entities, so applying one is
 * a replacement and the store's projection is an upsert.
 */
import type { HallConfig } from './config.ts';
import type { Appointment, DayCounters, HallWindow, NumberLease, Rating, ServiceTiming, Ticket } from './model.ts';

export type TicketChange =
  | 'issued'
  | 'called'
  | 'recalled'
  | 'serving'
  | 'finished'
  | 'no-show'
  | 'reactivated'
  | 'transferred'
  | 'cancelled'
  | 'rated'
  | 'expired';

export type WindowChange = 'opened' | 'paused' | 'resumed' | 'closed' | 'assigned' | 'released' | 'updated';

export type HallEvent =
  | { type: 'config.applied'; config: HallConfig }
  | { type: 'day.started'; counters: DayCounters }
  | { type: 'counters.changed'; counters: DayCounters }
  | { type: 'ticket.saved'; change: TicketChange; ticket: Ticket }
  | { type: 'window.saved'; change: WindowChange; window: HallWindow }
  | { type: 'window.removed'; windowNo: number }
  | { type: 'timing.changed'; serviceCode: string; timing: ServiceTiming }
  | { type: 'rating.recorded'; rating: Rating }
  | { type: 'appointment.saved'; appointment: Appointment }
  | { type: 'lease.saved'; lease: NumberLease };

export type Decision<R> = { events: HallEvent[]; result: R };
