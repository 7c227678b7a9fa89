import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowBigDownLines, IconArrowBigUpLines, IconSparkles, IconTrashX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useTemplateComparison } from '../../api/templates';
import type { CompareItem } from '../../api/types';
import { ErrorView, LoadingState } from '../../components/StateViews';
import { ExplainPanel } from './ExplainPanel';
import { TemplateText } from '../../components/TemplateText';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { formatCount, formatDuration, formatNumber } from '../../lib/format';
import { absoluteRange, resolveRange } from '../../lib/time-range';
import type { ResolvedRange, TimeRange } from '../../lib/time-range';
import { rangeQuery, useUrlState } from '../../lib/url-state';

interface ListProps {
  readonly title: string;
  readonly hint: string;
  readonly icon: ReactNode;
  readonly color: string;
  readonly items: readonly CompareItem[];
  readonly empty: string;
  readonly describe: (item: CompareItem) => ReactNode;
  readonly carry: string;
  readonly testId: string;
}

function ChangeList({ title, hint, icon, color, items, empty, describe, carry, testId }: ListProps) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb={6}>
        <Group gap={6}>
          {icon}
          <Text fw={600}>{title}</Text>
          <Badge color={color} variant="light">
            {items.length}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          {empty}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((item) => (
            <Link key={item.id} href={`/patterns/${item.id}${carry}`} style={{ textDecoration: 'none', color: 'inherit' }} data-testid="compare-item">
              <Group justify="space-between" wrap="nowrap" gap="sm" py={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                <Text size="sm" lineClamp={2} component="div" style={{ flex: 1 }}>
                  <TemplateText text={item.text} />
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {describe(item)}
                </Text>
              </Group>
            </Link>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function tryResolve(range: TimeRange, now: number): ResolvedRange | null {
  try {
    return resolveRange(range, now);
  } catch {
    return null;
  }
}

/**
 * Baseline vs problem window: which patterns are new, grew, shrank or vanished. The default
 * problem window is the last 15 minutes and the baseline the hour before it.
 */
export function CompareWindows() {
  const { get, set } = useUrlState();
  const [pFrom, pTo, bFrom, bTo] = [get('from', 'now-15m'), get('to', 'now'), get('bfrom', 'now-75m'), get('bto', 'now-15m')];
  const problem = useMemo<TimeRange>(() => ({ from: pFrom, to: pTo }), [pFrom, pTo]);
  const baseline = useMemo<TimeRange>(() => ({ from: bFrom, to: bTo }), [bFrom, bTo]);
  const [now, setNow] = useState(() => Date.now());
  const service = get('service', '');
  const p = useMemo(() => tryResolve(problem, now), [problem, now]);
  const b = useMemo(() => tryResolve(baseline, now), [baseline, now]);
  const params = p !== null && b !== null ? { baselineFrom: b.from, baselineTo: b.to, from: p.from, to: p.to, service: service || undefined } : null;
  const compare = useTemplateComparison(params);

  const setProblem = (r: TimeRange) => {
    set({ from: r.from, to: r.to === 'now' ? null : r.to });
    setNow(Date.now());
  };
  const setBaseline = (r: TimeRange) => {
    set({ bfrom: r.from, bto: r.to });
    setNow(Date.now());
  };
  /** The window just before the problem window, as long as it (or `span` long). */
  const before = (span?: number) => {
    if (p === null) return;
    const len = span ?? p.to - p.from;
    setBaseline(absoluteRange(p.from - len, p.from));
  };
  const yesterday = () => {
    if (p === null) return;
    setBaseline(absoluteRange(p.from - 86_400_000, p.to - 86_400_000));
  };
  const carry = p === null ? '' : rangeQuery(absoluteRange(p.from, p.to));
  const ratio = (i: CompareItem) => (i.ratio === null ? '' : ` (×${formatNumber(i.ratio, i.ratio < 10 ? 1 : 0)})`);
  // Windows differ in length, so changes read as rates: "3.1/min → 9.4/min", not raw counts.
  const perMinute = (count: number, w: { from: number; to: number }) => `${formatNumber(count / ((w.to - w.from) / 60_000), 1)}/min`;
  const rates = (i: CompareItem) =>
    compare.data === undefined ? '' : `${perMinute(i.baselineCount, compare.data.baseline)} → ${perMinute(i.problemCount, compare.data.problem)}${ratio(i)}`;

  return (
    <Stack gap="md" data-testid="compare-windows">
      <Card withBorder padding="sm">
        <Group gap="xl" wrap="wrap" align="flex-end">
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              Baseline (normal)
            </Text>
            <TimeRangePicker value={baseline} onChange={setBaseline} label="Baseline window" testId="baseline-range" />
          </Stack>
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              Problem window
            </Text>
            <TimeRangePicker value={problem} onChange={setProblem} label="Problem window" testId="problem-range" />
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              Baseline shortcuts
            </Text>
            <Group gap={6}>
              <Button size="xs" variant="light" onClick={() => before()}>
                Period before
              </Button>
              <Button size="xs" variant="light" onClick={() => before(3_600_000)}>
                Hour before
              </Button>
              <Button size="xs" variant="light" onClick={yesterday}>
                Same time yesterday
              </Button>
            </Group>
          </Stack>
        </Group>
      </Card>
      {params === null ? (
        <ErrorView error={new Error('One of the windows is not a valid time range: pick it again.')} />
      ) : compare.isPending ? (
        <LoadingState label="Comparing the windows…" />
      ) : compare.isError ? (
        <ErrorView error={compare.error} onRetry={() => void compare.refetch()} feature="Window comparison" />
      ) : (
        <>
          <Text size="sm" c="dimmed" data-testid="compare-summary">
            Baseline: {formatCount(compare.data.baseline.total, true)} lines in {formatDuration(compare.data.baseline.to - compare.data.baseline.from)} · Problem:{' '}
            {formatCount(compare.data.problem.total, true)} lines in {formatDuration(compare.data.problem.to - compare.data.problem.from)} · {compare.data.unchanged} patterns
            unchanged. Rates are compared per minute, so the windows may differ in length.
          </Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ChangeList
              title="New"
              hint="not in the baseline"
              icon={<IconSparkles size={18} color="var(--mantine-color-grape-6)" />}
              color="grape"
              items={compare.data.new}
              empty="No pattern appeared that the baseline did not have."
              describe={(i) => `${formatCount(i.problemCount, true)} line${i.problemCount === 1 ? '' : 's'}`}
              carry={carry}
              testId="compare-new"
            />
            <ChangeList
              title="Grew"
              hint="rate up ≥ 1.5× and significant"
              icon={<IconArrowBigUpLines size={18} color="var(--mantine-color-red-6)" />}
              color="red"
              items={compare.data.grew}
              empty="No pattern became significantly more frequent."
              describe={(i) => (
                <Tooltip label={`${formatCount(i.problemCount, true)} lines where the baseline rate predicts ${formatNumber(i.expected, 1)}`}>
                  <span>{rates(i)}</span>
                </Tooltip>
              )}
              carry={carry}
              testId="compare-grew"
            />
            <ChangeList
              title="Shrank"
              hint="rate down ≥ 1.5× and significant"
              icon={<IconArrowBigDownLines size={18} color="var(--mantine-color-blue-6)" />}
              color="blue"
              items={compare.data.shrank}
              empty="No pattern became significantly rarer."
              describe={rates}
              carry={carry}
              testId="compare-shrank"
            />
            <ChangeList
              title="Vanished"
              hint="expected but absent"
              icon={<IconTrashX size={18} color="var(--mantine-color-orange-6)" />}
              color="orange"
              items={compare.data.vanished}
              empty="Every pattern the baseline predicted still shows up."
              describe={(i) => `${formatCount(i.baselineCount, true)} in baseline, ~${formatNumber(i.expected, 0)} expected`}
              carry={carry}
              testId="compare-vanished"
            />
          </SimpleGrid>
          <Text fw={600} mt="sm">
            What else changed
          </Text>
          {b !== null && p !== null && <ExplainPanel baseline={b} problem={p} service={service || undefined} />}
        </>
      )}
    </Stack>
  );
}
