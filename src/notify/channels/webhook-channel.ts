import type { NotificationMessage } from '../notification-message.js';
import type { Channel, ChannelFactory, ChannelSettings } from './channel.js';
import { headerMap, httpUrl, intIn, objectOf, onlyKeys } from './config-fields.js';
import { maskUrl, postJson } from './http-post.js';

export interface WebhookConfig {
  /** Where the JSON message is POSTed. */
  readonly url: string;
  /** Extra request headers (e.g. `authorization`); values are never shown by the API. */
  readonly headers: Readonly<Record<string, string>>;
  /** Per attempt, ms. Default 10 s. */
  readonly timeoutMs: number;
}

/** A generic JSON webhook: the NotificationMessage as the body (`version` 1). */
class WebhookChannel implements Channel {
  readonly type = 'webhook';

  constructor(private readonly config: WebhookConfig) {}

  send(message: NotificationMessage, signal?: AbortSignal): Promise<void> {
    return postJson(this.config.url, message, this.config.headers, this.config.timeoutMs, signal);
  }
}

const KEYS = ['url', 'headers', 'timeoutMs'] as const;

export const webhookChannelFactory: ChannelFactory<WebhookConfig> = {
  type: 'webhook',
  defaultConfig: { headers: {}, timeoutMs: 10_000 },
  configure(raw) {
    const o = objectOf(raw, 'webhook channel');
    onlyKeys(o, KEYS, 'webhook channel');
    return Object.freeze({ url: httpUrl(o.url, 'config.url'), headers: headerMap(o.headers, 'config.headers'), timeoutMs: intIn(o.timeoutMs, 'config.timeoutMs', 100, 120_000, 10_000) });
  },
  create: (_settings: ChannelSettings, config) => new WebhookChannel(config),
  redact: (config) => ({ url: maskUrl(config.url), headers: Object.fromEntries(Object.keys(config.headers).map((k) => [k, '…'])), timeoutMs: config.timeoutMs }),
};
