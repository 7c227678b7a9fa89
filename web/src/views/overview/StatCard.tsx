import { Card, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Sparkline } from '../../components/Sparkline';

/** One headline number with what it means and its trend. */
export function StatCard({ label, value, detail, trend, testId }: { label: string; value: string; detail: ReactNode; trend?: readonly number[]; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <div>
          <Text size="xl" fw={700} lh={1.3}>
            {value}
          </Text>
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        </div>
        {trend !== undefined && <Sparkline values={trend} width={110} height={34} />}
      </Group>
    </Card>
  );
}

