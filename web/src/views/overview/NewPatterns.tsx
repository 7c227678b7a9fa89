import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { useNewestTemplates } from '../../api/templates';
import { ErrorView, LoadingState } from '../../components/StateViews';
import { TemplateText } from '../../components/TemplateText';
import { formatAgo } from '../../lib/format';

/** How many patterns appeared in the last hour and day, and the newest few. */
export function NewPatterns({ carry }: { carry: string }) {
  const newest = useNewestTemplates(200);
  if (newest.isPending) return <LoadingState label="Loading patterns…" compact />;
  if (newest.isError) return <ErrorView error={newest.error} onRetry={() => void newest.refetch()} feature="New patterns" compact />;
  const now = newest.dataUpdatedAt;
  const hour = newest.data.templates.filter((t) => now - Date.parse(t.firstSeen) < 3_600_000).length;
  const day = newest.data.templates.filter((t) => now - Date.parse(t.firstSeen) < 86_400_000).length;
  const capped = (n: number) => (n >= newest.data.templates.length && newest.data.total > n ? `${n}+` : String(n));
  return (
    <Stack gap={6} data-testid="new-patterns">
      <Group gap="lg">
        <Text size="sm">
          <b>{capped(hour)}</b> <Text span c="dimmed" size="sm">in the last hour</Text>
        </Text>
        <Text size="sm">
          <b>{capped(day)}</b> <Text span c="dimmed" size="sm">in the last day</Text>
        </Text>
      </Group>
      {newest.data.templates.slice(0, 6).map((t) => (
        <Anchor key={t.id} component={Link} href={`/patterns/${t.id}${carry}`} underline="never" c="inherit">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="xs" truncate component="div" style={{ flex: 1, minWidth: 0 }}>
              <TemplateText text={t.text} />
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {t.services[0]} · {formatAgo(Date.parse(t.firstSeen))}
            </Text>
          </Group>
        </Anchor>
      ))}
    </Stack>
  );
}

