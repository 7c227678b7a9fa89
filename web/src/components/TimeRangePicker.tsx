import { Button, Divider, Group, Popover, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { describeRange, localInputText, parseTimeExpr, QUICK_RANGES } from '../lib/time-range';
import type { TimeRange } from '../lib/time-range';

interface Props {
  readonly value: TimeRange;
  readonly onChange: (range: TimeRange) => void;
  /** Shown in the button's accessible name, when a view has two pickers. */
  readonly label?: string;
  readonly testId?: string;
}

/** Absolute ranges open for editing in local time; relative ones as typed. */
function editText(text: string): string {
  if (text.trim().startsWith('now') || text.trim().startsWith('-')) return text;
  const ms = parseTimeExpr(text, Date.now());
  return ms === null ? text : localInputText(ms);
}

/** Quick ranges plus a custom from/to that accepts `now-2h`, `2026-03-01 10:00` or ISO 8601. */
export function TimeRangePicker({ value, onChange, label = 'Time range', testId = 'time-range' }: Props) {
  const [opened, setOpened] = useState(false);
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  // "now" as of opening the picker: relative and absolute ends are checked against the same instant.
  const [now, setNow] = useState(0);
  const fromMs = parseTimeExpr(from, now);
  const toMs = parseTimeExpr(to, now);
  const fromError = fromMs === null ? 'Not a time: try now-2h or 2026-03-01 10:00' : null;
  const toError = toMs === null ? 'Not a time: try now or 2026-03-01 11:00' : fromMs !== null && toMs <= fromMs ? 'Must be after the start' : null;

  const open = () => {
    setNow(Date.now());
    setFrom(editText(value.from));
    setTo(editText(value.to));
    setOpened(true);
  };
  const apply = (range: TimeRange) => {
    onChange(range);
    setOpened(false);
  };
  /** Typed local times are sent as ISO so the link means the same instant in any time zone. */
  const normalise = (text: string, ms: number | null) => (text.trim().startsWith('now') || ms === null ? text.trim() : new Date(ms).toISOString());

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={380} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconClock size={16} />} onClick={() => (opened ? setOpened(false) : open())} aria-label={`${label}: ${describeRange(value)}`} data-testid={testId}>
          {describeRange(value)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Quick ranges
          </Text>
          <SimpleGrid cols={3} spacing={6} verticalSpacing={6}>
            {QUICK_RANGES.map((q) => (
              <Button key={q.from} size="xs" variant={value.from === q.from && value.to === 'now' ? 'filled' : 'light'} onClick={() => apply({ from: q.from, to: 'now' })}>
                {q.label.replace('Last ', '')}
              </Button>
            ))}
          </SimpleGrid>
          <Divider label="Custom" labelPosition="left" />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (fromError === null && toError === null) apply({ from: normalise(from, fromMs), to: normalise(to, toMs) });
            }}
          >
            <Stack gap={6}>
              <TextInput size="xs" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={fromError} data-autofocus />
              <TextInput size="xs" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={toError} />
              <Group justify="space-between" mt={4}>
                <Text size="xs" c="dimmed">
                  Local time, or now-15m, now-2d
                </Text>
                <Button size="xs" type="submit" disabled={fromError !== null || toError !== null}>
                  Apply
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
