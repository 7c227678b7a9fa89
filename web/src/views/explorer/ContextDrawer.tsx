import { Button, Drawer, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconFileSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useLogContext } from '../../api/logs';
import { ErrorView, LoadingState } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { absoluteRange } from '../../lib/time-range';
import { LogLine } from './LogLine';

const STEP = 50;
const MAX = 500;

/**
 * "Show surrounding lines": the lines stored just before and after one line (same source
 * partition, arrival order), whatever the current search — the neighbourhood that explains it.
 */
export function ContextDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="min(1100px, 92vw)" title={<Text fw={600}>Surrounding lines</Text>} padding="sm" data-testid="context-drawer">
      {/* Keyed by line: a new line starts again from the default window. */}
      {id !== null && <ContextLines key={id} id={id} onClose={onClose} />}
    </Drawer>
  );
}

function ContextLines({ id, onClose }: { id: string; onClose: () => void }) {
  const [before, setBefore] = useState(30);
  const [after, setAfter] = useState(30);
  const context = useLogContext(id, before, after);
  const target = useRef<HTMLDivElement>(null);
  const loaded = context.data !== undefined;
  useEffect(() => {
    if (loaded) target.current?.scrollIntoView({ block: 'center' });
  }, [loaded]);

  const events = context.data?.events ?? [];
  const centre = events.find((e) => e.id === id);
  return (
    <Stack gap="xs" h="calc(100dvh - 80px)">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {centre === undefined ? 'Lines stored around this one, in arrival order, from every service.' : `Around ${formatDateTime(centre.ts)} (${centre.service}), in arrival order, from every service.`}
        </Text>
        {centre !== undefined && (
          <Button
            size="xs"
            variant="light"
            component={Link}
            leftSection={<IconFileSearch size={14} />}
            href={`/logs?${new URLSearchParams({ ...absoluteRange(centre.ts - 60_000, centre.ts + 60_000) }).toString()}`}
            onClick={onClose}
          >
            Search ±1 minute
          </Button>
        )}
      </Group>
      {context.isPending ? (
        <LoadingState label="Loading surrounding lines…" />
      ) : context.isError ? (
        <ErrorView error={context.error} onRetry={() => void context.refetch()} feature="Surrounding lines" />
      ) : (
        <ScrollArea style={{ flex: 1 }} type="auto" data-testid="context-lines">
          <Group justify="center" py={4}>
            <Button size="compact-xs" variant="subtle" leftSection={<IconArrowUp size={12} />} disabled={before >= MAX} onClick={() => setBefore((b) => Math.min(MAX, b + STEP))}>
              {STEP} earlier lines
            </Button>
          </Group>
          {events.map((e) => (
            <div key={e.id} ref={e.id === id ? target : undefined}>
              <LogLine event={e} target={e.id === id} />
            </div>
          ))}
          <Group justify="center" py={4}>
            <Button size="compact-xs" variant="subtle" leftSection={<IconArrowDown size={12} />} disabled={after >= MAX} onClick={() => setAfter((a) => Math.min(MAX, a + STEP))}>
              {STEP} later lines
            </Button>
          </Group>
        </ScrollArea>
      )}
    </Stack>
  );
}
