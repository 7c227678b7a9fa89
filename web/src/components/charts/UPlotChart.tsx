import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartScheme = 'light' | 'dark';

/** Axis and grid colours per theme. */
export const CHART_INK: Readonly<Record<ChartScheme, { readonly axis: string; readonly grid: string; readonly text: string }>> = {
  light: { axis: '#868e96', grid: 'rgba(0,0,0,0.06)', text: '#495057' },
  dark: { axis: '#909296', grid: 'rgba(255,255,255,0.07)', text: '#c1c2c5' },
};

/** Options without a size: the chart takes its container's width and the given height. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

interface Props {
  /** Builds the options for a theme; called again (and the chart rebuilt) when the theme or this function changes. */
  readonly options: (scheme: ChartScheme) => ChartOptions;
  readonly data: uPlot.AlignedData;
  readonly height: number;
  readonly testId?: string;
  readonly ariaLabel: string;
}

/**
 * A uPlot canvas chart sized to its container. uPlot draws tens of thousands of points in a few
 * milliseconds; the chart is rebuilt only when its options change and otherwise just gets new data.
 */
export function UPlotChart({ options, data, height, testId, ariaLabel }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const scheme = useComputedColorScheme('light');
  // The latest data, for a rebuild that happens after a data change.
  const latest = useRef(data);
  useEffect(() => {
    latest.current = data;
  }, [data]);

  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const u = new uPlot({ ...options(scheme), width: Math.max(100, el.clientWidth), height }, latest.current, el);
    chart.current = u;
    const resize = new ResizeObserver(() => {
      const w = Math.max(100, el.clientWidth);
      if (w !== u.width) u.setSize({ width: w, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, [options, scheme, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={host} data-testid={testId} role="img" aria-label={ariaLabel} style={{ width: '100%', minHeight: height }} />;
}

/** Local `HH:mm` (or `MMM d` for day-sized steps) tick labels for ms timestamps. */
export function timeTicks(_u: uPlot, splits: number[], _axis: number, foundSpace: number, foundIncr: number): string[] {
  void foundSpace;
  return splits.map((ms) => {
    const d = new Date(ms);
    if (foundIncr >= 86_400_000) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    return foundIncr < 60_000 ? `${hm}:${String(d.getSeconds()).padStart(2, '0')}` : hm;
  });
}
