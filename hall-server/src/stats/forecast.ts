/**
 * Arrivals for the rest of the day and the windows they need. Pure: every
 * input is passed in (see docs/hall-server.md, "Forecast", for the model
 * and its assumptions).
 *
 * Each hour is treated as its own M/M/c queue in steady state: Poisson
 * arrivals at the hour's expected rate λ, exponential service times with the
 * service's running average S, c identical windows working this service
 * only. Erlang C gives the chance an arrival has to wait, and from it the
 * mean wait in the queue.
 */

/** Probability that an arrival waits (Erlang C), for c servers and offered load a = λ·S erlangs. 1 when a ≥ c. */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a <= 0) return 0;
  if (a >= c) return 1;
  // Erlang B by its stable recurrence, then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** Mean wait in the queue, in the unit of `serviceTime`, with c servers and arrival rate λ per that unit. Infinity when overloaded. */
export function expectedWait(c: number, lambda: number, serviceTime: number): number {
  const a = lambda * serviceTime;
  if (lambda <= 0) return 0;
  if (a >= c) return Infinity;
  return (erlangC(c, a) * serviceTime) / (c - a);
}

/** The fewest windows that keep the mean wait at or under the target; 0 when nobody comes. Capped at `max`. */
export function windowsNeeded(arrivalsPerHour: number, avgServiceS: number, targetWaitS: number, max = 100): number {
  if (arrivalsPerHour <= 0 || avgServiceS <= 0) return 0;
  const lambda = arrivalsPerHour / 3600;
  const a = lambda * avgServiceS;
  for (let c = Math.max(1, Math.floor(a) + 1); c <= max; c++) {
    if (expectedWait(c, lambda, avgServiceS) <= targetWaitS) return c;
  }
  return max;
}

/**
 * How busy today is against the history days: today's issues so far over
 * their average at the same time of day. 1 when the history had (almost)
 * nobody by now; kept within [0.25, 4] so one odd morning cannot make the
 * afternoon absurd.
 */
export function scaleFactor(todaySoFar: number, historySameTime: readonly number[]): number {
  if (historySameTime.length === 0) return 1;
  const mean = historySameTime.reduce((a, b) => a + b, 0) / historySameTime.length;
  if (mean < 1) return 1;
  return Math.min(4, Math.max(0.25, todaySoFar / mean));
}

/** Issues of a day before a point in time: the whole hours before it and the elapsed share of its hour. */
export function countBefore(byHour: readonly number[], hour: number, minuteOfHour: number): number {
  let n = 0;
  for (let h = 0; h < hour; h++) n += byHour[h] ?? 0;
  return n + ((byHour[hour] ?? 0) * minuteOfHour) / 60;
}

export type ForecastInput = {
  /** Local hours to forecast, ascending; the first may be the current hour. */
  hours: readonly number[];
  currentHour: number;
  minuteOfHour: number;
  /** Per local hour: appointments booked and not yet checked in, by slot start. */
  appointments: readonly number[];
  /** Per history day, per local hour: walk-in issues of this service. */
  historyWalkIns: readonly (readonly number[])[];
  scale: number;
  avgServiceS: number;
  targetWaitS: number;
};

export type ForecastHour = { hour: number; appointments: number; history: number; expectedArrivals: number; windowsNeeded: number; expectedWaitS: number };

const tenth = (x: number) => Math.round(x * 10) / 10;

export function forecastService(input: ForecastInput): ForecastHour[] {
  const days = input.historyWalkIns.length;
  return input.hours.map((hour) => {
    const mean = days ? input.historyWalkIns.reduce((sum, d) => sum + (d[hour] ?? 0), 0) / days : 0;
    // Of the current hour only the part still to come.
    const left = hour === input.currentHour ? 1 - input.minuteOfHour / 60 : hour < input.currentHour ? 0 : 1;
    const history = mean * input.scale * left;
    const appointments = input.appointments[hour] ?? 0;
    const expected = appointments + history;
    const c = windowsNeeded(expected, input.avgServiceS, input.targetWaitS);
    const wait = c ? expectedWait(c, expected / 3600, input.avgServiceS) : 0;
    return {
      hour,
      appointments,
      history: tenth(history),
      expectedArrivals: tenth(expected),
      windowsNeeded: c,
      expectedWaitS: Number.isFinite(wait) ? Math.round(wait) : -1,
    };
  });
}
