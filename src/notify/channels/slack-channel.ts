import type { NotificationMessage } from '../notification-message.js';
import type { Channel, ChannelFactory, ChannelSettings } from './channel.js';
import { httpUrl, intIn, objectOf, onlyKeys, optionalText } from './config-fields.js';
import { maskUrl, postJson } from './http-post.js';

export interface SlackConfig {
  /** An incoming-webhook URL (Slack, or a compatible receiver such as Mattermost or Rocket.Chat). */
  readonly url: string;
  /** Overrides the webhook's default channel, e.g. `#oncall` (where the receiver allows it). */
  readonly channel: string | null;
  readonly username: string | null;
  /** Per attempt, ms. Default 10 s. */
  readonly timeoutMs: number;
}

const SEVERITY_EMOJI: Readonly<Record<string, string>> = { low: ':large_blue_circle:', medium: ':large_yellow_circle:', high: ':large_orange_circle:', critical: ':red_circle:' };

/** Slack incoming-webhook payload: a plain `text` fallback plus blocks with the summary and the log lines. */
export function slackPayload(m: NotificationMessage, config: Pick<SlackConfig, 'channel' | 'username'>): Record<string, unknown> {
  const i = m.incident;
  const head = `${SEVERITY_EMOJI[i.severity] ?? ''} *${escape(i.title)}*`;
  const state = `${m.reason === 'resolved' ? 'Resolved' : m.reason === 'regressed' ? 'Regressed' : m.reason === 'renotify' ? 'Still open' : i.status === 'acknowledged' ? 'Acknowledged' : 'Open'} · ${i.severity} · ${i.services.join(', ')}${i.hosts.length > 0 ? ` · ${i.hosts.slice(0, 5).join(', ')}` : ''}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${escape(state)}${i.url !== null ? `\n<${i.url}|Open incident>` : ''}` } },
  ];
  if (m.summary !== null) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escape(m.summary).slice(0, 2900) } });
  if (m.rootCause !== null) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Likely cause:* ${escape(m.rootCause).slice(0, 2800)}` } });
  if (m.remediation.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Next steps:*\n${m.remediation.slice(0, 5).map((s, n) => `${n + 1}. ${escape(s)}`).join('\n')}`.slice(0, 2900) } });
  if (m.lines.length > 0) {
    const code = m.lines.map((l) => `${l.service}: ${l.text.replace(/```/g, "'''")}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${code.slice(0, 2800)}\`\`\`` } });
  }
  return {
    text: `${i.title} (${state})`,
    blocks,
    ...(config.channel !== null ? { channel: config.channel } : {}),
    ...(config.username !== null ? { username: config.username } : {}),
  };
}

class SlackChannel implements Channel {
  readonly type = 'slack';

  constructor(private readonly config: SlackConfig) {}

  send(message: NotificationMessage, signal?: AbortSignal): Promise<void> {
    return postJson(this.config.url, slackPayload(message, this.config), {}, this.config.timeoutMs, signal);
  }
}

/** Slack's mrkdwn needs &, < and > escaped. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const KEYS = ['url', 'channel', 'username', 'timeoutMs'] as const;

export const slackChannelFactory: ChannelFactory<SlackConfig> = {
  type: 'slack',
  defaultConfig: { channel: null, username: 'logsift', timeoutMs: 10_000 },
  configure(raw) {
    const o = objectOf(raw, 'slack channel');
    onlyKeys(o, KEYS, 'slack channel');
    return Object.freeze({
      url: httpUrl(o.url, 'config.url'),
      channel: optionalText(o.channel, 'config.channel', 200),
      username: optionalText(o.username, 'config.username', 200) ?? 'logsift',
      timeoutMs: intIn(o.timeoutMs, 'config.timeoutMs', 100, 120_000, 10_000),
    });
  },
  create: (_settings: ChannelSettings, config) => new SlackChannel(config),
  redact: (config) => ({ url: maskUrl(config.url), channel: config.channel, username: config.username, timeoutMs: config.timeoutMs }),
};
