import { Badge, Group, MultiSelect, SegmentedControl, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useLocation } from 'wouter';
import { INCIDENT_STATUSES } from '../../../../src/model/index.js';
import type { IncidentStatus, Severity } from '../../../../src/model/index.js';
import { useIncidents } from '../../api/incidents';
import type { IncidentView } from '../../api/detection-types';
import { Page } from '../../components/Page';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { formatAgo, formatDateTime, formatDuration } from '../../lib/format';
import { SEVERITIES, SEVERITY_COLOR } from '../../lib/severity';
import { useUrlState } from '../../lib/url-state';
import { StatusBadge } from './StatusBadge';

/** The status tabs: "active" (open or acknowledged) is what on-call looks at. */
const STATUS_TABS: Readonly<Record<string, readonly IncidentStatus[]>> = {
  active: ['open', 'acknowledged'],
  open: ['open'],
  acknowledged: ['acknowledged'],
  resolved: ['resolved'],
  all: INCIDENT_STATUSES,
};

function IncidentRow({ incident: i, onOpen }: { incident: IncidentView; onOpen: (id: string) => void }) {
  const end = i.resolvedAt ?? null;
  return (
    <Table.Tr onClick={() => onOpen(i.id)} style={{ cursor: 'pointer' }} data-testid="incident-row">
      <Table.Td>
        <Badge color={SEVERITY_COLOR[i.severity]} w={78}>
          {i.severity}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} lineClamp={2}>
          {i.title}
        </Text>
        <Text size="xs" c="dimmed">
          {i.anomalyCount} anomal{i.anomalyCount === 1 ? 'y' : 'ies'}
          {i.regressions > 0 ? ` · came back ${i.regressions}×` : ''}
        </Text>
      </Table.Td>
      <Table.Td miw={130}>
        <StatusBadge status={i.status} />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {i.services.slice(0, 4).map((s) => (
            <Badge key={s} size="sm" variant="light" color="gray">
              {s}
            </Badge>
          ))}
          {i.services.length > 4 && <Text size="xs">+{i.services.length - 4}</Text>}
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={`opened ${formatDateTime(i.openedAt)}`}>
          <Text size="sm">{end === null ? formatAgo(i.openedAt) : `lasted ${formatDuration(end - i.openedAt)}`}</Text>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c="dimmed">
          {formatAgo(i.lastActivityAt)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Incidents: grouped anomalies with a lifecycle, newest first. */
export default function IncidentsView() {
  const { get, set } = useUrlState();
  const [, navigate] = useLocation();
  const tab = get('status', 'active');
  const severities = useMemo(() => get('severity', '').split(',').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)), [get]);
  const service = get('service', '');
  const incidents = useIncidents({ statuses: STATUS_TABS[tab] ?? STATUS_TABS.active, severities, services: service === '' ? [] : [service], limit: 200 });

  return (
    <Page title="Incidents" subtitle="Related anomalies grouped into one thing to act on: acknowledge it, find the cause, resolve it." testId="incidents">
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={tab}
          onChange={(v) => set({ status: v === 'active' ? null : v })}
          data={[
            { value: 'active', label: 'Active' },
            { value: 'open', label: 'Open' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Status"
        />
        <MultiSelect
          placeholder={severities.length === 0 ? 'Any severity' : undefined}
          data={[...SEVERITIES].reverse()}
          value={severities}
          onChange={(v) => set({ severity: v.join(',') })}
          clearable
          w={260}
          aria-label="Severity"
        />
        <TextInput placeholder="Service" value={service} onChange={(e) => set({ service: e.currentTarget.value }, { replace: true })} w={180} aria-label="Service" />
      </Group>
      {incidents.isPending ? (
        <LoadingState label="Loading incidents…" />
      ) : incidents.isError ? (
        <ErrorView error={incidents.error} onRetry={() => void incidents.refetch()} feature="Incidents" />
      ) : incidents.data.incidents.length === 0 ? (
        <EmptyView
          title={tab === 'active' ? 'No active incidents' : 'No incidents match'}
          description={
            tab === 'active'
              ? 'Nothing is open or acknowledged right now. Resolved incidents are under the Resolved tab; what the detectors see is under Anomalies.'
              : 'Try another status tab, or clear the severity and service filters.'
          }
        />
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {incidents.data.total} incident{incidents.data.total === 1 ? '' : 's'}
          </Text>
          <Table highlightOnHover verticalSpacing={8} data-testid="incident-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={100}>Severity</Table.Th>
                <Table.Th>Incident</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Services</Table.Th>
                <Table.Th>Age</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>Last activity</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {incidents.data.incidents.map((i) => (
                <IncidentRow key={i.id} incident={i} onOpen={(id) => navigate(`/incidents/${id}`)} />
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Page>
  );
}
