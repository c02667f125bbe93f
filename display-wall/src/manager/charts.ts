/** Chart options built from the manager figures: pure, so they are tested without a canvas. */
import type { HourlyComparison, ManagerForecast } from '@hall/server/protocol';
import type { ChartOption } from './chart-engine.ts';

export type HourlyLabels = { today: string; yesterday: string; lastWeek: string };

/** The hours worth showing: those with anything in them, and never less than 08–18. */
export function hourRange(series: number[][], first = 8, last = 18): number[] {
  let from = first;
  let to = last;
  for (const s of series)
    s.forEach((v, h) => {
      if (v > 0) {
        from = Math.min(from, h);
        to = Math.max(to, h);
      }
    });
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Today as bars, yesterday and the same weekday last week as lines. Series keep their ids so merges update them in place. */
export function hourlyOption(figures: HourlyComparison, labels: HourlyLabels, color: string): ChartOption {
  const hours = hourRange([figures.today, figures.yesterday, figures.lastWeek]);
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    grid: { left: 36, right: 12, top: 28, bottom: 22 },
    legend: { top: 0, textStyle: { color: '#c9d4df' } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours.map(hourLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { id: 'today', name: labels.today, type: 'bar', itemStyle: { color }, data: hours.map((h) => figures.today[h] ?? 0) },
      {
        id: 'yesterday',
        name: labels.yesterday,
        type: 'line',
        smooth: true,
        symbol: 'none',
        lineStyle: { color: '#9fb3c8' },
        itemStyle: { color: '#9fb3c8' },
        data: hours.map((h) => figures.yesterday[h] ?? 0),
      },
      {
        id: 'lastWeek',
        name: labels.lastWeek,
        type: 'line',
        smooth: true,
        symbol: 'none',
        lineStyle: { type: 'dashed', color: '#f2c14e' },
        itemStyle: { color: '#f2c14e' },
        data: hours.map((h) => figures.lastWeek[h] ?? 0),
      },
    ],
  };
}

/** Expected arrivals per hour for the rest of the day, all services stacked into one bar per hour. */
export function forecastOption(forecast: ManagerForecast, label: string): ChartOption {
  const byHour = new Map<number, number>();
  for (const s of forecast.services) for (const h of s.hours) byHour.set(h.hour, (byHour.get(h.hour) ?? 0) + h.expectedArrivals);
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    grid: { left: 36, right: 12, top: 12, bottom: 22 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours.map(hourLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ id: 'arrivals', name: label, type: 'bar', itemStyle: { color: '#5fb3f9' }, data: hours.map((h) => Math.round((byHour.get(h) ?? 0) * 10) / 10) }],
  };
}
