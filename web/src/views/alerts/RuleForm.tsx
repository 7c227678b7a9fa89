import { Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { AlertRule, Channel, RuleInput } from '../../api/alerts';
import { useSaveRule } from '../../api/alerts';
import { ANOMALY_KINDS, KIND_INFO } from '../../lib/anomaly-kinds';
import type { AnomalyKind } from '../../lib/anomaly-kinds';
import { SEVERITIES } from '../../lib/severity';
import type { Severity } from '../../../../src/model/index.js';

interface Props {
  /** The rule to edit, or null for a new one. */
  readonly rule: AlertRule | null;
  readonly channels: readonly Channel[];
  readonly onClose: () => void;
}

function initial(rule: AlertRule | null): RuleInput {
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    services: rule?.services ?? [],
    minSeverity: rule?.minSeverity ?? 'medium',
    kinds: rule?.kinds ?? [],
    channelIds: rule?.channelIds ?? [],
    renotifyMs: rule?.renotifyMs ?? 4 * 3_600_000,
    notifyResolved: rule?.notifyResolved ?? true,
  };
}

/** Creates or edits a rule: which incidents (services, severity, kinds) go to which channels. */
export function RuleForm({ rule, channels, onClose }: Props) {
  const [form, setForm] = useState<RuleInput>(() => initial(rule));
  const save = useSaveRule();
  const update = <K extends keyof RuleInput>(key: K, value: RuleInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const invalid = form.name.trim() === '' ? 'Give the rule a name' : form.channelIds.length === 0 ? 'Pick at least one channel' : null;
  return (
    <Modal opened onClose={onClose} title={rule === null ? 'New alert rule' : `Edit ${rule.name}`} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid === null) save.mutate({ id: rule?.id ?? null, rule: { ...form, name: form.name.trim() } }, { onSuccess: onClose });
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" value={form.name} onChange={(e) => update('name', e.currentTarget.value)} placeholder="Payments on-call" data-autofocus required data-testid="rule-name" />
          <TagsInput label="Services" description="Incidents touching any of these; empty means every service." value={[...form.services]} onChange={(v) => update('services', v)} placeholder="Type a service and press Enter" />
          <Group grow>
            <Select
              label="Lowest severity"
              data={[...SEVERITIES].reverse()}
              value={form.minSeverity}
              onChange={(v) => v !== null && update('minSeverity', v as Severity)}
              allowDeselect={false}
            />
            <NumberInput
              label="Remind every (minutes)"
              description="While open and unacknowledged; 0 never."
              min={0}
              value={form.renotifyMs / 60_000}
              onChange={(v) => update('renotifyMs', (typeof v === 'number' ? v : 0) * 60_000)}
            />
          </Group>
          <MultiSelect
            label="Anomaly kinds"
            description="Incidents with any of these kinds; empty means every kind."
            data={ANOMALY_KINDS.map((k) => ({ value: k, label: KIND_INFO[k].label }))}
            value={[...form.kinds]}
            onChange={(v) => update('kinds', v as AnomalyKind[])}
            clearable
          />
          <MultiSelect
            label="Channels"
            data={channels.map((c) => ({ value: c.id, label: `${c.name} (${c.type})` }))}
            value={[...form.channelIds]}
            onChange={(v) => update('channelIds', v)}
            nothingFoundMessage="No channel yet: add one under Channels first"
            required
            data-testid="rule-channels"
          />
          <Group>
            <Switch label="Enabled" checked={form.enabled} onChange={(e) => update('enabled', e.currentTarget.checked)} />
            <Switch label="Also notify when resolved" checked={form.notifyResolved} onChange={(e) => update('notifyResolved', e.currentTarget.checked)} />
          </Group>
          <Group justify="space-between" mt="sm">
            <Text size="sm" c={save.isError ? 'red' : 'dimmed'}>
              {save.isError ? save.error.message : (invalid ?? '')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={invalid !== null} loading={save.isPending} data-testid="rule-save">
                Save rule
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
