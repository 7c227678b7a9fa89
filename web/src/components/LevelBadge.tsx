import { Badge } from '@mantine/core';
import { LEVEL_COLOR } from '../lib/levels';
import type { Level } from '../lib/levels';

export function LevelBadge({ level, size = 'sm' }: { level: Level; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={LEVEL_COLOR[level]} variant="light" size={size} radius="sm">
      {level}
    </Badge>
  );
}
