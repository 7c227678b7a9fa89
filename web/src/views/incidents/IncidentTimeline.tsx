import { Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconBell, IconBellOff, IconBolt, IconCheck, IconEye, IconFileText, IconMessage, IconRefresh, IconTrendingUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { TimelineEntry, TimelineKind } from '../../../../src/model/index.js';
import { formatDateTime } from '../../lib/format';

const ICON: Readonly<Record<TimelineKind, ReactNode>> = {
  opened: <IconAlertTriangle size={12} />,
  anomaly: <IconBolt size={12} />,
  acknowledged: <IconEye size={12} />,
  resolved: <IconCheck size={12} />,
  auto_resolved: <IconCheck size={12} />,
  reopened: <IconRefresh size={12} />,
  regressed: <IconRefresh size={12} />,
  comment: <IconMessage size={12} />,
  summary: <IconFileText size={12} />,
  notified: <IconBell size={12} />,
  notify_failed: <IconBellOff size={12} />,
  severity: <IconTrendingUp size={12} />,
};

const COLOR: Partial<Readonly<Record<TimelineKind, string>>> = {
  opened: 'red',
  acknowledged: 'yellow',
  resolved: 'green',
  auto_resolved: 'green',
  regressed: 'orange',
  reopened: 'orange',
  notify_failed: 'red',
  comment: 'blue',
};

/** Everything that happened to the incident, newest first (under the comment box, where a new comment lands). */
export function IncidentTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <Timeline bulletSize={22} lineWidth={2} data-testid="incident-timeline">
      {[...entries].reverse().map((e, i) => (
        <Timeline.Item key={`${e.ts}-${i}`} bullet={ICON[e.kind]} color={COLOR[e.kind] ?? 'gray'} title={<Text size="sm" fw={500}>{e.kind === 'comment' ? `${e.actor} commented` : e.text}</Text>}>
          {e.kind === 'comment' && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-comment">
              {e.text}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(e.ts)} · {e.actor}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
