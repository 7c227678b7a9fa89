import { Group, Progress, Table, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import { useLocation } from 'wouter';
import type { ActivityTemplate, SeriesAxis } from '../../api/types';
import { LevelMixBar } from '../../components/LevelMixBar';
import { Sparkline } from '../../components/Sparkline';
import { TemplateText } from '../../components/TemplateText';
import { formatAgo, formatCount, formatDateTime, formatShare } from '../../lib/format';
import { lastBucketPartial } from '../../lib/time-range';

interface Props {
  readonly templates: readonly ActivityTemplate[];
  readonly axis: SeriesAxis;
  /** The range's end, ms: whether the last trend point is a partial bucket. */
  readonly to: number;
  /** Query string carried to the template page (the time range). */
  readonly carry: string;
}

const Row = memo(function Row({ t, axis, partial, onOpen }: { t: ActivityTemplate; axis: SeriesAxis; partial: boolean; onOpen: (id: string) => void }) {
  const first = Date.parse(t.firstSeen);
  const last = Date.parse(t.lastSeen);
  return (
    <Table.Tr onClick={() => onOpen(t.id)} style={{ cursor: 'pointer' }} data-testid="pattern-row">
      <Table.Td maw={620}>
        <Text size="sm" lineClamp={2} component="div">
          <TemplateText text={t.text} />
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {t.services.join(', ')}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={500}>
          {formatCount(t.count)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Progress value={Math.max(t.share * 100, 0.5)} w={48} size={6} />
          <Text size="xs" c="dimmed" w={40}>
            {formatShare(t.share)}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Tooltip label={`${formatCount(t.count, true)} lines, ${axis.bucketMs / 60_000} min per point`}>
          <div>
            <Sparkline values={t.series} partialLast={partial} label={`trend of ${t.text}`} />
          </div>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <LevelMixBar levels={t.levels} width={80} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={formatDateTime(first)}>
          <Text size="xs">{formatAgo(first)}</Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Tooltip label={formatDateTime(last)}>
          <Text size="xs">{formatAgo(last)}</Text>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
});

/** Templates with their count, share, trend and level mix in the range; a row opens the template. */
export function PatternTable({ templates, axis, to, carry }: Props) {
  const partial = lastBucketPartial(axis, to);
  const [, navigate] = useLocation();
  const open = (id: string) => navigate(`/patterns/${id}${carry}`);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing={6} data-testid="pattern-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Pattern</Table.Th>
            <Table.Th ta="right">Lines</Table.Th>
            <Table.Th>Share</Table.Th>
            <Table.Th>Trend</Table.Th>
            <Table.Th>Levels</Table.Th>
            <Table.Th>First seen</Table.Th>
            <Table.Th>Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {templates.map((t) => (
            <Row key={t.id} t={t} axis={axis} partial={partial} onOpen={open} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
