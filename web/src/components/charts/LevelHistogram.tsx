import { Group, Text, useComputedColorScheme } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import uPlot from 'uplot';
import type { HistogramResponse } from '../../api/types';
import { formatCount, formatDateTime } from '../../lib/format';
import { LEVEL_HEX, STACK_ORDER } from '../../lib/levels';
import type { Level } from '../../lib/levels';
import { CHART_INK, timeTicks, UPlotChart } from './UPlotChart';
import type { ChartOptions, ChartScheme } from './UPlotChart';

interface Props {
  readonly histogram: HistogramResponse;
  /** The range the histogram covers, ms: the x axis spans it even where there are no events. */
  readonly from: number;
  readonly to: number;
  readonly height?: number;
  /** Called with the dragged range (ms); omit to disable selection. */
  readonly onSelect?: (from: number, to: number) => void;
  /** Controls shown at the right of the readout line (e.g. zoom out). */
  readonly extra?: ReactNode;
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8];

interface Hover {
  readonly ts: number;
  readonly counts: Readonly<Record<Level, number>>;
}

/**
 * Event counts per bucket stacked by level (problems at the bottom). Dragging across it selects
 * a time range; hovering reads out the exact counts of a bucket.
 */
export function LevelHistogram({ histogram, from, to, height = 110, onSelect, extra }: Props) {
  const [hover, setHover] = useState<Hover | null>(null);
  const { bucketMs } = histogram;

  // Every bucket in the range, zero-filled, so gaps show as gaps; then cumulative sums for stacking.
  const { data, raw } = useMemo(() => {
    const first = Math.floor(from / bucketMs) * bucketMs;
    const n = Math.max(1, Math.ceil((to - first) / bucketMs));
    const xs = new Array<number>(n);
    const byLevel = STACK_ORDER.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) xs[i] = first + i * bucketMs;
    for (const b of histogram.buckets) {
      const i = Math.round((b.ts - first) / bucketMs);
      if (i < 0 || i >= n) continue;
      STACK_ORDER.forEach((l, k) => {
        byLevel[k][i] += b.counts[l] ?? 0;
      });
    }
    const cumulative = byLevel.map((row) => row.slice());
    for (let k = 1; k < cumulative.length; k++) for (let i = 0; i < n; i++) cumulative[k][i] += cumulative[k - 1][i];
    // uPlot draws series in order: the tallest stack first, each lower one over it.
    const stacked: uPlot.AlignedData = [xs, ...cumulative.slice().reverse()];
    return { data: stacked, raw: byLevel };
  }, [histogram, from, to, bucketMs]);

  // The hover readout reads the latest counts without rebuilding the chart for each new histogram.
  const rawRef = useRef(raw);
  useEffect(() => {
    rawRef.current = raw;
  }, [raw]);
  const scheme = useComputedColorScheme('light');

  const options = useCallback(
    (scheme: ChartScheme): ChartOptions => {
      const ink = CHART_INK[scheme];
      const colors = LEVEL_HEX[scheme];
      const bars = uPlot.paths.bars?.({ size: [0.9, 64], gap: 1 });
      return {
        ms: 1,
        legend: { show: false },
        padding: [6, 16, 0, 0],
        cursor: {
          drag: onSelect === undefined ? { x: false, y: false } : { x: true, y: false, setScale: false },
          points: { show: false },
        },
        select: { show: onSelect !== undefined, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: true, range: () => [from, to] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] } },
        axes: [
          { stroke: ink.axis, grid: { show: false }, ticks: { stroke: ink.grid }, values: timeTicks, size: 26, font: '11px system-ui, sans-serif' },
          {
            stroke: ink.axis,
            grid: { stroke: ink.grid },
            ticks: { show: false },
            size: 52,
            // Counts are whole: no 0.5 ticks on an empty or tiny histogram.
            incrs: COUNT_STEPS,
            font: '11px system-ui, sans-serif',
            values: (_u, splits) => splits.map((v) => formatCount(v)),
          },
        ],
        series: [
          {},
          ...STACK_ORDER.slice()
            .reverse()
            .map((level) => ({ label: level, fill: colors[level], stroke: colors[level], width: 0, paths: bars, points: { show: false } })),
        ],
        hooks: {
          setSelect: [
            (u: uPlot) => {
              if (onSelect === undefined || u.select.width < 3) return;
              const a = u.posToVal(u.select.left, 'x');
              const b = u.posToVal(u.select.left + u.select.width, 'x');
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              // Snap to whole buckets: the selection then matches the bars the user covered.
              const lo = Math.max(from, Math.floor(a / bucketMs) * bucketMs);
              const hi = Math.min(to, Math.ceil(b / bucketMs) * bucketMs);
              if (hi > lo) onSelect(lo, hi);
            },
          ],
          setCursor: [
            (u: uPlot) => {
              const i = u.cursor.idx;
              if (i === null || i === undefined) {
                setHover(null);
                return;
              }
              const counts = {} as Record<Level, number>;
              STACK_ORDER.forEach((l, k) => {
                counts[l] = rawRef.current[k][i] ?? 0;
              });
              setHover({ ts: (u.data[0][i] as number) ?? 0, counts });
            },
          ],
        },
      };
    },
    [from, to, bucketMs, onSelect],
  );

  const total = useMemo(() => raw.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0), [raw]);

  return (
    <div>
      <Group justify="space-between" gap="xs" mb={2} wrap="nowrap" style={{ minHeight: 20 }}>
        <Text size="xs" c="dimmed" data-testid="histogram-readout" truncate style={{ flex: 1, minWidth: 0 }}>
          {hover === null ? (
            <>
              <b>{formatCount(total, true)}</b> events{histogram.complete ? '' : ' (at least: counting stopped early)'} · {bucketLabel(bucketMs)} buckets
              {onSelect !== undefined && ' · drag across the chart to zoom in'}
            </>
          ) : (
            <>
              <b>{formatDateTime(hover.ts)}</b>
              {STACK_ORDER.filter((l) => hover.counts[l] > 0).map((l) => (
                <span key={l} style={{ marginLeft: 10 }}>
                  <span style={{ color: LEVEL_HEX[scheme][l], fontWeight: 700 }}>■</span> {l} {formatCount(hover.counts[l], true)}
                </span>
              ))}
            </>
          )}
        </Text>
        {extra}
      </Group>
      <UPlotChart options={options} data={data} height={height} testId="level-histogram" ariaLabel="Events over time by level" />
    </div>
  );
}

function bucketLabel(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
