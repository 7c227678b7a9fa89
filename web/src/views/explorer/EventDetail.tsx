import { ActionIcon, Anchor, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowsVertical, IconCheck, IconCopy, IconFilter, IconLink, IconPuzzle, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { LogEvent } from '../../api/types';
import { useTemplate } from '../../api/templates';
import { LevelBadge } from '../../components/LevelBadge';
import { TemplateText } from '../../components/TemplateText';
import type { FilterKey } from '../../lib/search-query';
import { extractParams } from '../../lib/template-params';

interface Props {
  readonly event: LogEvent;
  readonly onFilter: (key: FilterKey, value: string) => void;
  /** Adds a value to the free text (attributes have no filter of their own). */
  readonly onSearchText: (value: string) => void;
  readonly onContext: (id: string) => void;
}

function FilterButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label}>
      <ActionIcon size="sm" variant="subtle" onClick={onClick} aria-label={label}>
        <IconFilter size={14} />
      </ActionIcon>
    </Tooltip>
  );
}

function Field({ name, children, action }: { name: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td w={110} c="dimmed" style={{ verticalAlign: 'top' }}>
        {name}
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-all' }}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <span className="ls-mono">{children}</span>
          {action}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Where the template, and each parameter's value in this line, are shown. */
function TemplateSection({ event, onFilter }: { event: LogEvent; onFilter: Props['onFilter'] }) {
  const template = useTemplate(event.templateId);
  if (template.isPending) return <Text size="sm" c="dimmed">Loading template…</Text>;
  if (template.isError) return <Text size="sm" c="dimmed">Template {event.templateId} is not available ({template.error.message}).</Text>;
  const t = template.data;
  const params = extractParams(t.text, event.message);
  return (
    <Stack gap={6}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          Template
        </Text>
        <Group gap={4}>
          <Button size="compact-xs" variant="subtle" leftSection={<IconFilter size={12} />} onClick={() => onFilter('template', event.templateId)}>
            Lines like this
          </Button>
          <Button size="compact-xs" variant="subtle" component={Link} href={`/patterns/${event.templateId}`} leftSection={<IconPuzzle size={12} />}>
            Open pattern
          </Button>
        </Group>
      </Group>
      <Code block>
        <TemplateText text={t.text} numbered />
      </Code>
      {params !== null && params.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} fz="xs" data-testid="line-params">
          <Table.Tbody>
            {params.map((value, i) => (
              <Table.Tr key={i}>
                <Table.Td w={110} c="dimmed">
                  {`<${i + 1}>`} {t.params[i]?.name ?? t.params[i]?.type ?? ''}
                </Table.Td>
                <Table.Td className="ls-mono" style={{ wordBreak: 'break-all' }}>
                  {value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        {t.count.toLocaleString()} lines stored with this template, in {t.services.join(', ')}.
      </Text>
    </Stack>
  );
}

/** A line opened up: every field, its attributes, its template and parameters, and what to do next. */
export function EventDetail({ event, onFilter, onSearchText, onContext }: Props) {
  const attrs = Object.entries(event.attrs ?? {});
  const link = `${window.location.origin}/logs?ctx=${encodeURIComponent(event.id)}&from=${encodeURIComponent(new Date(event.ts - 300_000).toISOString())}&to=${encodeURIComponent(new Date(event.ts + 300_000).toISOString())}`;
  return (
    <Paper withBorder radius={0} p="sm" mx={0} data-testid="event-detail" style={{ borderLeft: '3px solid var(--mantine-color-blue-filled)' }}>
      <Stack gap="sm">
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconArrowsVertical size={14} />} onClick={() => onContext(event.id)} data-testid="show-context">
            Show surrounding lines
          </Button>
          <CopyButton value={event.message}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy message'}
              </Button>
            )}
          </CopyButton>
          <CopyButton value={link}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" leftSection={copied ? <IconCheck size={14} /> : <IconLink size={14} />} onClick={copy}>
                {copied ? 'Link copied' : 'Copy link to line'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Code block className="ls-mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 320, overflow: 'auto' }}>
          {event.message}
        </Code>
        <Group align="flex-start" grow wrap="wrap" gap="lg">
          <Stack gap={4} miw={280}>
            <Text size="sm" fw={600}>
              Fields
            </Text>
            <Table withRowBorders={false} verticalSpacing={2} fz="xs">
              <Table.Tbody>
                <Field name="time">
                  {event.time} <Text span size="xs" c="dimmed">({new Date(event.ts).toLocaleString()})</Text>
                </Field>
                <Field name="level" action={<FilterButton label={`Only ${event.level}`} onClick={() => onFilter('level', event.level)} />}>
                  <LevelBadge level={event.level} size="xs" />
                </Field>
                <Field name="service" action={<FilterButton label={`Only service ${event.service}`} onClick={() => onFilter('service', event.service)} />}>
                  {event.service}
                </Field>
                <Field name="host" action={event.host === '' ? undefined : <FilterButton label={`Only host ${event.host}`} onClick={() => onFilter('host', event.host)} />}>
                  {event.host === '' ? '—' : event.host}
                </Field>
                {event.traceId !== null && (
                  <Field name="trace" action={<FilterButton label="Every line of this trace" onClick={() => onFilter('trace', event.traceId ?? '')} />}>
                    {event.traceId}
                  </Field>
                )}
                {event.spanId !== null && <Field name="span">{event.spanId}</Field>}
                <Field name="template" action={<FilterButton label="Lines with this template" onClick={() => onFilter('template', event.templateId)} />}>
                  <Anchor component={Link} href={`/patterns/${event.templateId}`} size="xs">
                    {event.templateId}
                  </Anchor>
                </Field>
                <Field name="id">{event.id}</Field>
              </Table.Tbody>
            </Table>
          </Stack>
          <Stack gap={4} miw={280}>
            <Text size="sm" fw={600}>
              Attributes {attrs.length === 0 && <Text span size="xs" c="dimmed">(none)</Text>}
            </Text>
            {attrs.length > 0 && (
              <Table withRowBorders={false} verticalSpacing={2} fz="xs" data-testid="line-attrs">
                <Table.Tbody>
                  {attrs.map(([k, v]) => (
                    <Field
                      key={k}
                      name={k}
                      action={
                        v === null || v === '' ? undefined : (
                          <Tooltip label="Search for this value">
                            <ActionIcon size="sm" variant="subtle" onClick={() => onSearchText(String(v))} aria-label={`Search for ${String(v)}`}>
                              <IconSearch size={14} />
                            </ActionIcon>
                          </Tooltip>
                        )
                      }
                    >
                      {v === null ? 'null' : String(v)}
                    </Field>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Group>
        <TemplateSection event={event} onFilter={onFilter} />
      </Stack>
    </Paper>
  );
}
