import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { memo, useMemo } from 'react';
import type { AnomalyView } from '../../api/detection-types';
import { KIND_INFO } from '../../lib/anomaly-kinds';
import { formatDateTime } from '../../lib/format';
import { severityRank } from '../../lib/severity';

const LANE = 28;
const LABEL = 120;

interface Props {
  readonly anomalies: readonly AnomalyView[];
  readonly from: number;
  readonly to: number;
  readonly selectedId: string | null;
  readonly onSelect: (id: string) => void;
}

/** Local HH:mm ticks across the range, about one per 120 px. */
function ticks(from: number, to: number, width: number): number[] {
  const want = Math.max(2, Math.floor(width / 120));
  const steps = [60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];
  const step = steps.find((s) => (to - from) / s <= want) ?? 86_400_000 * Math.ceil((to - from) / want / 86_400_000);
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t < to; t += step) out.push(t);
  return out;
}

function tickLabel(ms: number, span: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return span > 86_400_000 ? `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${hm}` : hm;
}

/**
 * Anomalies on a time axis, one lane per service, coloured by kind and sized by severity:
 * where the trouble clusters shows at a glance. A dot opens its anomaly.
 */
export const AnomalyTimeline = memo(function AnomalyTimeline({ anomalies, from: rangeFrom, to: rangeTo, selectedId, onSelect }: Props) {
  const { ref, width } = useElementSize();
  // The axis spans the anomalies (padded), not the whole range: a day with trouble in its last
  // ten minutes should not squeeze every dot against the right edge.
  const { from, to } = useMemo(() => {
    if (anomalies.length === 0) return { from: rangeFrom, to: rangeTo };
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of anomalies) {
      lo = Math.min(lo, a.windowStart);
      hi = Math.max(hi, a.windowEnd);
    }
    const pad = Math.max(5 * 60_000, (hi - lo) * 0.08);
    return { from: Math.max(rangeFrom, lo - pad), to: Math.min(rangeTo, hi + pad) };
  }, [anomalies, rangeFrom, rangeTo]);
  const lanes = useMemo(() => {
    const by = new Map<string, AnomalyView[]>();
    for (const a of anomalies) {
      const list = by.get(a.service);
      if (list === undefined) by.set(a.service, [a]);
      else list.push(a);
    }
    // Busiest lanes first.
    return [...by.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [anomalies]);
  const plot = Math.max(100, width - LABEL - 12);
  const x = (ms: number) => LABEL + ((Math.min(to, Math.max(from, ms)) - from) / (to - from)) * plot;
  const height = lanes.length * LANE + 24;
  const kinds = [...new Set(anomalies.map((a) => a.kind))];
  return (
    <Box ref={ref} data-testid="anomaly-timeline">
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label="Anomalies over time by service and kind">
          {lanes.map(([service], i) => (
            <g key={service}>
              <rect x={0} y={i * LANE} width={width} height={LANE} fill={i % 2 === 0 ? 'var(--mantine-color-default-hover)' : 'transparent'} />
              <text x={8} y={i * LANE + LANE / 2 + 4} fontSize={12} fill="var(--mantine-color-text)">
                {service.length > 16 ? `${service.slice(0, 15)}…` : service}
              </text>
            </g>
          ))}
          {ticks(from, to, plot).map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={0} y2={lanes.length * LANE} stroke="var(--mantine-color-default-border)" strokeDasharray="2 3" />
              <text x={x(t)} y={lanes.length * LANE + 16} fontSize={11} textAnchor="middle" fill="var(--mantine-color-dimmed)">
                {tickLabel(t, to - from)}
              </text>
            </g>
          ))}
          {lanes.map(([service, list], i) =>
            list.map((a) => {
              const r = 4 + severityRank(a.severity) * 1.5;
              const selected = a.id === selectedId;
              return (
                <Tooltip key={a.id} label={`${formatDateTime(a.windowStart)} · ${KIND_INFO[a.kind].label} · ${a.title}`} withinPortal>
                  <circle
                    cx={x(a.windowStart)}
                    cy={i * LANE + LANE / 2}
                    r={selected ? r + 2 : r}
                    fill={KIND_INFO[a.kind].hex}
                    fillOpacity={a.noise ? 0.25 : 0.85}
                    stroke={selected ? 'var(--mantine-color-text)' : 'var(--mantine-color-body)'}
                    strokeWidth={selected ? 2 : 1}
                    style={{ cursor: 'pointer' }}
                    onClick={() => onSelect(a.id)}
                    data-testid="timeline-dot"
                    aria-label={`${service}: ${a.title}`}
                  />
                </Tooltip>
              );
            }),
          )}
        </svg>
      )}
      <Group gap="md" mt={4}>
        {kinds.map((k) => (
          <Group key={k} gap={4}>
            <svg width={10} height={10} aria-hidden="true">
              <circle cx={5} cy={5} r={5} fill={KIND_INFO[k].hex} />
            </svg>
            <Text size="xs" c="dimmed">
              {KIND_INFO[k].label}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          · larger = more severe · faded = marked as noise
        </Text>
      </Group>
    </Box>
  );
});
