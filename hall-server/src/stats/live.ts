/**
 * Today's figures, kept up to date as events are applied, so live screens
 * and upstream reports never scan the day's tickets. `fromTickets` computes
 * the same figures from scratch; tests hold the two to each other.
 */
import type { HallEvent } from '../domain/events.ts';
import { localParts } from '../domain/hall-time.ts';
import type { Rating, Ticket } from '../domain/model.ts';

export type ServiceFigures = {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferredOut: number;
  waitMsSum: number;
  waitCount: number;
  serviceMsSum: number;
  serviceCount: number;
};

export type WindowFigures = { served: number; serviceMsSum: number; serviceCount: number };

export type DayFigures = {
  day: string;
  byService: Record<string, ServiceFigures>;
  byWindow: Record<string, WindowFigures>;
  /** Local hour (0–23) → tickets issued / served in it. */
  issuedByHour: number[];
  servedByHour: number[];
  ratings: { count: number; sum: number; byLevel: Record<string, number> };
};

const emptyService = (): ServiceFigures => ({
  issued: 0,
  served: 0,
  noShow: 0,
  cancelled: 0,
  transferredOut: 0,
  waitMsSum: 0,
  waitCount: 0,
  serviceMsSum: 0,
  serviceCount: 0,
});

export function emptyFigures(day: string): DayFigures {
  return {
    day,
    byService: {},
    byWindow: {},
    issuedByHour: Array(24).fill(0),
    servedByHour: Array(24).fill(0),
    ratings: { count: 0, sum: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
  };
}

function service(f: DayFigures, code: string): ServiceFigures {
  return (f.byService[code] ??= emptyService());
}

function hourOf(ms: number, timeZone: string): number {
  return Math.floor(localParts(ms, timeZone).minutes / 60);
}

/** A visitor's first call ends their wait; recalls and calls after reactivation do not count again. */
function countWait(f: DayFigures, t: Ticket): void {
  const s = service(f, t.serviceCode);
  s.waitCount++;
  s.waitMsSum += t.firstCalledAt! - t.issuedAt;
}

function countFinish(f: DayFigures, t: Ticket, timeZone: string): void {
  const s = service(f, t.serviceCode);
  const ms = t.finishedAt! - (t.servingAt ?? t.calledAt ?? t.finishedAt!);
  s.served++;
  s.serviceMsSum += ms;
  s.serviceCount++;
  if (t.windowNo !== undefined) {
    const w = (f.byWindow[String(t.windowNo)] ??= { served: 0, serviceMsSum: 0, serviceCount: 0 });
    w.served++;
    w.serviceMsSum += ms;
    w.serviceCount++;
  }
  f.servedByHour[hourOf(t.finishedAt!, timeZone)]!++;
}

function countRating(f: DayFigures, r: Pick<Rating, 'level'>): void {
  f.ratings.count++;
  f.ratings.sum += r.level;
  f.ratings.byLevel[String(r.level)] = (f.ratings.byLevel[String(r.level)] ?? 0) + 1;
}

export class LiveFigures {
  figures: DayFigures;
  readonly #timeZone: string;

  constructor(day: string, timeZone: string) {
    this.figures = emptyFigures(day);
    this.#timeZone = timeZone;
  }

  apply(event: HallEvent): void {
    const f = this.figures;
    switch (event.type) {
      case 'day.started':
        this.figures = emptyFigures(event.counters.day);
        return;
      case 'rating.recorded':
        if (event.rating.day === f.day) countRating(f, event.rating);
        return;
      case 'ticket.saved': {
        const t = event.ticket;
        if (t.day !== f.day) return;
        const s = service(f, t.serviceCode);
        switch (event.change) {
          case 'issued':
            if (!t.transferredFrom) {
              s.issued++;
              f.issuedByHour[hourOf(t.issuedAt, this.#timeZone)]!++;
            }
            return;
          case 'called':
            if (!t.transferredFrom && t.firstCalledAt === t.calledAt) countWait(f, t);
            return;
          case 'finished':
            countFinish(f, t, this.#timeZone);
            return;
          case 'no-show':
            s.noShow++;
            return;
          case 'reactivated':
            s.noShow--;
            return;
          case 'cancelled':
          case 'expired':
            s.cancelled++;
            return;
          case 'transferred':
            s.transferredOut++;
            return;
          default:
            return;
        }
      }
      default:
        return;
    }
  }

  /** The same figures computed from the tickets and ratings alone. */
  static fromTickets(day: string, timeZone: string, tickets: Iterable<Ticket>, ratings: Iterable<Pick<Rating, 'level'>>): LiveFigures {
    const live = new LiveFigures(day, timeZone);
    const f = live.figures;
    for (const t of tickets) {
      if (t.day !== day) continue;
      const s = service(f, t.serviceCode);
      if (!t.transferredFrom) {
        s.issued++;
        f.issuedByHour[hourOf(t.issuedAt, timeZone)]!++;
        if (t.firstCalledAt !== undefined) countWait(f, t);
      }
      if (t.status === 'finished') countFinish(f, t, timeZone);
      if (t.status === 'no-show') s.noShow++;
      if (t.status === 'cancelled') s.cancelled++;
      if (t.status === 'transferred') s.transferredOut++;
    }
    for (const r of ratings) countRating(f, r);
    return live;
  }
}
