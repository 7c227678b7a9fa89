import { Badge } from '@mantine/core';
import type { IncidentStatus } from '../../../../src/model/index.js';

const COLOR: Readonly<Record<IncidentStatus, string>> = { open: 'red', acknowledged: 'yellow', resolved: 'green' };

export function StatusBadge({ status, size = 'sm' }: { status: IncidentStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={COLOR[status]} variant="dot" size={size} data-testid="incident-status">
      {status}
    </Badge>
  );
}
