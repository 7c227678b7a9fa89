import { Anchor, Badge, Card, Code, Group, List, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { IncidentView } from '../../api/detection-types';
import { formatAgo } from '../../lib/format';

/** What happened, the likely cause and what to do: built from the evidence, or by a model when one is configured. */
export function IncidentSummaryCard({ incident }: { incident: IncidentView }) {
  const s = incident.summary;
  if (s === null) {
    return (
      <Card withBorder padding="md">
        <Text size="sm" c="dimmed">
          No summary yet: it is written once the incident has evidence.
        </Text>
      </Card>
    );
  }
  return (
    <Card withBorder padding="md" data-testid="incident-summary">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>Summary</Text>
          <Badge variant="light" color={s.source === 'llm' ? 'violet' : 'gray'}>
            {s.source === 'llm' ? `written by ${s.model ?? 'a model'}` : 'built-in'} · {formatAgo(s.generatedAt)}
          </Badge>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {s.summary}
        </Text>
        {s.rootCause !== null && (
          <div>
            <Text size="sm" fw={600}>
              Likely root cause
            </Text>
            <Text size="sm">{s.rootCause}</Text>
          </div>
        )}
        {s.remediation.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              What to do
            </Text>
            <List type="ordered" size="sm" spacing={2}>
              {s.remediation.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </div>
        )}
        {s.highlights.length > 0 && (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              Lines that tell the story
            </Text>
            {s.highlights.map((h) => (
              <div key={`${h.title}-${h.eventId ?? h.sample}`}>
                <Group justify="space-between" gap="xs">
                  <Text size="xs" c="dimmed">
                    {h.title}
                  </Text>
                  {h.eventId !== null && (
                    <Anchor component={Link} href={`/logs?ctx=${encodeURIComponent(h.eventId)}`} size="xs">
                      surrounding lines
                    </Anchor>
                  )}
                </Group>
                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {h.sample}
                </Code>
              </div>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
