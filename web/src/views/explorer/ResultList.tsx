import { Box, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogEvent } from '../../api/types';
import type { useLogSearch } from '../../api/logs';
import { formatCount } from '../../lib/format';
import type { FilterKey } from '../../lib/search-query';
import { EventDetail } from './EventDetail';
import { LogLine } from './LogLine';

const ROW_HEIGHT = 26;
/** Start loading the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 300;

interface Props {
  readonly search: ReturnType<typeof useLogSearch>;
  readonly expandedId: string | null;
  readonly onExpand: (id: string | null) => void;
  readonly onFilter: (key: FilterKey, value: string) => void;
  readonly onSearchText: (value: string) => void;
  readonly onContext: (id: string) => void;
}

/**
 * Search results in a virtualised list: only the rows on screen exist in the DOM, so 100,000
 * loaded lines scroll like 100. Pages load ahead of the scroll position. `j`/`k` move the
 * cursor, Enter opens or closes the line under it, `c` shows its surrounding lines.
 */
export function ResultList({ search, expandedId, onExpand, onFilter, onSearchText, onContext }: Props) {
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = search;
  const events = useMemo<readonly LogEvent[]>(() => data?.pages.flatMap((p) => p.events) ?? [], [data]);
  const [cursor, setCursor] = useState(-1);
  const scroller = useRef<HTMLDivElement>(null);
  const count = events.length + 1; // the last row says whether more is coming

  // Stable callbacks: the virtualizer recomputes every row's offset (100,000 of them) whenever these change identity.
  const getItemKey = useCallback((i: number) => events[i]?.id ?? 'footer', [events]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: useCallback(() => scroller.current, []),
    estimateSize: useCallback(() => ROW_HEIGHT, []),
    overscan: 20,
    getItemKey,
  });

  // Every row has the same height except the open one, which is measured; closing it must forget that size.
  useEffect(() => {
    virtualizer.measure();
  }, [expandedId, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : 0;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= events.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastIndex, events.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const moveTo = useCallback(
    (i: number) => {
      if (events.length === 0) return;
      const next = Math.max(0, Math.min(events.length - 1, i));
      setCursor(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [events.length, virtualizer],
  );
  const toggle = useCallback((e: LogEvent) => onExpand(expandedId === e.id ? null : e.id), [expandedId, onExpand]);
  const click = useCallback(
    (e: LogEvent) => {
      setCursor(events.indexOf(e));
      toggle(e);
    },
    [events, toggle],
  );

  useHotkeys([
    ['j', () => moveTo(cursor + 1)],
    ['k', () => moveTo(cursor - 1)],
    ['ArrowDown', () => moveTo(cursor + 1)],
    ['ArrowUp', () => moveTo(cursor - 1)],
    ['Enter', () => cursor >= 0 && events[cursor] !== undefined && toggle(events[cursor])],
    ['o', () => cursor >= 0 && events[cursor] !== undefined && toggle(events[cursor])],
    ['c', () => cursor >= 0 && events[cursor] !== undefined && onContext(events[cursor].id)],
    ['Escape', () => onExpand(null)],
    ['g', () => moveTo(0)],
    ['shift+G', () => moveTo(events.length - 1)],
  ]);

  return (
    <Box ref={scroller} style={{ flex: 1, overflow: 'auto', contain: 'strict' }} data-testid="result-list" data-loaded={events.length} data-more={hasNextPage ? 1 : 0} tabIndex={-1} aria-label="Search results">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {items.map((item) => {
          const e = events[item.index];
          const open = e !== undefined && e.id === expandedId;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={open ? virtualizer.measureElement : undefined}
              // Each row lays out on its own: a new row never makes the browser re-check its neighbours.
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)`, contain: 'layout style' }}
            >
              {e === undefined ? (
                <ListFooter loaded={events.length} loading={isFetchingNextPage || hasNextPage} onMore={() => void fetchNextPage()} />
              ) : (
                <>
                  <LogLine event={e} cursor={item.index === cursor} expanded={open} onClick={click} />
                  {open && <EventDetail event={e} onFilter={onFilter} onSearchText={onSearchText} onContext={onContext} />}
                </>
              )}
            </div>
          );
        })}
      </div>
    </Box>
  );
}

function ListFooter({ loaded, loading, onMore }: { loaded: number; loading: boolean; onMore: () => void }) {
  return (
    <Center h={ROW_HEIGHT} data-testid="list-footer">
      {loading ? (
        <Group gap={6}>
          <Loader size={12} />
          <Text size="xs" c="dimmed">
            Loading older lines… ({formatCount(loaded, true)} so far)
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={onMore}>
            Load now
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          End of results: {formatCount(loaded, true)} lines. Widen the time range to see older ones.
        </Text>
      )}
    </Center>
  );
}
