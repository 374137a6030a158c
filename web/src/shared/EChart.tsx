/**
 * A small React wrapper around ECharts 6, importing only the charts and components the analytics page
 * uses (bar, line, pie, map; grid, tooltip, legend, visual map; canvas renderer) so the chunk stays
 * small. The chart follows its container's size and is disposed with the component.
 */
import {
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  type BarSeriesOption,
  type LineSeriesOption,
  type MapSeriesOption,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | MapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** What a click on a data item reports. */
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
  data: unknown;
}

/** Registers GeoJSON under a map name for `series: [{ type: 'map', map: name }]`. */
export function registerMap(name: string, geoJson: object): void {
  if (echarts.getMap(name) === null || echarts.getMap(name) === undefined) echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
}

export function EChart({
  option,
  height = 320,
  onClick,
  testId,
}: {
  option: ChartOption;
  height?: number;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const node = el.current!;
    const c = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(node);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (c === null || onClick === undefined) return;
    const handler = (e: unknown) => onClick(e as ChartClick);
    c.on('click', handler);
    return () => {
      c.off('click', handler);
    };
  }, [onClick]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
