import { Progress, Tooltip } from '@mantine/core';
import { formatCount, formatShare } from '../lib/format';
import { LEVEL_COLOR, STACK_ORDER, totalOf } from '../lib/levels';
import type { LevelCounts } from '../lib/levels';

/** The share of each level as one thin bar; the tooltip spells out the numbers. */
export function LevelMixBar({ levels, width = 96 }: { levels: LevelCounts; width?: number }) {
  const total = totalOf(levels);
  const present = STACK_ORDER.filter((l) => levels[l] > 0);
  const text = present.map((l) => `${l} ${formatCount(levels[l])} (${formatShare(levels[l] / total)})`).join(' · ');
  return (
    <Tooltip label={total === 0 ? 'no lines' : text} withArrow>
      <Progress.Root size={8} w={width} aria-label={`level mix: ${text}`}>
        {present.map((l) => (
          <Progress.Section key={l} value={(levels[l] / total) * 100} color={LEVEL_COLOR[l]} />
        ))}
      </Progress.Root>
    </Tooltip>
  );
}
