import { ActionIcon, Anchor, Card, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link, useLocation } from 'wouter';
import { useHistogram } from '../../api/logs';
import { LevelHistogram } from '../../components/charts/LevelHistogram';
import { RateChart } from '../../components/charts/RateChart';
import type { RateSeries } from '../../components/charts/RateChart';
import { Page, Section } from '../../components/Page';
import { EmptyView, ErrorView, LoadingState, RangeErrorView } from '../../components/StateViews';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { formatCount, formatNumber, formatShare } from '../../lib/format';
import { absoluteRange, isRelative } from '../../lib/time-range';
import { rangeQuery } from '../../lib/url-state';
import { useViewRange } from '../../lib/view-range';
import { BusiestServices } from './BusiestServices';
import { NewPatterns } from './NewPatterns';
import { OpenIncidents } from './OpenIncidents';
import { useRecent, useSeries } from './overview-series';
import { StatCard } from './StatCard';

/** A relative range keeps moving: the overview looks again this often, ms. */
const REFRESH_MS = 30_000;

const ERROR_COLOR = { light: '#fa5252', dark: '#ff6b6b' } as const;

/** The first screen: how much is logged, how much of it is errors, what is open, what is new, who is loudest. */
export default function OverviewView() {
  const view = useViewRange('now-6h');
  const [, navigate] = useLocation();
  const key = useMemo(() => (view.resolved === null ? null : { filters: {}, ...view.resolved }), [view.resolved]);
  const histogram = useHistogram(key ?? { filters: {}, from: 0, to: 1 }, key !== null);
  const recentKey = useMemo(() => (view.resolved === null ? null : { filters: {}, from: view.resolved.to - 16 * 60_000, to: view.resolved.to, bucket: '1m' }), [view.resolved]);
  const recentHistogram = useHistogram(recentKey ?? { filters: {}, from: 0, to: 1 }, recentKey !== null);
  const rates = useSeries(histogram.data, key?.from ?? 0, key?.to ?? 1);
  const recent = useRecent(recentHistogram.data, recentKey?.to ?? 0);
  const carry = rangeQuery(view.range);
  const { refresh } = view;
  const relative = isRelative(view.range);

  // A relative range keeps moving: look again every half minute.
  useEffect(() => {
    if (!relative) return;
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [relative, refresh]);

  const errorSeries = useMemo<readonly RateSeries[]>(() => (rates === null ? [] : [{ label: 'error share', values: rates.errorShare, color: ERROR_COLOR, fill: true }]), [rates]);

  return (
    <Page
      title="Overview"
      subtitle="What is being logged, how much of it is errors, and what needs attention."
      testId="overview"
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
      {view.error !== null || key === null ? (
        <RangeErrorView message={view.error ?? 'it does not parse'} onReset={() => view.setRange({ from: 'now-6h', to: 'now' })} resetLabel="Last 6 hours" />
      ) : histogram.isError ? (
        <ErrorView error={histogram.error} onRetry={() => void histogram.refetch()} feature="The overview" />
      ) : histogram.isPending ? (
        <LoadingState label="Counting events…" />
      ) : rates === null ? (
        <EmptyView
          title="No logs in this range yet"
          description="Send logs to logsift (see the README: curl, Loki, Elasticsearch _bulk, OTLP, Splunk HEC, syslog), or start it with --demo for simulated traffic."
        />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <StatCard
              label="Ingest rate"
              value={recent === null ? '…' : `${formatNumber(recent.rate, recent.rate < 10 ? 1 : 0)}/s`}
              detail="lines per second, last 5 minutes"
              trend={rates.perSecond}
              testId="stat-rate"
            />
            <StatCard
              label="Error rate"
              value={recent === null ? '…' : formatShare(recent.errorShare)}
              detail={`error and fatal lines, last 15 minutes; ${formatShare(rates.errorShareAll)} over the range`}
              trend={rates.errorShare.map((v) => v ?? 0)}
              testId="stat-errors"
            />
            <StatCard label="Volume" value={formatCount(rates.total)} detail="lines in the range" testId="stat-volume" />
            <OpenIncidents.Summary />
          </SimpleGrid>
          <Section title="Volume by level" extra={<Text size="xs" c="dimmed">Drag across the chart to open those lines in the explorer.</Text>}>
            <Card withBorder padding="sm">
              <LevelHistogram histogram={histogram.data} from={key.from} to={key.to} height={150} onSelect={(a, b) => navigate(`/logs${rangeQuery(absoluteRange(a, b))}`)} />
            </Card>
          </Section>
          <Section title="Error rate" extra={<Text size="xs" c="dimmed">Share of error and fatal lines per bucket.</Text>}>
            <Card withBorder padding="sm">
              <RateChart xs={rates.xs} series={errorSeries} format={(v) => formatShare(v)} height={130} ariaLabel="Error share over time" testId="error-rate-chart" />
            </Card>
          </Section>
          <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="lg">
            <Section title="Busiest services">
              <BusiestServices from={key.from} to={key.to} carry={carry} />
            </Section>
            <Section title="Open incidents" extra={<Anchor component={Link} href="/incidents" size="xs">All incidents</Anchor>}>
              <OpenIncidents.List />
            </Section>
            <Section title="New patterns" extra={<Anchor component={Link} href={`/patterns${rangeQuery(view.range, { sort: 'new' })}`} size="xs">All patterns</Anchor>}>
              <NewPatterns carry={carry} />
            </Section>
          </SimpleGrid>
        </>
      )}
    </Page>
  );
}

