import { ActionIcon, Alert, Box, Button, Group, Switch, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { useLogSearch } from '../../api/logs';
import type { LogSearchKey } from '../../api/logs';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { EmptyView, ErrorView, LoadingState, RangeErrorView } from '../../components/StateViews';
import { parseSearch, searchParams, withFilter } from '../../lib/search-query';
import type { FilterKey } from '../../lib/search-query';
import { absoluteRange } from '../../lib/time-range';
import { useUrlState } from '../../lib/url-state';
import { useViewRange } from '../../lib/view-range';
import { ContextDrawer } from './ContextDrawer';
import { HistogramPanel } from './HistogramPanel';
import { LiveTail } from './LiveTail';
import { ResultList } from './ResultList';
import { SearchBar } from './SearchBar';

/** Nothing matched: why that may be, and the two likeliest ways out. */
function NoResults({ text, onWiden, onClear }: { text: string; onWiden: () => void; onClear: () => void }) {
  return (
    <EmptyView
      title="No lines match"
      description={
        <>
          Nothing in this time range matches <Text span ff="monospace">{text === '' ? 'everything' : text}</Text>. Widen the range, remove a filter, or remember that free
          text matches the start of words (<Text span ff="monospace">time</Text> finds “timeout”, <Text span ff="monospace">out</Text> does not).
        </>
      }
      action={
        <Group>
          <Button variant="light" onClick={onWiden}>
            Search the last 24 hours
          </Button>
          {text !== '' && (
            <Button variant="default" onClick={onClear}>
              Clear the search
            </Button>
          )}
        </Group>
      }
    />
  );
}

/**
 * The logs explorer: search box, time range, histogram (drag to zoom), results (virtualised,
 * keyboard driven, lines open in place), surrounding lines, and live tail. All of it is in the
 * URL: q, from, to, live, line (the open line) and ctx (the line whose surroundings are shown).
 */
export default function ExplorerView() {
  const { get, set } = useUrlState();
  const text = get('q', '');
  const view = useViewRange('now-15m');
  const { setRange, refresh } = view;
  const live = get('live', '') === '1';
  const expandedId = get('line', '') || null;
  const contextId = get('ctx', '') || null;

  const query = useMemo(() => parseSearch(text), [text]);
  const filters = useMemo(() => searchParams(query), [query]);
  // Resolved once per search (see useViewRange): the histogram and every page of results agree on "now".
  const key = useMemo<LogSearchKey | null>(() => (view.resolved === null ? null : { filters, ...view.resolved }), [filters, view.resolved]);
  const search = useLogSearch(key ?? { filters, from: 0, to: 1 }, key !== null && !live);

  const submit = useCallback(
    (q: string) => {
      set({ q, line: null });
      refresh();
    },
    [set, refresh],
  );
  const addFilter = useCallback((k: FilterKey, v: string) => submit(withFilter(text, k, v)), [submit, text]);
  const addText = useCallback((v: string) => submit(`${text} ${/\s/.test(v) ? `"${v}"` : v}`.trim()), [submit, text]);
  const expand = useCallback((id: string | null) => set({ line: id }, { replace: true }), [set]);
  const showContext = useCallback((id: string | null) => set({ ctx: id }), [set]);
  const zoom = useCallback((from: number, to: number) => setRange(absoluteRange(from, to)), [setRange]);
  /** Twice the span around the same centre, not past now. */
  const zoomOut = () => {
    if (view.resolved === null) return;
    const { from, to } = view.resolved;
    const span = to - from;
    const end = Math.min(Date.now(), to + span / 2);
    setRange(absoluteRange(end - 2 * span, end));
  };
  useHotkeys([['l', () => set({ live: live ? null : '1' })]]);

  const events = search.data?.pages[0]?.events.length ?? 0;
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }} data-testid="explorer">
      <Group px="md" py="xs" gap="xs" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <SearchBar value={text} onSubmit={submit} />
        {!live && <TimeRangePicker value={view.range} onChange={setRange} />}
        {!live && (
          <Tooltip label="Search again up to now">
            <ActionIcon variant="default" size={36} onClick={refresh} aria-label="Refresh">
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        )}
        <Tooltip label="Stream new lines as they arrive (l)">
          <Switch checked={live} onChange={(e) => set({ live: e.currentTarget.checked ? '1' : null, line: null })} label="Live tail" data-testid="live-toggle" />
        </Tooltip>
      </Group>
      {query.problems.length > 0 && (
        <Alert color="yellow" variant="light" radius={0} py={6} icon={<IconAlertTriangle size={16} />} data-testid="query-problems">
          {query.problems.join('; ')}: that filter is ignored.
        </Alert>
      )}
      {live ? (
        <LiveTail filters={filters} searchText={text} onFilter={addFilter} onSearchText={addText} onContext={showContext} />
      ) : key === null ? (
        <RangeErrorView message={view.error ?? 'it does not parse'} onReset={() => setRange({ from: 'now-15m', to: 'now' })} />
      ) : (
        <>
          <HistogramPanel searchKey={key} onSelect={zoom} onZoomOut={zoomOut} />
          {search.isPending ? (
            <LoadingState label="Searching…" />
          ) : search.isError ? (
            <ErrorView error={search.error} onRetry={() => void search.refetch()} feature="Search" />
          ) : events === 0 && !search.hasNextPage ? (
            <NoResults text={text} onWiden={() => setRange({ from: 'now-24h', to: 'now' })} onClear={() => submit('')} />
          ) : (
            <ResultList search={search} expandedId={expandedId} onExpand={expand} onFilter={addFilter} onSearchText={addText} onContext={showContext} />
          )}
        </>
      )}
      <ContextDrawer id={contextId} onClose={() => showContext(null)} />
    </Box>
  );
}
