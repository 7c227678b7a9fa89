import { Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { ParamDistribution } from '../../api/types';
import { formatCount, formatNumber, formatShare } from '../../lib/format';

interface Props {
  readonly params: readonly ParamDistribution[];
  /** Opens the lines where a parameter has this value. */
  readonly onValue: (value: string) => void;
}

function NumericSummary({ n }: { n: NonNullable<ParamDistribution['numeric']> }) {
  const cells: readonly [string, number][] = [
    ['min', n.min],
    ['p50', n.p50],
    ['p90', n.p90],
    ['p99', n.p99],
    ['max', n.max],
    ['mean', n.mean],
  ];
  return (
    <Table withRowBorders={false} verticalSpacing={0} fz="xs" data-testid="param-numeric">
      <Table.Thead>
        <Table.Tr>
          {cells.map(([k]) => (
            <Table.Th key={k} c="dimmed" fw={500}>
              {k}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          {cells.map(([k, v]) => (
            <Table.Td key={k} className="ls-mono">
              {formatNumber(v, 2)}
            </Table.Td>
          ))}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function ParamCard({ p, onValue }: { p: ParamDistribution; onValue: (v: string) => void }) {
  const topShare = p.top.reduce((n, t) => n + t.count, 0) / Math.max(1, p.sampled);
  return (
    <Card withBorder padding="sm" data-testid="param-card">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <span className="ls-wildcard ls-mono">{`<${p.position + 1}>`}</span>
          <Text fw={600} size="sm">
            {p.name ?? `parameter ${p.position + 1}`}
          </Text>
          <Badge size="xs" variant="outline" color="gray">
            {p.type}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {formatCount(p.distinct, true)} distinct in {formatCount(p.sampled, true)} lines
        </Text>
      </Group>
      {/* Percentiles of a single repeated value say nothing the value list does not. */}
      {p.numeric !== null && p.distinct > 1 && <NumericSummary n={p.numeric} />}
      <Stack gap={3} mt={p.numeric === null || p.distinct <= 1 ? 0 : 6}>
        {p.top.map((t) => (
          <Tooltip key={t.value} label="Show lines with this value" position="left" openDelay={400}>
            <UnstyledButton onClick={() => onValue(t.value)} data-testid="param-value">
              <Group gap={8} wrap="nowrap">
                <Text size="xs" className="ls-mono" style={{ flex: 1, minWidth: 0 }} truncate>
                  {t.value === '' ? '(empty)' : t.value}
                </Text>
                <Progress value={(t.count / Math.max(1, p.sampled)) * 100} w={90} size={6} />
                <Text size="xs" c="dimmed" w={52} ta="right">
                  {formatShare(t.count / Math.max(1, p.sampled))}
                </Text>
              </Group>
            </UnstyledButton>
          </Tooltip>
        ))}
        {p.distinct > p.top.length && (
          <Text size="xs" c="dimmed">
            and {formatCount(p.distinct - p.top.length, true)} other values ({formatShare(1 - topShare)} of lines)
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** The values each parameter took, from the server's sample of recent lines. */
export function ParamDistributions({ params, onValue }: Props) {
  if (params.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This template has no parameters: every line is the same text.
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} data-testid="param-distributions">
      {params.map((p) => (
        <ParamCard key={p.position} p={p} onValue={onValue} />
      ))}
    </SimpleGrid>
  );
}
