import { ActionIcon, Button, Group, SegmentedControl, Select, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowsDiff, IconListDetails, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useServiceActivity, useTemplateActivity } from '../../api/templates';
import { Page } from '../../components/Page';
import { EmptyView, ErrorView, LoadingState, RangeErrorView } from '../../components/StateViews';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { formatCount } from '../../lib/format';
import { rangeQuery, useUrlState } from '../../lib/url-state';
import { useViewRange } from '../../lib/view-range';
import type { ViewRange } from '../../lib/view-range';
import { CompareWindows } from './CompareWindows';
import { PatternTable } from './PatternTable';

const SORTS = [
  { value: 'count', label: 'Most lines' },
  { value: 'rare', label: 'Rarest' },
  { value: 'new', label: 'Newest' },
  { value: 'recent', label: 'Latest seen' },
] as const;
type Sort = (typeof SORTS)[number]['value'];

const PAGE = 100;

function ServiceSelect({ view, value, onChange }: { view: ViewRange; value: string; onChange: (s: string | null) => void }) {
  const services = useServiceActivity(view.resolved?.from ?? 0, view.resolved?.to ?? 1, 200);
  return (
    <Select
      placeholder="All services"
      data={(services.data?.services ?? []).map((s) => s.name)}
      value={value === '' ? null : value}
      onChange={onChange}
      clearable
      searchable
      w={180}
      aria-label="Service"
      nothingFoundMessage="No service logged in this range"
    />
  );
}

function PatternList({ view }: { view: ViewRange }) {
  const { get, set } = useUrlState();
  const q = get('q', '');
  const service = get('service', '');
  const sort = get('sort', 'count') as Sort;
  const [draft, setDraft] = useState(q);
  const [debounced] = useDebouncedValue(draft, 250);
  const [limit, setLimit] = useState(PAGE);
  // Typing filters as you go; the URL follows once typing pauses.
  useEffect(() => {
    if (debounced !== q) set({ q: debounced }, { replace: true });
  }, [debounced, q, set]);

  const activity = useTemplateActivity({ from: view.resolved?.from ?? 0, to: view.resolved?.to ?? 1, q: q || undefined, service: service || undefined, sort, limit });
  const carry = rangeQuery(view.range);
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <TextInput
          placeholder="Filter patterns by text"
          leftSection={<IconSearch size={16} />}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          w={320}
          aria-label="Filter patterns"
          data-testid="pattern-filter"
        />
        <ServiceSelect view={view} value={service} onChange={(s) => set({ service: s })} />
        <SegmentedControl size="sm" value={sort} onChange={(v) => set({ sort: v === 'count' ? null : v })} data={SORTS.map((s) => ({ value: s.value, label: s.label }))} aria-label="Sort" />
      </Group>
      {activity.isPending ? (
        <LoadingState label="Counting patterns…" />
      ) : activity.isError ? (
        <ErrorView error={activity.error} onRetry={() => void activity.refetch()} feature="Patterns" />
      ) : activity.data.templates.length === 0 ? (
        <EmptyView
          title="No pattern has lines in this range"
          description={q !== '' || service !== '' ? 'No pattern matches the filter here. Clear the filter or widen the time range.' : 'Nothing was logged in this time range. Widen it, or send some logs (see the README).'}
          action={
            <Button variant="light" onClick={() => view.setRange({ from: 'now-24h', to: 'now' })}>
              Last 24 hours
            </Button>
          }
        />
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="pattern-summary">
            {formatCount(activity.data.matched, true)} patterns with lines in this range · {formatCount(activity.data.total, true)} lines in all
          </Text>
          <PatternTable templates={activity.data.templates} axis={activity.data.axis} to={activity.data.to} carry={carry} />
          {activity.data.matched > activity.data.templates.length && (
            <Group justify="center">
              <Button variant="light" onClick={() => setLimit((l) => l + PAGE)} loading={activity.isFetching}>
                Show {Math.min(PAGE, activity.data.matched - activity.data.templates.length)} more
              </Button>
            </Group>
          )}
        </>
      )}
    </>
  );
}

/** Patterns: the mined templates active in a range, and the comparison of two windows. */
export default function PatternsView() {
  const { get, set } = useUrlState();
  const tab = get('view', 'list');
  const view = useViewRange('now-1h');
  return (
    <Page
      title="Patterns"
      subtitle="Every log line is mined into a template: constant text with parameters. Find the patterns that matter, and what changed between two windows."
      testId="patterns"
      actions={
        tab === 'list' ? (
          <>
            <TimeRangePicker value={view.range} onChange={view.setRange} />
            <Tooltip label="Count again up to now">
              <ActionIcon variant="default" size={36} onClick={view.refresh} aria-label="Refresh">
                <IconRefresh size={18} />
              </ActionIcon>
            </Tooltip>
          </>
        ) : undefined
      }
    >
      <Tabs value={tab} onChange={(v) => set({ view: v === 'list' ? null : v })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list" leftSection={<IconListDetails size={16} />}>
            Patterns
          </Tabs.Tab>
          <Tabs.Tab value="compare" leftSection={<IconArrowsDiff size={16} />} data-testid="compare-tab">
            Compare windows
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {view.error !== null ? (
        <RangeErrorView message={view.error ?? 'it does not parse'} onReset={() => view.setRange({ from: 'now-1h', to: 'now' })} resetLabel="Last 1 hour" />
      ) : tab === 'compare' ? (
        <CompareWindows />
      ) : (
        <PatternList view={view} />
      )}
    </Page>
  );
}
