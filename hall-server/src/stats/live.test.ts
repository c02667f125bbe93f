import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import type { Rating, Ticket } from '../domain/model.ts';
import { counter, createTestHall } from '../domain/testing.ts';
import { LiveFigures } from './live.ts';

/** Deterministic pseudo-random numbers, so a failing day can be replayed. */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe('live figures', () => {
  it('maintained event by event equal a recomputation from the tickets over a generated day', () => {
    const hall = createTestHall();
    const live = new LiveFigures(hall.state.counters.day, hall.state.config.timeZone);
    const ratings: Rating[] = [];
    const random = prng(7);
    const services = ['hukou', 'hukou-move', 'social', 'company'];
    const windows = [1, 2, 4];
    const run = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return;
      }
      for (const e of hall.lastEvents) {
        live.apply(e);
        if (e.type === 'rating.recorded') ratings.push(e.rating);
      }
    };
    for (let step = 0; step < 1500; step++) {
      hall.advance(0.05 + random() * 0.5);
      const r = random();
      const w = windows[Math.floor(random() * windows.length)]!;
      const current = () => {
        const id = hall.window(w).currentTicketId;
        return id ? hall.state.tickets.get(id) : undefined;
      };
      if (r < 0.4) run(() => hall.issue(services[Math.floor(random() * services.length)]!));
      else if (r < 0.65) run(() => hall.callNext(w));
      else if (r < 0.75) run(() => hall.exec({ type: 'finishTicket', ticketId: current()?.id ?? 'none' }, counter(w)));
      else if (r < 0.8) run(() => hall.exec({ type: 'recallTicket', windowNo: w }, counter(w)));
      else if (r < 0.85) run(() => hall.exec({ type: 'skipTicket', ticketId: current()?.id ?? 'none' }, counter(w)));
      else if (r < 0.88) {
        const noShow = [...hall.state.tickets.values()].find((t) => t.status === 'no-show');
        if (noShow) run(() => hall.exec({ type: 'reactivateTicket', ticketId: noShow.id }));
      } else if (r < 0.91) run(() => hall.exec({ type: 'transferTicket', ticketId: current()?.id ?? 'none', toServiceCode: 'social' }, counter(w)));
      else {
        const done = [...hall.state.tickets.values()].find((t: Ticket) => t.status === 'finished' && !t.rated);
        if (done) run(() => hall.exec({ type: 'rateTicket', ticketId: done.id, level: (1 + Math.floor(random() * 5)) as 1, reason: '等候时间太长' }));
      }
    }
    const recomputed = LiveFigures.fromTickets(hall.state.counters.day, hall.state.config.timeZone, hall.state.tickets.values(), ratings);
    expect(live.figures).toEqual(recomputed.figures);
    const social = live.figures.byService.social!;
    expect(social.issued).toBeGreaterThan(50);
    expect(social.served + social.noShow + social.transferredOut).toBeGreaterThan(10);
    expect(live.figures.ratings.count).toBeGreaterThan(5);
  });
});
