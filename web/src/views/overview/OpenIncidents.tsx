import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { SEVERITIES } from '../../../../src/model/index.js';
import { useIncidents } from '../../api/incidents';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { SEVERITY_COLOR } from '../../lib/severity';
import { formatAgo } from '../../lib/format';

const FILTER = { statuses: ['open', 'acknowledged'], severities: [], services: [], limit: 100 } as const;

/** The stat card: open and acknowledged incidents by severity. */
function Summary() {
  const incidents = useIncidents(FILTER);
  const counts = new Map<string, number>();
  for (const i of incidents.data?.incidents ?? []) counts.set(i.severity, (counts.get(i.severity) ?? 0) + 1);
  const total = incidents.data?.total ?? 0;
  return (
    <Card withBorder padding="sm" data-testid="stat-incidents">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        Open incidents
      </Text>
      {incidents.isError ? (
        <Text size="sm" c="dimmed" mt={6}>
          Unavailable: {incidents.error.message}
        </Text>
      ) : (
        <>
          <Text size="xl" fw={700} lh={1.3} c={total > 0 ? 'red' : undefined}>
            {incidents.isPending ? '…' : total}
          </Text>
          <Group gap={4}>
            {[...SEVERITIES].reverse().map((s) => (
              <Badge key={s} size="sm" variant={counts.has(s) ? 'filled' : 'outline'} color={SEVERITY_COLOR[s]}>
                {counts.get(s) ?? 0} {s}
              </Badge>
            ))}
          </Group>
        </>
      )}
    </Card>
  );
}

/** The five most recent open incidents. */
function List() {
  const incidents = useIncidents(FILTER);
  if (incidents.isPending) return <LoadingState label="Loading incidents…" compact />;
  if (incidents.isError) return <ErrorView error={incidents.error} onRetry={() => void incidents.refetch()} feature="Incidents" compact />;
  if (incidents.data.incidents.length === 0) return <EmptyView title="Nothing open" description="No incident is open or acknowledged. Anomalies that belong together become incidents here." compact />;
  return (
    <Stack gap={6} data-testid="open-incidents">
      {incidents.data.incidents.slice(0, 5).map((i) => (
        <Anchor key={i.id} component={Link} href={`/incidents/${i.id}`} underline="never" c="inherit">
          <Group gap="xs" wrap="nowrap">
            <Badge size="sm" color={SEVERITY_COLOR[i.severity]} w={74}>
              {i.severity}
            </Badge>
            <Text size="sm" truncate style={{ flex: 1 }}>
              {i.title}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {i.status === 'acknowledged' ? 'ack · ' : ''}
              {formatAgo(i.openedAt)}
            </Text>
          </Group>
        </Anchor>
      ))}
    </Stack>
  );
}

export const OpenIncidents = { Summary, List };
