import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  readonly title: ReactNode;
  /** One line on what the page is for, under the title. */
  readonly subtitle?: ReactNode;
  /** Controls on the right of the title (time range, refresh…). */
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
}

/** A scrolling page with a title row; every view except the explorer (which manages its own scrolling) uses it. */
export function Page({ title, subtitle, actions, children, testId }: Props) {
  return (
    <Box style={{ flex: 1, overflow: 'auto' }} data-testid={testId}>
      <Stack gap="md" p="md" maw={1600}>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={2} size="h3">
              {title}
            </Title>
            {subtitle !== undefined && (
              <Text size="sm" c="dimmed" component="div" mt={2}>
                {subtitle}
              </Text>
            )}
          </div>
          {actions !== undefined && (
            <Group gap="xs" wrap="wrap">
              {actions}
            </Group>
          )}
        </Group>
        {children}
      </Stack>
    </Box>
  );
}

/** A titled block inside a page. */
export function Section({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={8} data-testid={testId}>
      <Group justify="space-between" gap="xs">
        <Text fw={600}>{title}</Text>
        {extra}
      </Group>
      {children}
    </Stack>
  );
}
