/** Gathers the forecast's inputs from the hall (appointments, history, today so far) and runs the pure model. */
import { avgServiceMs, openWindowsServing } from '../domain/estimate.ts';
import { clockMinutes, localParts } from '../domain/hall-time.ts';
import type { HallState } from '../domain/model.ts';
import type * as P from '../protocol.ts';
import { countBefore, forecastService, scaleFactor } from './forecast.ts';
import { addDays, type HourlyHistory } from './history.ts';
import type { DayFigures } from './live.ts';
import { slaWaitMinutes } from './manager-live.ts';

/** How many same weekdays the history averages. */
export const HISTORY_WEEKS = 4;

export function forecastFor(input: { state: HallState; figures: DayFigures; history: HourlyHistory; now: number }): P.ManagerForecast {
  const { state, figures, history, now } = input;
  const day = state.counters.day;
  const zone = state.config.timeZone;
  const local = localParts(now, zone);
  const currentHour = Math.floor(local.minutes / 60);
  const minuteOfHour = local.minutes % 60;
  const historyDays = Array.from({ length: HISTORY_WEEKS }, (_, i) => history.day(addDays(day, -7 * (i + 1))));
  const todaySoFar = figures.day === day ? figures.issuedByHour.reduce((a, b) => a + b, 0) : 0;
  const scale = scaleFactor(
    todaySoFar,
    historyDays.map((d) => countBefore(d.issued, currentHour, minuteOfHour)),
  );

  const appointments = new Map<string, number[]>();
  for (const a of state.appointments.values()) {
    if (a.status !== 'booked') continue;
    const slot = localParts(a.slotStart, zone);
    if (slot.date !== local.date) continue;
    const hours = appointments.get(a.serviceCode) ?? Array<number>(24).fill(0);
    hours[Math.floor(slot.minutes / 60)]!++;
    appointments.set(a.serviceCode, hours);
  }

  const services = state.config.services.map((item) => {
    const opening = item.issuingHours ?? state.config.rules.issuingHours;
    const hours: number[] = [];
    if (opening.days.includes(local.weekday)) {
      for (let h = currentHour; h < 24; h++) {
        if (opening.ranges.some((r) => clockMinutes(r.from) < (h + 1) * 60 && clockMinutes(r.to) > h * 60)) hours.push(h);
      }
    }
    const avgServiceS = Math.round(avgServiceMs(state, item.code) / 1000);
    const targetWaitMinutes = slaWaitMinutes(state, item.code);
    const windowsOpen = openWindowsServing(state, item.code);
    return {
      code: item.code,
      targetWaitMinutes,
      avgServiceS,
      windowsOpen,
      scale: Math.round(scale * 100) / 100,
      hours: forecastService({
        hours,
        currentHour,
        minuteOfHour,
        appointments: appointments.get(item.code) ?? [],
        historyWalkIns: historyDays.map((d) => d.byService[item.code]?.walkIn ?? []),
        scale,
        avgServiceS,
        targetWaitS: targetWaitMinutes * 60,
      }),
    };
  });
  return { at: new Date(now).toISOString(), day, model: 'erlang-c', historyDays: historyDays.map((d) => d.day), services };
}
