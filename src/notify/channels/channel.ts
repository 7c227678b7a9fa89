import type { NotificationMessage } from '../notification-message.js';

/** A failed delivery, and whether a retry can help (timeouts, network errors, 429 and 5xx can). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Sends one message; resolves once the receiver accepted it, throws DeliveryError otherwise. */
export interface Channel {
  readonly type: string;
  send(message: NotificationMessage, signal?: AbortSignal): Promise<void>;
}

/** What the notifier injects. */
export interface ChannelSettings {
  readonly name: string;
}

/**
 * The only way to make a channel: a type name, defaults, a validating config parser, `create`,
 * and `redact` (what the API shows: secrets such as webhook URLs with tokens are masked).
 */
export interface ChannelFactory<C extends object> {
  readonly type: string;
  readonly defaultConfig: Partial<C>;
  /** Validates and freezes a config; throws `bad_request` naming the field. */
  configure(raw: unknown): C;
  create(settings: ChannelSettings, config: C): Channel;
  redact(config: C): Record<string, unknown>;
}
