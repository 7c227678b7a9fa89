import { ActionIcon, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconFileSearch, IconRefresh } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { useHistogram, useLogSearch } from '../../api/logs';
import { useTemplate } from '../../api/templates';
import { LevelHistogram } from '../../components/charts/LevelHistogram';
import { LevelMixBar } from '../../components/LevelMixBar';
import { Page, Section } from '../../components/Page';
import { ErrorView, LoadingState } from '../../components/StateViews';
import { TemplateText } from '../../components/TemplateText';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { formatAgo, formatCount, formatDateTime } from '../../lib/format';
import { absoluteRange } from '../../lib/time-range';
import { rangeQuery } from '../../lib/url-state';
import { useViewRange } from '../../lib/view-range';
import { LogLine } from '../explorer/LogLine';
import { ParamDistributions } from './ParamDistributions';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Card>
  );
}

/** Recent lines of the template in the range, and a way into the explorer for all of them. */
function RecentLines({ id, from, to }: { id: string; from: number; to: number }) {
  const [, navigate] = useLocation();
  const search = useLogSearch({ filters: { template: id }, from, to }, true);
  const events = search.data?.pages[0]?.events.slice(0, 25) ?? [];
  if (search.isPending) return <LoadingState label="Loading lines…" compact />;
  if (search.isError) return <ErrorView error={search.error} onRetry={() => void search.refetch()} feature="Lines" compact />;
  if (events.length === 0) return <Text size="sm" c="dimmed">No lines of this pattern in this range.</Text>;
  return (
    <Card withBorder padding={0} data-testid="template-lines">
      {events.map((e) => (
        <LogLine key={e.id} event={e} onClick={(ev) => navigate(`/logs${rangeQuery(absoluteRange(from, to), { q: `template:${id}`, line: ev.id })}`)} />
      ))}
    </Card>
  );
}

/** One pattern: its text, numbers, histogram, parameter distributions and lines. */
export default function TemplatePage() {
  const { id } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  const view = useViewRange('now-1h');
  const template = useTemplate(id);
  const key = useMemo(() => (view.resolved === null ? null : { filters: { template: id }, ...view.resolved }), [id, view.resolved]);
  const histogram = useHistogram(key ?? { filters: {}, from: 0, to: 1 }, key !== null);
  const carry = rangeQuery(view.range);
  const explore = (extra: string) => navigate(`/logs${rangeQuery(view.range, { q: `template:${id}${extra}` })}`);

  return (
    <Page
      title={
        <Group gap="xs">
          <Tooltip label="All patterns">
            <ActionIcon component={Link} href={`/patterns${carry}`} variant="subtle" aria-label="Back to patterns">
              <IconArrowLeft size={20} />
            </ActionIcon>
          </Tooltip>
          Pattern <Code fz="sm">{id}</Code>
        </Group>
      }
      testId="template-page"
      actions={
        <>
          <TimeRangePicker value={view.range} onChange={view.setRange} />
          <Tooltip label="Count again up to now">
            <ActionIcon variant="default" size={36} onClick={view.refresh} aria-label="Refresh">
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
          <Button leftSection={<IconFileSearch size={16} />} onClick={() => explore('')}>
            Open lines in explorer
          </Button>
        </>
      }
    >
      {template.isPending ? (
        <LoadingState label="Loading the pattern…" />
      ) : template.isError ? (
        <ErrorView
          error={template.error}
          onRetry={() => void template.refetch()}
          feature="This pattern"
          action={
            <Button variant="default" component={Link} href={`/patterns${carry}`}>
              All patterns
            </Button>
          }
        />
      ) : (
        <>
          <Card withBorder padding="md">
            <Text size="lg" component="div" data-testid="template-text">
              <TemplateText text={template.data.text} numbered />
            </Text>
            <Text size="xs" c="dimmed" mt={6}>
              Example: <span className="ls-mono">{template.data.sample}</span>
            </Text>
            {(template.data.replacedBy !== null || template.data.related.length > 0) && (
              <Text size="xs" c="dimmed" mt={4}>
                {template.data.replacedBy !== null && (
                  <>
                    Generalised into{' '}
                    <Anchor component={Link} href={`/patterns/${template.data.replacedBy}${carry}`} size="xs">
                      {template.data.replacedBy}
                    </Anchor>
                    .{' '}
                  </>
                )}
                {template.data.related.length > 0 && `Searching it also finds ${template.data.related.length} related template(s) from generalisation.`}
              </Text>
            )}
          </Card>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Stat label="Lines stored">
              <Text size="xl" fw={700}>
                {formatCount(template.data.count, true)}
              </Text>
            </Stat>
            <Stat label="First seen">
              <Tooltip label={formatDateTime(Date.parse(template.data.firstSeen))}>
                <Text size="lg" fw={600}>
                  {formatAgo(Date.parse(template.data.firstSeen))}
                </Text>
              </Tooltip>
            </Stat>
            <Stat label="Last seen">
              <Tooltip label={formatDateTime(Date.parse(template.data.lastSeen))}>
                <Text size="lg" fw={600}>
                  {formatAgo(Date.parse(template.data.lastSeen))}
                </Text>
              </Tooltip>
            </Stat>
            <Stat label="Levels and services">
              <Stack gap={6} mt={6}>
                <LevelMixBar levels={template.data.levels} width={160} />
                <Group gap={4}>
                  {template.data.services.map((s) => (
                    <Badge key={s} variant="light" color="gray" size="sm">
                      {s}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            </Stat>
          </SimpleGrid>
          <Section title="Lines over time">
            <Card withBorder padding="sm">
              {histogram.isPending || key === null ? (
                <LoadingState label="Counting…" compact />
              ) : histogram.isError ? (
                <ErrorView error={histogram.error} onRetry={() => void histogram.refetch()} feature="The histogram" compact />
              ) : (
                <LevelHistogram histogram={histogram.data} from={key.from} to={key.to} onSelect={(a, b) => view.setRange(absoluteRange(a, b))} height={120} />
              )}
            </Card>
          </Section>
          <Section title="Parameters" extra={<Text size="xs" c="dimmed">From a sample of up to 1,000 recent lines. Click a value to see its lines.</Text>}>
            <ParamDistributions params={template.data.params} onValue={(v) => explore(` ${/\s/.test(v) ? `"${v}"` : v}`)} />
          </Section>
          <Section title="Recent lines" extra={<Text size="xs" c="dimmed">Newest first, in the selected range. Click one to open it in the explorer.</Text>}>
            {view.resolved !== null && <RecentLines id={id} from={view.resolved.from} to={view.resolved.to} />}
          </Section>
        </>
      )}
    </Page>
  );
}
