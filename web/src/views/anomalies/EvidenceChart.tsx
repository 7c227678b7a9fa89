import { Group, Progress, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { AnomalyView } from '../../api/detection-types';
import { RateChart } from '../../components/charts/RateChart';
import type { RateSeries } from '../../components/charts/RateChart';
import { formatNumber, formatShare } from '../../lib/format';

const OBSERVED = { light: '#e03131', dark: '#ff6b6b' } as const;
const EXPECTED = { light: '#868e96', dark: '#909296' } as const;

/** How a value in an anomaly's unit reads: shares as percentages, the rest as numbers with the unit. */
export function unitFormatter(unit: string): (v: number) => string {
  if (unit === 'share' || unit === 'ratio') return (v) => formatShare(v);
  return (v) => `${formatNumber(v, v < 10 ? 2 : 0)}${unit === '' ? '' : ` ${unit}`}`;
}

/** Observed against expected around the anomaly's window (shaded). */
export function EvidenceChart({ anomaly, height = 170 }: { anomaly: AnomalyView; height?: number }) {
  const { series, unit } = anomaly.evidence;
  const xs = useMemo(() => series.map((p) => p.ts), [series]);
  const lines = useMemo<readonly RateSeries[]>(
    () => [
      { label: 'observed', values: series.map((p) => p.observed), color: OBSERVED, fill: true },
      { label: 'expected', values: series.map((p) => p.expected), color: EXPECTED, dashed: true },
    ],
    [series],
  );
  // The axis shows bare numbers (the unit is in the caption); shares stay percentages.
  const format = useMemo(() => (unit === 'share' || unit === 'ratio' ? unitFormatter(unit) : unitFormatter('')), [unit]);
  const highlight = useMemo(() => ({ from: anomaly.windowStart, to: anomaly.windowEnd }), [anomaly.windowStart, anomaly.windowEnd]);
  if (series.length < 3) return <ObservedBars anomaly={anomaly} />;
  return (
    <div>
      <RateChart xs={xs} series={lines} format={format} height={height} highlight={highlight} ariaLabel="Observed against expected" testId="evidence-chart" />
      <Text size="xs" c="dimmed">
        {unit.includes('/') ? unit : `${unit} per window`}; the shaded span is the anomaly’s window
      </Text>
    </div>
  );
}

/** Too few points for a line: the two numbers side by side, to scale. */
function ObservedBars({ anomaly }: { anomaly: AnomalyView }) {
  const { observed, expected, unit } = anomaly.evidence;
  const format = unitFormatter(unit);
  const max = Math.max(observed, expected ?? 0) || 1;
  const bar = (label: string, value: number | null, color: string) => (
    <Group gap="xs" wrap="nowrap">
      <Text size="xs" w={64} c="dimmed">
        {label}
      </Text>
      <Progress value={value === null ? 0 : (value / max) * 100} color={color} size="lg" style={{ flex: 1 }} />
      <Text size="xs" w={150}>
        {value === null ? 'no baseline' : format(value)}
      </Text>
    </Group>
  );
  return (
    <Stack gap={6} data-testid="evidence-chart">
      {bar('observed', observed, 'red')}
      {bar('expected', expected, 'gray')}
    </Stack>
  );
}
