import { ActionIcon, Badge, Box, Card, Grid, Group, MultiSelect, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useLocation, useParams, useSearch } from 'wouter';
import { useAnomalies, useAnomaly } from '../../api/anomalies';
import type { AnomalyView } from '../../api/detection-types';
import { Page, Section } from '../../components/Page';
import { EmptyView, ErrorView, LoadingState, RangeErrorView } from '../../components/StateViews';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { ANOMALY_KINDS, KIND_INFO } from '../../lib/anomaly-kinds';
import type { AnomalyKind } from '../../lib/anomaly-kinds';
import { formatAgo, formatDateTime } from '../../lib/format';
import { SEVERITY_COLOR } from '../../lib/severity';
import { useUrlState } from '../../lib/url-state';
import { useViewRange } from '../../lib/view-range';
import { AnomalyDetail } from './AnomalyDetail';
import { AnomalyTimeline } from './AnomalyTimeline';

const LIMIT = 500;

function AnomalyTable({ anomalies, selectedId, onSelect }: { anomalies: readonly AnomalyView[]; selectedId: string | null; onSelect: (id: string) => void }) {
  return (
    <Table highlightOnHover verticalSpacing={6} data-testid="anomaly-table">
      <Table.Tbody>
        {anomalies.map((a) => (
          <Table.Tr
            key={a.id}
            onClick={() => onSelect(a.id)}
            style={{ cursor: 'pointer', opacity: a.noise ? 0.55 : 1 }}
            bg={a.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined}
            data-testid="anomaly-row"
          >
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {a.title}
              </Text>
              <Group gap={6} mt={4} wrap="nowrap">
                <Badge size="xs" variant="light" color={KIND_INFO[a.kind].color} style={{ flexShrink: 0 }}>
                  {KIND_INFO[a.kind].label}
                </Badge>
                <Badge size="xs" color={SEVERITY_COLOR[a.severity]} style={{ flexShrink: 0 }}>
                  {a.severity}
                </Badge>
                <Text size="xs" c="dimmed" truncate>
                  {a.service}
                  {a.noise ? ' · noise' : ''} ·{' '}
                  <Tooltip label={formatDateTime(a.windowStart)}>
                    <span>{formatAgo(a.windowStart)}</span>
                  </Tooltip>
                </Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SelectedAnomaly({ id, fallback }: { id: string; fallback: AnomalyView | undefined }) {
  const anomaly = useAnomaly(id);
  const shown = anomaly.data ?? fallback;
  if (shown !== undefined) return <AnomalyDetail anomaly={shown} />;
  if (anomaly.isError) return <ErrorView error={anomaly.error} onRetry={() => void anomaly.refetch()} feature="This anomaly" />;
  return <LoadingState label="Loading the anomaly…" />;
}

/**
 * What the detectors found: a timeline by service and kind, the list, and the selected
 * anomaly's evidence (at /anomalies/:id, so it can be linked).
 */
export default function AnomaliesView() {
  const params = useParams<{ id?: string }>();
  const selectedId = params.id ?? null;
  const [, navigate] = useLocation();
  const search = useSearch();
  const { get, set } = useUrlState();
  const view = useViewRange('now-24h');
  const kinds = useMemo(() => get('kind', '').split(',').filter((k): k is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(k)), [get]);
  const service = get('service', '');
  const withNoise = get('noise', '') === 'show';
  const anomalies = useAnomalies({
    from: view.resolved?.from ?? 0,
    to: view.resolved?.to ?? 1,
    kinds,
    services: service === '' ? [] : [service],
    withNoise,
    limit: LIMIT,
  });
  const select = (id: string) => navigate(`/anomalies/${id}${search === '' ? '' : `?${search}`}`);
  const list = anomalies.data?.anomalies ?? [];
  const selected = list.find((a) => a.id === selectedId);

  return (
    <Page
      title="Anomalies"
      subtitle="Each anomaly is one detector's finding with the evidence behind it. Mark the ones that do not matter as noise, and detection learns."
      testId="anomalies"
      actions={
        <>
          <TimeRangePicker value={view.range} onChange={view.setRange} />
          <Tooltip label="Refresh">
            <ActionIcon variant="default" size={36} onClick={view.refresh} aria-label="Refresh">
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        </>
      }
    >
      <Group gap="sm" wrap="wrap" align="flex-end">
        <MultiSelect
          placeholder={kinds.length === 0 ? 'All kinds' : undefined}
          data={ANOMALY_KINDS.map((k) => ({ value: k, label: KIND_INFO[k].label }))}
          value={kinds}
          onChange={(v) => set({ kind: v.join(',') })}
          clearable
          w={340}
          aria-label="Kinds"
        />
        <TextInput placeholder="Service" value={service} onChange={(e) => set({ service: e.currentTarget.value }, { replace: true })} w={180} aria-label="Service" />
        <Switch label="Show noise" checked={withNoise} onChange={(e) => set({ noise: e.currentTarget.checked ? 'show' : null })} mb={8} />
      </Group>
      {view.error !== null ? (
        <RangeErrorView message={view.error ?? 'it does not parse'} onReset={() => view.setRange({ from: 'now-24h', to: 'now' })} resetLabel="Last 24 hours" />
      ) : anomalies.isPending ? (
        <LoadingState label="Loading anomalies…" />
      ) : anomalies.isError ? (
        <ErrorView error={anomalies.error} onRetry={() => void anomalies.refetch()} feature="Anomalies" />
      ) : list.length === 0 ? (
        <EmptyView
          title="No anomalies in this range"
          description={
            kinds.length > 0 || service !== '' || !withNoise
              ? 'Nothing matches these filters. Widen the time range, clear the filters, or show the anomalies marked as noise.'
              : 'The detectors found nothing unusual here. They learn each service’s normal behaviour first, so a fresh install stays quiet for a while.'
          }
        />
      ) : (
        <>
          <Section title="Timeline" extra={<Text size="xs" c="dimmed">{list.length >= LIMIT ? `the newest ${LIMIT}` : `${list.length} anomalies`}</Text>}>
            <Card withBorder padding="sm">
              {view.resolved !== null && <AnomalyTimeline anomalies={list} from={view.resolved.from} to={view.resolved.to} selectedId={selectedId} onSelect={select} />}
            </Card>
          </Section>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Box style={{ maxHeight: '70vh', overflow: 'auto' }}>
                <AnomalyTable anomalies={list} selectedId={selectedId} onSelect={select} />
              </Box>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              {selectedId === null ? (
                <EmptyView title="Pick an anomaly" description="Click a row or a dot on the timeline to see its evidence: observed against expected, and sample lines." compact />
              ) : (
                <SelectedAnomaly id={selectedId} fallback={selected} />
              )}
            </Grid.Col>
          </Grid>
        </>
      )}
    </Page>
  );
}
