import { Anchor, Badge, Box, Button, Drawer, Group, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowDown, IconEraser, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { LogEvent } from '../../api/types';
import { formatCount } from '../../lib/format';
import type { FilterKey } from '../../lib/search-query';
import { absoluteRange } from '../../lib/time-range';
import { EventDetail } from './EventDetail';
import { LogLine, MarkerLine } from './LogLine';
import { isMarker } from './tail-buffer';
import type { TailMarker } from './tail-buffer';
import { TAIL_CAPACITY, useLiveTail } from './use-live-tail';
import type { TailStatus } from './use-live-tail';

const ROW_HEIGHT = 26;

const STATUS: Readonly<Record<TailStatus, { label: string; color: string }>> = {
  connecting: { label: 'Connecting…', color: 'gray' },
  live: { label: 'Live', color: 'green' },
  paused: { label: 'Paused', color: 'yellow' },
  reconnecting: { label: 'Reconnecting…', color: 'orange' },
  failed: { label: 'Stopped', color: 'red' },
};

interface Props {
  readonly filters: Readonly<Record<string, string>>;
  readonly searchText: string;
  readonly onFilter: (key: FilterKey, value: string) => void;
  readonly onSearchText: (value: string) => void;
  readonly onContext: (id: string) => void;
}

function GapMarker({ marker, searchText }: { marker: TailMarker; searchText: string }) {
  return (
    <MarkerLine ts={marker.ts} text={marker.text}>
      {marker.gapFrom !== null && marker.gapTo !== null && (
        <Anchor size="xs" component={Link} href={`/logs?${new URLSearchParams({ q: searchText, ...absoluteRange(marker.gapFrom, marker.gapTo + 1000) }).toString()}`}>
          search them
        </Anchor>
      )}
    </MarkerLine>
  );
}

/**
 * New lines as they are stored, newest at the bottom. The view follows the newest line until
 * the user scrolls up (then it holds still while lines keep arriving below); `p` pauses.
 */
export function LiveTail({ filters, searchText, onFilter, onSearchText, onContext }: Props) {
  const tail = useLiveTail(filters, true);
  const { buffer, version } = tail;
  const scroller = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [opened, setOpened] = useState<LogEvent | null>(null);
  const trimmedSeen = useRef(0);

  // Stable callbacks (see ResultList). Rows are keyed by position: as lines stream in, React
  // refills the same few row elements instead of creating and removing them.
  const virtualizer = useVirtualizer({
    count: buffer.length,
    getScrollElement: useCallback(() => scroller.current, []),
    estimateSize: useCallback(() => ROW_HEIGHT, []),
    overscan: 10,
  });

  // After each redraw: stick to the bottom when following; otherwise keep the lines the user reads in place as old ones are trimmed.
  useLayoutEffect(() => {
    const el = scroller.current;
    const trimmed = buffer.trimmed - trimmedSeen.current;
    trimmedSeen.current = buffer.trimmed;
    if (el === null) return;
    if (following) el.scrollTop = el.scrollHeight;
    else if (trimmed > 0) el.scrollTop = Math.max(0, el.scrollTop - trimmed * ROW_HEIGHT);
  }, [version, following, buffer]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el === null) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    setFollowing(atBottom);
  }, []);

  const jump = () => {
    setFollowing(true);
    const el = scroller.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  };
  const togglePause = () => (tail.status === 'paused' ? tail.resume() : tail.pause());
  useHotkeys([
    ['p', togglePause],
    ['End', jump],
  ]);
  useEffect(() => {
    if (tail.status === 'live' && buffer.length === 0) setFollowing(true);
  }, [tail.status, buffer.length]);

  const status = STATUS[tail.status];
  return (
    <Box style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0, position: 'relative' }} data-testid="live-tail">
      <Group px="md" py={6} gap="sm" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="sm">
          <Badge color={status.color} variant="dot" size="lg" data-testid="tail-status">
            {status.label}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="tail-stats">
            <span data-testid="tail-rate">{formatCount(Math.round(tail.rate), true)}</span> lines/s · <span data-testid="tail-received">{formatCount(buffer.received, true)}</span> received
            {buffer.trimmed > 0 && ` · showing the newest ${formatCount(TAIL_CAPACITY, true)}`}
          </Text>
          {tail.error !== null && (
            <Text size="xs" c="red" data-testid="tail-error">
              {tail.error}
            </Text>
          )}
        </Group>
        <Group gap="xs">
          <Tooltip label="Pause or resume (p). Paused lines wait on the server, nothing is lost.">
            <Button
              size="xs"
              variant={tail.status === 'paused' ? 'filled' : 'light'}
              color={tail.status === 'paused' ? 'green' : 'yellow'}
              leftSection={tail.status === 'paused' ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
              onClick={togglePause}
              disabled={tail.status === 'failed' || tail.status === 'connecting'}
              data-testid="tail-pause"
            >
              {tail.status === 'paused' ? 'Resume' : 'Pause'}
            </Button>
          </Tooltip>
          <Button size="xs" variant="default" leftSection={<IconEraser size={14} />} onClick={tail.clear}>
            Clear
          </Button>
        </Group>
      </Group>
      <Box ref={scroller} onScroll={onScroll} style={{ flex: 1, overflow: 'auto', contain: 'strict', position: 'relative' }} data-testid="tail-list" aria-label="Live tail" aria-live="off">
        {buffer.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="xl" data-testid="tail-waiting">
            {tail.status === 'failed' ? 'The live tail stopped: fix the search and try again.' : 'Waiting for new lines that match the search…'}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const it = buffer.at(item.index);
              if (it === undefined) return null;
              return (
                <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                  {isMarker(it) ? <GapMarker marker={it} searchText={searchText} /> : <LogLine event={it} onClick={setOpened} />}
                </div>
              );
            })}
          </div>
        )}
      </Box>
      {!following && buffer.length > 0 && (
        <Button size="xs" radius="xl" leftSection={<IconArrowDown size={14} />} onClick={jump} style={{ position: 'absolute', bottom: 24, left: '50%', transform: 'translateX(-50%)', zIndex: 5 }} data-testid="tail-jump">
          Newest lines
        </Button>
      )}
      <Drawer opened={opened !== null} onClose={() => setOpened(null)} position="right" size="min(900px, 92vw)" title="Line" padding="sm">
        {opened !== null && (
          <EventDetail
            event={opened}
            onFilter={(k, v) => {
              setOpened(null);
              onFilter(k, v);
            }}
            onSearchText={(v) => {
              setOpened(null);
              onSearchText(v);
            }}
            onContext={(id) => {
              setOpened(null);
              onContext(id);
            }}
          />
        )}
      </Drawer>
    </Box>
  );
}
