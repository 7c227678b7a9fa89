import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import { useChannels, useNotifications } from '../../api/alerts';
import type { NotificationView } from '../../api/detection-types';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { formatAgo } from '../../lib/format';

const DELIVERY_COLOR: Readonly<Record<NotificationView['status'], string>> = { delivered: 'green', pending: 'gray', failed: 'red', dropped: 'orange' };

/** The delivery log: what was sent where, and what failed with which error. */
export function DeliveriesPanel() {
  const log = useNotifications();
  const channels = useChannels();
  const channelName = (id: string) => channels.data?.channels.find((c) => c.id === id)?.name ?? id;
  if (log.isPending) return <LoadingState label="Loading the delivery log…" />;
  if (log.isError) return <ErrorView error={log.error} onRetry={() => void log.refetch()} feature="The delivery log" />;
  if (log.data.notifications.length === 0) return <EmptyView title="Nothing sent yet" description="Notifications appear here once a rule matches an incident, or when you send a test." />;
  return (
    <Table verticalSpacing={6} data-testid="deliveries-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Channel</Table.Th>
          <Table.Th>Why</Table.Th>
          <Table.Th>Incident</Table.Th>
          <Table.Th>Attempts</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {log.data.notifications.map((n) => (
          <Table.Tr key={n.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Text size="sm">{formatAgo(n.createdAt)}</Text>
            </Table.Td>
            <Table.Td>
              <Badge size="sm" color={DELIVERY_COLOR[n.status]} variant="light">
                {n.status}
              </Badge>
              {n.lastError !== null && (
                <Text size="xs" c="red" lineClamp={2}>
                  {n.lastError}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{channelName(n.channelId)}</Table.Td>
            <Table.Td>
              <Text size="sm">{n.reason}</Text>
            </Table.Td>
            <Table.Td>
              {n.incidentId === null ? (
                '—'
              ) : (
                <Anchor component={Link} href={`/incidents/${n.incidentId}`} size="sm">
                  open
                </Anchor>
              )}
            </Table.Td>
            <Table.Td>{n.attempts}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

