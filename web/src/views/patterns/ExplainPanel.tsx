import { Badge, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useExplanation } from '../../api/anomalies';
import type { Contributor } from '../../api/detection-types';
import { ErrorView, LoadingState } from '../../components/StateViews';
import { formatCount, formatNumber, formatShare } from '../../lib/format';

interface Props {
  readonly baseline: { readonly from: number; readonly to: number };
  readonly problem: { readonly from: number; readonly to: number };
  readonly service?: string;
}

const DIMENSIONS = [
  { key: 'services', title: 'Services' },
  { key: 'levels', title: 'Levels' },
  { key: 'hosts', title: 'Hosts' },
  { key: 'params', title: 'Parameter values' },
] as const;

function ContributorRow({ c }: { c: Contributor }) {
  const up = c.difference >= 0;
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" py={2} style={{ opacity: c.significant ? 1 : 0.6 }}>
      <Text size="sm" className="ls-mono" truncate style={{ flex: 1, minWidth: 0 }} title={c.label} c={c.label === '' ? 'dimmed' : undefined}>
        {c.label === '' ? '(none)' : c.label}
      </Text>
      <Tooltip label={`${formatCount(Math.round(c.observed), true)} lines where the baseline predicts ${formatNumber(c.expected, 1)}; ${formatShare(Math.abs(c.share))} of the change`}>
        <Text size="xs" c={up ? 'red' : 'blue'} style={{ whiteSpace: 'nowrap' }}>
          {up ? '+' : '−'}
          {formatCount(Math.abs(Math.round(c.difference)), true)} (×{formatNumber(c.ratio, c.ratio < 10 ? 1 : 0)})
        </Text>
      </Tooltip>
    </Group>
  );
}

/**
 * What accounts for the difference between the windows beyond templates: which services,
 * levels, hosts and parameter values carry the change (GET /api/v1/explain).
 */
export function ExplainPanel({ baseline, problem, service }: Props) {
  const explanation = useExplanation({ from: problem.from, to: problem.to, baselineFrom: baseline.from, baselineTo: baseline.to, service });
  if (explanation.isPending) return <LoadingState label="Explaining the difference…" compact />;
  if (explanation.isError) return <ErrorView error={explanation.error} onRetry={() => void explanation.refetch()} feature="Explaining the difference" compact />;
  const e = explanation.data;
  return (
    <Stack gap="xs" data-testid="explain-panel">
      <Text size="sm">
        The problem window has <b>{formatCount(Math.round(e.total.observed), true)}</b> lines where the baseline predicts {formatCount(Math.round(e.total.expected), true)}{' '}
        <Badge size="sm" variant="light" color={e.total.ratio >= 1 ? 'red' : 'blue'}>
          ×{formatNumber(e.total.ratio, 2)}
        </Badge>
        . Faded entries are within normal variation.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 4 }}>
        {DIMENSIONS.map((d) => (
          <Card key={d.key} withBorder padding="sm">
            <Text fw={600} size="sm" mb={4}>
              {d.title}
            </Text>
            {e[d.key].length === 0 ? (
              <Text size="xs" c="dimmed">
                No change worth showing.
              </Text>
            ) : (
              e[d.key].map((c) => <ContributorRow key={c.key} c={c} />)
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
