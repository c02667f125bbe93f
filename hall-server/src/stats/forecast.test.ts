import { describe, expect, it } from 'vitest';
import { countBefore, erlangC, expectedWait, forecastService, scaleFactor, windowsNeeded } from './forecast.ts';

/** Erlang C by its textbook formula, for checking the recurrence. */
function erlangCDirect(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

describe('Erlang C', () => {
  it('gives 1/3 for two servers at one erlang, the textbook value', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('gives the single-server M/M/1 answer ρ for one server', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });

  it('matches the published 0.4092 for ten servers at eight erlangs', () => {
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
  });

  it('agrees with the direct formula across loads and server counts', () => {
    for (const c of [1, 2, 3, 5, 8, 13, 30]) for (const load of [0.1, 0.5, 0.8, 0.95]) expect(erlangC(c, c * load)).toBeCloseTo(erlangCDirect(c, c * load), 10);
  });

  it('is 1 when the load reaches the servers and 0 with no load', () => {
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(3, 4)).toBe(1);
    expect(erlangC(3, 0)).toBe(0);
  });

  it('gives M/M/1 mean queue wait ρ/(μ−λ): λ=0.5, S=1 waits 1', () => {
    expect(expectedWait(1, 0.5, 1)).toBeCloseTo(1, 12);
    expect(expectedWait(1, 1, 1)).toBe(Infinity);
  });
});

describe('windows needed', () => {
  it('needs none when nobody is expected', () => {
    expect(windowsNeeded(0, 600, 900)).toBe(0);
  });

  it('needs more than the offered load, and the smallest count meeting the target', () => {
    // 30 an hour at 10 minutes each is 5 erlangs.
    const c = windowsNeeded(30, 600, 300);
    expect(c).toBeGreaterThan(5);
    expect(expectedWait(c, 30 / 3600, 600)).toBeLessThanOrEqual(300);
    expect(expectedWait(c - 1, 30 / 3600, 600)).toBeGreaterThan(300);
  });

  it('needs more windows for a tighter target', () => {
    expect(windowsNeeded(30, 600, 60)).toBeGreaterThanOrEqual(windowsNeeded(30, 600, 1800));
  });
});

describe('forecast of the rest of the day', () => {
  it('scales today against the history at the same time, within bounds', () => {
    expect(scaleFactor(60, [30, 30])).toBe(2);
    expect(scaleFactor(500, [10])).toBe(4);
    expect(scaleFactor(5, [0.2])).toBe(1);
    expect(scaleFactor(5, [])).toBe(1);
  });

  it('counts the elapsed share of the current hour', () => {
    const byHour = Array(24).fill(0);
    byHour[9] = 10;
    byHour[10] = 12;
    expect(countBefore(byHour, 10, 30)).toBe(16);
  });

  it('adds booked appointments to the scaled same-weekday walk-ins, counting only what is left of this hour', () => {
    const day = (h9: number, h10: number) => Object.assign(Array(24).fill(0), { 9: h9, 10: h10 }) as number[];
    const appointments = Array(24).fill(0);
    appointments[10] = 3;
    const hours = forecastService({
      hours: [9, 10],
      currentHour: 9,
      minuteOfHour: 30,
      appointments,
      historyWalkIns: [day(10, 20), day(14, 28), day(12, 24), day(12, 24)],
      scale: 1.5,
      avgServiceS: 600,
      targetWaitS: 900,
    });
    expect(hours[0]).toMatchObject({ hour: 9, appointments: 0, history: 9, expectedArrivals: 9 });
    expect(hours[1]).toMatchObject({ hour: 10, appointments: 3, history: 36, expectedArrivals: 39 });
    expect(hours[1]!.windowsNeeded).toBe(windowsNeeded(39, 600, 900));
    expect(hours[1]!.expectedWaitS).toBeLessThanOrEqual(900);
  });
});
