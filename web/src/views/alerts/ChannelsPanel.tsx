import { ActionIcon, Badge, Button, Group, Switch, Table, Text } from '@mantine/core';
import { IconEdit, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Channel } from '../../api/alerts';
import { useChannels, useDeleteChannel, useSaveChannel, useTestChannel } from '../../api/alerts';
import type { NotificationView } from '../../api/detection-types';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { ChannelForm, CHANNEL_TYPES } from './ChannelForm';

/** Sends a test notification and says whether it arrived (and why not). */
function TestButton({ channel }: { channel: Channel }) {
  const test = useTestChannel();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const show = (n: NotificationView) => setResult(n.status === 'delivered' ? { ok: true, text: 'Delivered' } : { ok: false, text: `${n.status === 'failed' ? 'Failed' : n.status}${n.lastError === null ? '' : `: ${n.lastError}`}` });
  return (
    <Group gap={6} wrap="nowrap">
      <Button
        size="xs"
        variant="light"
        leftSection={<IconSend size={14} />}
        loading={test.isPending}
        onClick={() => test.mutate(channel.id, { onSuccess: show, onError: (err) => setResult({ ok: false, text: err.message }) })}
        data-testid="channel-test"
      >
        Send test notification
      </Button>
      {result !== null && (
        <Text size="xs" c={result.ok ? 'green' : 'red'} data-testid="channel-test-result" lineClamp={2}>
          {result.text}
        </Text>
      )}
    </Group>
  );
}

/** The notification channels, each with a test button. */
export function ChannelsPanel() {
  const channels = useChannels();
  const save = useSaveChannel();
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  if (channels.isPending) return <LoadingState label="Loading channels…" />;
  if (channels.isError) return <ErrorView error={channels.error} onRetry={() => void channels.refetch()} feature="Notification channels" />;
  return (
    <>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Where notifications go. Send a test to check a channel before a real incident does.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-channel">
          New channel
        </Button>
      </Group>
      {channels.data.channels.length === 0 ? (
        <EmptyView title="No channels" description="Add a webhook or a Slack channel, then point an alert rule at it." />
      ) : (
        <Table verticalSpacing={8} data-testid="channels-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>On</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Test</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.channels.map((c) => (
              <Table.Tr key={c.id} data-testid="channel-row">
                <Table.Td>
                  <Switch checked={c.enabled} onChange={(e) => save.mutate({ id: c.id, channel: { enabled: e.currentTarget.checked } })} aria-label={`Enable ${c.name}`} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                  <Text size="xs" c="dimmed" className="ls-mono">
                    {typeof c.config.url === 'string' ? c.config.url : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray">
                    {CHANNEL_TYPES[c.type]?.label ?? c.type}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <TestButton channel={c} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon variant="subtle" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>
                      <IconEdit size={16} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" onClick={() => window.confirm(`Delete the channel "${c.name}"?`) && remove.mutate(c.id)} aria-label={`Delete ${c.name}`}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {remove.isError && (
        <Text size="sm" c="red" data-testid="channel-delete-error">
          Could not delete: {remove.error.message}
        </Text>
      )}
      {editing !== null && <ChannelForm channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

