import { Anchor, Badge, Button, Card, Code, Group, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileSearch, IconVolume3, IconVolume } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { useSetNoise } from '../../api/anomalies';
import type { NoiseScope } from '../../api/anomalies';
import type { AnomalyView } from '../../api/detection-types';
import { KIND_INFO } from '../../lib/anomaly-kinds';
import { formatDateTime, formatDuration, formatNumber } from '../../lib/format';
import { SEVERITY_COLOR } from '../../lib/severity';
import { absoluteRange } from '../../lib/time-range';
import { rangeQuery } from '../../lib/url-state';
import { EvidenceChart, unitFormatter } from './EvidenceChart';

/** The query that finds an anomaly's lines in the explorer: its service (and template), around its window. */
function linesLink(a: AnomalyView): string {
  const q = `service:${a.service}${a.templateId === null ? '' : ` template:${a.templateId}`}`;
  const pad = Math.max(60_000, (a.windowEnd - a.windowStart) / 2);
  return `/logs${rangeQuery(absoluteRange(a.windowStart - pad, a.windowEnd + pad), { q })}`;
}

function NoiseButton({ anomaly }: { anomaly: AnomalyView }) {
  const [confirming, setConfirming] = useState(false);
  const [scope, setScope] = useState<NoiseScope>(anomaly.templateId === null ? 'service' : 'template');
  const setNoise = useSetNoise(anomaly.id);
  if (anomaly.noise) {
    return (
      <Button variant="default" size="xs" leftSection={<IconVolume size={14} />} loading={setNoise.isPending} onClick={() => setNoise.mutate({ noise: false })} data-testid="unmark-noise">
        Not noise after all
      </Button>
    );
  }
  const kind = KIND_INFO[anomaly.kind].label;
  return (
    <>
      <Button variant="light" color="gray" size="xs" leftSection={<IconVolume3 size={14} />} onClick={() => setConfirming(true)} data-testid="mark-noise">
        Mark as noise
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Mark as noise?" centered>
        <Stack>
          <Text size="sm">
            Detection will stop raising <b>{kind}</b> anomalies {scope === 'template' ? 'for this pattern of' : 'anywhere in'} <b>{anomaly.service}</b>. This anomaly stays
            listed, faded, and you can undo it here at any time.
          </Text>
          {anomaly.templateId !== null && (
            <SegmentedControl
              value={scope}
              onChange={(v) => setScope(v as NoiseScope)}
              data={[
                { value: 'template', label: 'This pattern only' },
                { value: 'service', label: `All of ${anomaly.service}` },
              ]}
            />
          )}
          {setNoise.isError && (
            <Text size="sm" c="red">
              {setNoise.error.message}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="gray" loading={setNoise.isPending} onClick={() => setNoise.mutate({ noise: true, scope }, { onSuccess: () => setConfirming(false) })} data-testid="confirm-noise">
              Mark as noise
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** One anomaly and its evidence: the numbers, the chart, the lines, and what to do with it. */
export function AnomalyDetail({ anomaly }: { anomaly: AnomalyView }) {
  const format = unitFormatter(anomaly.evidence.unit);
  const details = Object.entries(anomaly.evidence.details);
  return (
    <Card withBorder padding="md" data-testid="anomaly-detail">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap={6} mb={4}>
              <Badge color={KIND_INFO[anomaly.kind].color} variant="light">
                {KIND_INFO[anomaly.kind].label}
              </Badge>
              <Badge color={SEVERITY_COLOR[anomaly.severity]}>{anomaly.severity}</Badge>
              {anomaly.noise && <Badge color="gray" variant="outline">noise</Badge>}
            </Group>
            <Title order={3} size="h4">
              {anomaly.title}
            </Title>
            <Text size="xs" c="dimmed">
              {anomaly.service} · {formatDateTime(anomaly.windowStart)} for {formatDuration(anomaly.windowEnd - anomaly.windowStart)} · score {formatNumber(anomaly.score, 1)}
            </Text>
          </div>
          <Group gap={6} wrap="nowrap">
            <Button size="xs" variant="light" component={Link} href={linesLink(anomaly)} leftSection={<IconFileSearch size={14} />}>
              Lines
            </Button>
            <NoiseButton anomaly={anomaly} />
          </Group>
        </Group>
        <SimpleGrid cols={3}>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Observed
            </Text>
            <Text size="lg" fw={700} c="red">
              {format(anomaly.evidence.observed)}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Expected
            </Text>
            <Text size="lg" fw={700}>
              {anomaly.evidence.expected === null ? 'nothing like it' : format(anomaly.evidence.expected)}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Incident
            </Text>
            {anomaly.incidentId === null ? (
              <Text size="sm" c="dimmed">
                not grouped (yet)
              </Text>
            ) : (
              <Anchor component={Link} href={`/incidents/${anomaly.incidentId}`} size="sm">
                open the incident
              </Anchor>
            )}
          </div>
        </SimpleGrid>
        <EvidenceChart anomaly={anomaly} />
        {anomaly.templateId !== null && (
          <Text size="sm">
            Pattern:{' '}
            <Anchor component={Link} href={`/patterns/${anomaly.templateId}`}>
              {anomaly.templateId}
            </Anchor>
          </Text>
        )}
        {anomaly.evidence.samples.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Sample lines
            </Text>
            {anomaly.evidence.samples.map((s, i) => {
              const id = anomaly.evidence.sampleIds[i];
              return (
                <Group key={`${i}-${s}`} gap={6} wrap="nowrap" align="flex-start">
                  <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="anomaly-sample">
                    {s}
                  </Code>
                  {id !== undefined && (
                    <Button size="compact-xs" variant="subtle" component={Link} href={`/logs${rangeQuery(absoluteRange(anomaly.windowStart - 300_000, anomaly.windowEnd + 300_000), { ctx: id })}`}>
                      context
                    </Button>
                  )}
                </Group>
              );
            })}
          </Stack>
        )}
        {details.length > 0 && (
          <Table withRowBorders={false} verticalSpacing={2} fz="xs">
            <Table.Tbody>
              {details.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Td w={160} c="dimmed">
                    {k}
                  </Table.Td>
                  <Table.Td className="ls-mono">{v === null ? '—' : String(v)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
