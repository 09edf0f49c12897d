/**
 * ECharts, tree-shaken (docs/stack-notes.md §Charts): only the bar and line charts, their
 * grid, tooltip and legend, on the canvas renderer. Imported lazily by Chart.tsx, so the
 * dashboard's first paint does not wait for the chart library.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
