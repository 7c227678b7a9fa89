import { Box, Button, Skeleton } from '@mantine/core';
import { IconZoomOut } from '@tabler/icons-react';
import { useHistogram } from '../../api/logs';
import type { LogSearchKey } from '../../api/logs';
import { LevelHistogram } from '../../components/charts/LevelHistogram';
import { ErrorView } from '../../components/StateViews';

/** The histogram of the current search; dragging across it narrows the time range. */
export function HistogramPanel({ searchKey, onSelect, onZoomOut }: { searchKey: LogSearchKey; onSelect: (from: number, to: number) => void; onZoomOut: () => void }) {
  const histogram = useHistogram(searchKey);
  return (
    <Box px="md" pt={6} pb={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-testid="histogram-panel">
      {histogram.isPending ? (
        <Skeleton height={132} radius="sm" />
      ) : histogram.isError ? (
        <ErrorView error={histogram.error} onRetry={() => void histogram.refetch()} feature="The histogram" compact />
      ) : (
        <LevelHistogram
          histogram={histogram.data}
          from={searchKey.from}
          to={searchKey.to}
          onSelect={onSelect}
          extra={
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconZoomOut size={14} />} onClick={onZoomOut} data-testid="zoom-out">
              Zoom out
            </Button>
          }
        />
      )}
    </Box>
  );
}
