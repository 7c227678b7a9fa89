import { Button, Group, JsonInput, Modal, NumberInput, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Channel } from '../../api/alerts';
import { useSaveChannel } from '../../api/alerts';

/** The channel types the server knows (src/notify/channels/registry.ts) and what each one is. */
export const CHANNEL_TYPES: Readonly<Record<string, { readonly label: string; readonly hint: string }>> = {
  webhook: { label: 'Webhook', hint: 'POSTs each notification as JSON to your URL.' },
  slack: { label: 'Slack', hint: 'A Slack (or compatible) incoming webhook.' },
};

function parseHeaders(text: string): Record<string, string> | null {
  if (text.trim() === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    return Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/**
 * Creates or edits a channel. The server never shows secrets (URLs are masked), so on edit an
 * empty URL keeps the current one and only the fields the user touched are sent.
 */
export function ChannelForm({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const editing = channel !== null;
  const current = channel?.config ?? {};
  const [name, setName] = useState(channel?.name ?? '');
  const [type, setType] = useState(channel?.type ?? 'webhook');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [url, setUrl] = useState('');
  const [headers, setHeaders] = useState('');
  const [slackChannel, setSlackChannel] = useState(typeof current.channel === 'string' ? current.channel : '');
  const [username, setUsername] = useState(typeof current.username === 'string' ? current.username : '');
  const [timeoutMs, setTimeoutMs] = useState<number | ''>(typeof current.timeoutMs === 'number' ? current.timeoutMs : '');
  const save = useSaveChannel();

  const parsedHeaders = parseHeaders(headers);
  const urlError = url !== '' && !/^https?:\/\/\S+$/.test(url) ? 'An http(s) URL' : null;
  const invalid =
    name.trim() === ''
      ? 'Give the channel a name'
      : !editing && url === ''
        ? 'Enter the URL to send to'
        : urlError !== null
          ? 'The URL must start with http:// or https://'
          : parsedHeaders === null
            ? 'Headers must be a JSON object of strings'
            : null;

  const config = (): Record<string, unknown> => {
    const c: Record<string, unknown> = {};
    if (url !== '') c.url = url;
    if (timeoutMs !== '') c.timeoutMs = timeoutMs;
    if (type === 'webhook' && headers.trim() !== '' && parsedHeaders !== null) c.headers = parsedHeaders;
    if (type === 'slack') {
      c.channel = slackChannel.trim() === '' ? null : slackChannel.trim();
      c.username = username.trim() === '' ? null : username.trim();
    }
    return c;
  };

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit ${channel.name}` : 'New channel'} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid === null) save.mutate({ id: channel?.id ?? null, channel: { name: name.trim(), type, enabled, config: config() } }, { onSuccess: onClose });
        }}
      >
        <Stack gap="sm">
          {!editing && (
            <SegmentedControl value={type} onChange={setType} data={Object.entries(CHANNEL_TYPES).map(([value, t]) => ({ value, label: t.label }))} aria-label="Channel type" />
          )}
          <Text size="xs" c="dimmed">
            {CHANNEL_TYPES[type]?.hint ?? type}
          </Text>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="#oncall-payments" data-autofocus required data-testid="channel-name" />
          <TextInput
            label="URL"
            description={editing ? 'Leave empty to keep the current URL (it is not shown because it may contain a token).' : undefined}
            placeholder={editing && typeof current.url === 'string' ? current.url : type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://example.com/hooks/logsift'}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value.trim())}
            error={urlError}
            required={!editing}
            data-testid="channel-url"
          />
          {type === 'slack' && (
            <Group grow>
              <TextInput label="Channel" placeholder="#alerts (the webhook's default if empty)" value={slackChannel} onChange={(e) => setSlackChannel(e.currentTarget.value)} />
              <TextInput label="Post as" placeholder="logsift" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
            </Group>
          )}
          {type === 'webhook' && (
            <JsonInput
              label="Extra headers"
              description={editing ? 'A JSON object; leave empty to keep the current ones.' : 'A JSON object, e.g. {"authorization": "Bearer …"}.'}
              value={headers}
              onChange={setHeaders}
              autosize
              minRows={2}
              validationError="Not valid JSON"
            />
          )}
          <NumberInput label="Timeout (ms)" placeholder="server default" min={100} max={60_000} value={timeoutMs} onChange={(v) => setTimeoutMs(typeof v === 'number' ? v : '')} w={200} />
          <Switch label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Group justify="space-between" mt="sm">
            <Text size="sm" c={save.isError ? 'red' : 'dimmed'}>
              {save.isError ? save.error.message : (invalid ?? '')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={invalid !== null} loading={save.isPending} data-testid="channel-save">
                Save channel
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
