/**
 * ECharts, only the parts the manager wall draws (bars, lines, a grid, a
 * legend, tooltips, canvas), so the page stays small. A chart is created once
 * per element and then only ever updated with `setOption` (merged), which
 * animates values in place instead of redrawing.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export type Chart = {
  setOption(option: ChartOption): void;
  resize(): void;
  dispose(): void;
};

export function createChart(el: HTMLElement): Chart {
  const chart = init(el, 'dark', { renderer: 'canvas' });
  return {
    // Merge (notMerge false), and no lazy update: the new numbers animate in place.
    setOption: (option) => chart.setOption(option, { notMerge: false, lazyUpdate: false }),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
