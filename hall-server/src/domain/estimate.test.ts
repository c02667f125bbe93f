import { describe, it, expect } from 'vitest';
import { avgServiceMs, estimateWaitMinutes, waitingAhead, windowShare } from './estimate.ts';
import type { Ticket } from './model.ts';
import { counter, createTestHall, elderlyVisitor, testWindows, type TestHall, type WindowInput } from './testing.ts';

const MINUTE = 60_000;

function secondSocialWindow(services: WindowInput['services'] = [{ code: 'social' }]): WindowInput[] {
  return [...testWindows(), { no: 6, name: '6号窗口', services, initialState: 'open' }];
}

/** Serves one social-insurance ticket at window 2 for `minutes`, from call to finish. */
function serveFor(hall: TestHall, minutes: number): void {
  const t = hall.issue('social');
  hall.advance(1);
  hall.callNext(2);
  hall.advance(minutes);
  hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2));
}

describe('the estimated wait', () => {
  it('is nothing with no one ahead', () => {
    const hall = createTestHall();
    expect(estimateWaitMinutes(hall.state, 'social', 0)).toBe(0);
  });

  it('starts from the catalogue’s service time: four ahead of 8 minutes at one window is 32 minutes', () => {
    const hall = createTestHall();
    expect(avgServiceMs(hall.state, 'social')).toBe(8 * MINUTE);
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(32);
  });

  it('halves with a second open window', () => {
    const hall = createTestHall({ windows: secondSocialWindow() });
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(16);
  });

  it('divides by the weighted share a multi-service window gives the service', () => {
    const hall = createTestHall({
      windows: secondSocialWindow([
        { code: 'hukou', weight: 3 },
        { code: 'social', weight: 1 },
      ]),
    });
    expect(windowShare(hall.state, 'social')).toBe(1.25);
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(26); // 32 / 1.25 = 25.6, rounded up
  });

  it('counts only open windows: paused and closed ones serve no one', () => {
    const hall = createTestHall({ windows: secondSocialWindow() });
    hall.exec({ type: 'pauseWindow', windowNo: 6, reason: '午休' }, counter(6));
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(32);
    hall.exec({ type: 'closeWindow', windowNo: 6 }, counter(6));
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(32);
  });

  it('counts every window that serves the service before any of them opens', () => {
    const hall = createTestHall({ windows: secondSocialWindow() });
    hall.exec({ type: 'closeWindow', windowNo: 2 });
    hall.exec({ type: 'closeWindow', windowNo: 6 });
    expect(estimateWaitMinutes(hall.state, 'social', 4)).toBe(16);
  });
});

describe('the running average of service time', () => {
  it('moves towards each finished service: a first service of 18 minutes makes 8 minutes 10', () => {
    const hall = createTestHall();
    serveFor(hall, 18);
    expect(hall.state.timing.social).toEqual({ avgServiceMs: 10 * MINUTE, samples: 1 });
    expect(estimateWaitMinutes(hall.state, 'social', 1)).toBe(10);
    expect(estimateWaitMinutes(hall.state, 'company', 1)).toBe(8);
  });

  it('keeps moving with each further service', () => {
    const hall = createTestHall();
    serveFor(hall, 18); // 10 min
    serveFor(hall, 5); // 0.8 × 10 + 0.2 × 5 = 9 min
    expect(hall.state.timing.social).toEqual({ avgServiceMs: 9 * MINUTE, samples: 2 });
  });

  it('counts from the start of service when the clerk pressed it', () => {
    const hall = createTestHall();
    const t = hall.issueAndCall('social', 2);
    hall.advance(5);
    hall.exec({ type: 'startService', ticketId: t.id }, counter(2));
    hall.advance(10);
    hall.exec({ type: 'finishTicket', ticketId: t.id }, counter(2));
    expect(hall.state.timing.social?.avgServiceMs).toBe(504_000); // 0.8 × 8 + 0.2 × 10 = 8.4 min
  });

  it('learns from a ticket finished by calling the next one', () => {
    const hall = createTestHall();
    hall.issueAndCall('social', 2);
    hall.issue('social');
    hall.advance(18);
    hall.callNext(2);
    expect(hall.state.timing.social?.avgServiceMs).toBe(10 * MINUTE);
  });

  it('ignores a service of a few seconds, a finish pressed by mistake', () => {
    const hall = createTestHall();
    serveFor(hall, 5 / 60);
    expect(hall.state.timing.social).toBeUndefined();
    expect(hall.lastEvents.map((e) => e.type)).not.toContain('timing.changed');
    expect(estimateWaitMinutes(hall.state, 'social', 1)).toBe(8);
  });

  it('ignores a service of five hours, a window left open', () => {
    const hall = createTestHall();
    serveFor(hall, 5 * 60);
    expect(hall.state.timing.social).toBeUndefined();
  });
});

describe('tickets ahead', () => {
  it('counts for a normal ticket everyone before it and green-channel tickets issued after it', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.advance(1);
    const mine: Ticket = hall.issue('social');
    hall.advance(1);
    hall.issue('social');
    hall.issue('social', { identity: elderlyVisitor(1) });
    expect(waitingAhead(hall.state, hall.ticket(mine.id), hall.now())).toBe(2);
  });

  it('counts for a green-channel ticket only the priority tickets before it', () => {
    const hall = createTestHall();
    hall.issue('social');
    hall.issue('social', { identity: elderlyVisitor(1) });
    hall.advance(1);
    const mine = hall.issue('social', { identity: elderlyVisitor(2) });
    expect(waitingAhead(hall.state, hall.ticket(mine.id), hall.now())).toBe(1);
  });
});
