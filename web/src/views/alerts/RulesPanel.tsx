import { ActionIcon, Badge, Button, Group, Switch, Table, Text } from '@mantine/core';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { AlertRule } from '../../api/alerts';
import { useAlertRules, useChannels, useDeleteRule, useSaveRule } from '../../api/alerts';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { KIND_INFO } from '../../lib/anomaly-kinds';
import { formatDuration } from '../../lib/format';
import { RuleForm } from './RuleForm';

/** The alert rules: which incidents go to which channels; switch, edit, delete, add. */
export function RulesPanel({ onChannels }: { onChannels: () => void }) {
  const rules = useAlertRules();
  const channels = useChannels();
  const save = useSaveRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const channelName = (id: string) => channels.data?.channels.find((c) => c.id === id)?.name ?? id;
  if (rules.isPending) return <LoadingState label="Loading rules…" />;
  if (rules.isError) return <ErrorView error={rules.error} onRetry={() => void rules.refetch()} feature="Alert rules" />;
  return (
    <>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          A rule sends matching incidents to its channels; the first match does not stop the others.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-rule">
          New rule
        </Button>
      </Group>
      {rules.data.rules.length === 0 ? (
        <EmptyView
          title="No alert rules"
          description="Without a rule, incidents are only shown here. Add a channel first, then a rule that sends incidents to it."
          action={
            (channels.data?.channels.length ?? 0) === 0 ? (
              <Button variant="light" onClick={onChannels}>
                Add a channel
              </Button>
            ) : (
              <Button variant="light" onClick={() => setEditing('new')}>
                Add a rule
              </Button>
            )
          }
        />
      ) : (
        <Table verticalSpacing={8} data-testid="rules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>On</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Matches</Table.Th>
              <Table.Th>Sends to</Table.Th>
              <Table.Th>Reminders</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.rules.map((r) => (
              <Table.Tr key={r.id} data-testid="rule-row">
                <Table.Td>
                  <Switch checked={r.enabled} onChange={(e) => save.mutate({ id: r.id, rule: { enabled: e.currentTarget.checked } })} aria-label={`Enable ${r.name}`} />
                </Table.Td>
                <Table.Td fw={500}>{r.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.minSeverity}+ · {r.services.length === 0 ? 'any service' : r.services.join(', ')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.kinds.length === 0 ? 'any kind' : r.kinds.map((k) => KIND_INFO[k].label).join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {r.channelIds.map((id) => (
                      <Badge key={id} variant="light" size="sm">
                        {channelName(id)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.renotifyMs === 0 ? 'once' : `every ${formatDuration(r.renotifyMs)}`}</Text>
                  <Text size="xs" c="dimmed">
                    {r.notifyResolved ? 'and on resolve' : 'not on resolve'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon variant="subtle" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                      <IconEdit size={16} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" onClick={() => window.confirm(`Delete the rule "${r.name}"?`) && remove.mutate(r.id)} aria-label={`Delete ${r.name}`}>
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
        <Text size="sm" c="red">
          Could not delete: {remove.error.message}
        </Text>
      )}
      {editing !== null && <RuleForm rule={editing === 'new' ? null : editing} channels={channels.data?.channels ?? []} onClose={() => setEditing(null)} />}
    </>
  );
}

