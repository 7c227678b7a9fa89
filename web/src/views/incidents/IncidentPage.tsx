import { ActionIcon, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconEye, IconFileSearch, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import type { IncidentStatus } from '../../../../src/model/index.js';
import { useAddComment, useIncident, useSetIncidentStatus } from '../../api/incidents';
import type { AnomalyView, IncidentView } from '../../api/detection-types';
import { Page, Section } from '../../components/Page';
import { EmptyView, ErrorView, LoadingState } from '../../components/StateViews';
import { KIND_INFO } from '../../lib/anomaly-kinds';
import { formatAgo, formatDateTime } from '../../lib/format';
import { SEVERITY_COLOR } from '../../lib/severity';
import { absoluteRange } from '../../lib/time-range';
import { rangeQuery } from '../../lib/url-state';
import { EvidenceChart } from '../anomalies/EvidenceChart';
import { IncidentSummaryCard } from './IncidentSummaryCard';
import { IncidentTimeline } from './IncidentTimeline';
import { StatusBadge } from './StatusBadge';

/** The lifecycle buttons that apply to the current status. */
function StatusActions({ incident }: { incident: IncidentView }) {
  const setStatus = useSetIncidentStatus(incident.id);
  const act = (status: IncidentStatus) => setStatus.mutate(status);
  const busy = setStatus.isPending ? setStatus.variables : null;
  return (
    <Group gap="xs">
      {incident.status === 'open' && (
        <Button color="yellow" leftSection={<IconEye size={16} />} onClick={() => act('acknowledged')} loading={busy === 'acknowledged'} data-testid="incident-ack">
          Acknowledge
        </Button>
      )}
      {incident.status !== 'resolved' && (
        <Button color="green" leftSection={<IconCheck size={16} />} onClick={() => act('resolved')} loading={busy === 'resolved'} data-testid="incident-resolve">
          Resolve
        </Button>
      )}
      {incident.status === 'resolved' && (
        <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => act('open')} loading={busy === 'open'} data-testid="incident-reopen">
          Reopen
        </Button>
      )}
      {setStatus.isError && (
        <Text size="sm" c="red">
          {setStatus.error.message}
        </Text>
      )}
    </Group>
  );
}

function Evidence({ anomalies, total }: { anomalies: readonly AnomalyView[]; total: number }) {
  if (anomalies.length === 0) return <EmptyView title="No anomalies linked" description="The anomalies of this incident may have expired with retention." compact />;
  return (
    <Stack gap="sm" data-testid="incident-evidence">
      {anomalies.map((a) => (
        <Card key={a.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap" mb={4}>
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <Badge size="sm" variant="light" color={KIND_INFO[a.kind].color} style={{ flexShrink: 0 }}>
                {KIND_INFO[a.kind].label}
              </Badge>
              <Anchor component={Link} href={`/anomalies/${a.id}`} size="sm" fw={500} lineClamp={1}>
                {a.title}
              </Anchor>
            </Group>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {a.service} · {formatDateTime(a.windowStart)}
            </Text>
          </Group>
          <EvidenceChart anomaly={a} height={120} />
        </Card>
      ))}
      {total > anomalies.length && (
        <Text size="xs" c="dimmed">
          The first {anomalies.length} of {total} anomalies.
        </Text>
      )}
    </Stack>
  );
}

function CommentBox({ id }: { id: string }) {
  const [text, setText] = useState('');
  const add = useAddComment(id);
  return (
    <Stack gap={6}>
      <Textarea placeholder="What did you find? What did you do?" value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxRows={8} aria-label="Comment" data-testid="comment-input" />
      <Group justify="space-between">
        <Text size="xs" c={add.isError ? 'red' : 'dimmed'}>
          {add.isError ? add.error.message : 'Comments go on the timeline for whoever picks this up next.'}
        </Text>
        <Button size="xs" disabled={text.trim() === ''} loading={add.isPending} onClick={() => add.mutate(text.trim(), { onSuccess: () => setText('') })} data-testid="comment-submit">
          Add comment
        </Button>
      </Group>
    </Stack>
  );
}

function Facts({ incident: i }: { incident: IncidentView }) {
  const rows: readonly [string, string][] = [
    ['Opened', `${formatDateTime(i.openedAt)} (${formatAgo(i.openedAt)})`],
    ['Last activity', formatAgo(i.lastActivityAt)],
    ['Acknowledged', i.acknowledgedAt === null ? '—' : formatDateTime(i.acknowledgedAt)],
    ['Resolved', i.resolvedAt === null ? '—' : formatDateTime(i.resolvedAt)],
    ['Hosts', i.hosts.length === 0 ? '—' : i.hosts.join(', ')],
    ['Kinds', i.kinds.map((k) => KIND_INFO[k].label).join(', ')],
  ];
  return (
    <Card withBorder padding="sm">
      <Stack gap={4}>
        {rows.map(([k, v]) => (
          <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="xs" c="dimmed" w={96}>
              {k}
            </Text>
            <Text size="xs" style={{ flex: 1 }}>
              {v}
            </Text>
          </Group>
        ))}
        {i.regressions > 0 && (
          <Text size="xs" c="orange">
            Came back {i.regressions} time{i.regressions === 1 ? '' : 's'} after being resolved.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** One incident: what happened (summary), the evidence, the timeline and comments, and the lifecycle buttons. */
export default function IncidentPage() {
  const { id } = useParams<{ id: string }>();
  const detail = useIncident(id);
  if (detail.isPending) return <LoadingState label="Loading the incident…" />;
  if (detail.isError) {
    return (
      <ErrorView
        error={detail.error}
        onRetry={() => void detail.refetch()}
        feature="This incident"
        action={
          <Button variant="default" component={Link} href="/incidents">
            All incidents
          </Button>
        }
      />
    );
  }
  const i = detail.data.incident;
  const logs = `/logs${rangeQuery(absoluteRange(i.openedAt - 600_000, (i.resolvedAt ?? i.lastActivityAt) + 600_000), { q: `service:${i.services.join(',')} level:warn,error,fatal` })}`;
  return (
    <Page
      title={
        <Group gap="xs" wrap="nowrap">
          <Tooltip label="All incidents">
            <ActionIcon component={Link} href="/incidents" variant="subtle" aria-label="Back to incidents">
              <IconArrowLeft size={20} />
            </ActionIcon>
          </Tooltip>
          <span data-testid="incident-title">{i.title}</span>
        </Group>
      }
      subtitle={
        <Group gap={6} component="span">
          <Badge color={SEVERITY_COLOR[i.severity]}>{i.severity}</Badge>
          <StatusBadge status={i.status} />
          {i.services.map((s) => (
            <Badge key={s} variant="light" color="gray">
              {s}
            </Badge>
          ))}
        </Group>
      }
      testId="incident-page"
      actions={
        <>
          <Button variant="default" component={Link} href={logs} leftSection={<IconFileSearch size={16} />}>
            Problem lines
          </Button>
          <StatusActions incident={i} />
        </>
      }
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <IncidentSummaryCard incident={i} />
            <Section title="Evidence">
              <Evidence anomalies={detail.data.anomalies} total={i.anomalyCount} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Facts incident={i} />
            <Section title="Timeline and comments">
              <CommentBox id={i.id} />
              <IncidentTimeline entries={i.timeline} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
