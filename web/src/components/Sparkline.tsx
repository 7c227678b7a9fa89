import { memo } from 'react';

interface Props {
  readonly values: readonly number[];
  /** The last value covers a bucket still filling: drawn dashed so its dip does not read as a drop. */
  readonly partialLast?: boolean;
  readonly width?: number;
  readonly height?: number;
  readonly color?: string;
  readonly label?: string;
}

/**
 * A tiny trend line in SVG: dozens of them fit in a table where a canvas chart per row would
 * cost far more. Scaled to its own maximum; a flat zero line when there is nothing.
 */
export const Sparkline = memo(function Sparkline({ values, partialLast = false, width = 96, height = 24, color = 'var(--mantine-color-blue-filled)', label }: Props) {
  const max = Math.max(0, ...values) || 1;
  const n = values.length;
  const step = n > 1 ? width / (n - 1) : width;
  const y = (v: number) => height - 1 - (v / max) * (height - 3);
  const solid = partialLast && n > 1 ? n - 1 : n;
  let line = '';
  for (let i = 0; i < solid; i++) line += `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(values[i]).toFixed(1)}`;
  const area = solid > 0 ? `${line}L${((solid - 1) * step).toFixed(1)},${height}L0,${height}Z` : '';
  const tail = solid < n ? `M${((n - 2) * step).toFixed(1)},${y(values[n - 2]).toFixed(1)}L${((n - 1) * step).toFixed(1)},${y(values[n - 1]).toFixed(1)}` : '';
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? 'trend'} style={{ display: 'block', overflow: 'visible' }}>
      {solid > 0 && <path d={area} fill={color} opacity={0.15} />}
      {solid > 0 && <path d={line} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />}
      {tail !== '' && <path d={tail} fill="none" stroke={color} strokeWidth={1.5} strokeDasharray="2 2" opacity={0.6} />}
    </svg>
  );
});
