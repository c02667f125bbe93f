/**
 * ECharts, only what the city view draws (lines, a grid, a legend, tooltips,
 * canvas), so the page stays small. A chart is created once per element and
 * then only updated with `setOption` (merged), so new figures animate in place.
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export type Chart = { setOption(option: ChartOption): void; resize(): void; dispose(): void };

export function createChart(el: HTMLElement): Chart {
  const chart = init(el, 'dark', { renderer: 'canvas' });
  return {
    setOption: (option) => chart.setOption(option, { notMerge: false, lazyUpdate: false }),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}

/** Today's curves of one hall: issued and served per hour, and the most people waiting at once. */
export function hourlyOption(
  points: readonly { hour: string; issued: number; served: number; peakWaiting: number }[],
  label: (hourIso: string) => string,
  names: { issued: string; served: string; peak: string },
): ChartOption {
  return {
    backgroundColor: 'transparent',
    grid: { left: 36, right: 12, top: 32, bottom: 24 },
    legend: { top: 0, textStyle: { color: '#bcd' } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => label(p.hour)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: names.issued, type: 'line', data: points.map((p) => p.issued), color: '#5fb3f9', smooth: true },
      { name: names.served, type: 'line', data: points.map((p) => p.served), color: '#4cc38a', smooth: true },
      { name: names.peak, type: 'line', data: points.map((p) => p.peakWaiting), color: '#f5a524', smooth: true, lineStyle: { type: 'dashed' } },
    ],
  };
}
