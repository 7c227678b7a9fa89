import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import { CHART_INK, timeTicks, UPlotChart } from './UPlotChart';
import type { ChartOptions, ChartScheme } from './UPlotChart';

export interface RateSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: Readonly<Record<ChartScheme, string>>;
  /** Dashed, for an expectation next to an observation. */
  readonly dashed?: boolean;
  /** Filled below the line. */
  readonly fill?: boolean;
}

interface Props {
  readonly xs: readonly number[];
  readonly series: readonly RateSeries[];
  readonly height?: number;
  /** Formats y values (axis and readouts). */
  readonly format: (v: number) => string;
  /** A shaded span, e.g. an anomaly's window, ms. */
  readonly highlight?: { readonly from: number; readonly to: number } | null;
  readonly ariaLabel: string;
  readonly testId?: string;
}

/** Lines over time (rates, shares, observed vs expected), optionally with a shaded window. */
export function RateChart({ xs, series, height = 160, format, highlight = null, ariaLabel, testId }: Props) {
  const data = useMemo(() => [xs.slice(), ...series.map((s) => s.values.slice())] as uPlot.AlignedData, [xs, series]);
  const options = useCallback(
    (scheme: ChartScheme): ChartOptions => {
      const ink = CHART_INK[scheme];
      return {
        ms: 1,
        legend: { show: series.length > 1, live: false },
        padding: [8, 16, 0, 0],
        cursor: { drag: { x: false, y: false }, points: { size: 6 } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [
          { stroke: ink.axis, grid: { show: false }, ticks: { stroke: ink.grid }, values: timeTicks, size: 28, font: '11px system-ui, sans-serif' },
          { stroke: ink.axis, grid: { stroke: ink.grid }, ticks: { show: false }, size: 52, font: '11px system-ui, sans-serif', values: (_u, splits) => splits.map(format) },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color[scheme],
            width: 1.75,
            dash: s.dashed === true ? [6, 4] : undefined,
            fill: s.fill === true ? `${s.color[scheme]}26` : undefined,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
          })),
        ],
        hooks:
          highlight === null
            ? {}
            : {
                drawClear: [
                  (u: uPlot) => {
                    const a = u.valToPos(highlight.from, 'x', true);
                    const b = u.valToPos(highlight.to, 'x', true);
                    const ctx = u.ctx;
                    ctx.save();
                    ctx.fillStyle = scheme === 'dark' ? 'rgba(250, 82, 82, 0.14)' : 'rgba(250, 82, 82, 0.10)';
                    ctx.fillRect(a, u.bbox.top, Math.max(2, b - a), u.bbox.height);
                    ctx.restore();
                  },
                ],
              },
      };
    },
    [series, format, highlight],
  );
  return <UPlotChart options={options} data={data} height={height} ariaLabel={ariaLabel} testId={testId} />;
}
