import { LogsiftError } from '../../model/index.js';
import type { ChannelFactory } from './channel.js';
import { slackChannelFactory } from './slack-channel.js';
import { webhookChannelFactory } from './webhook-channel.js';

/** Every channel type. The one registry list. */
export const CHANNEL_TYPES = ['webhook', 'slack'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const CHANNEL_FACTORIES: Readonly<Record<ChannelType, ChannelFactory<object>>> = {
  webhook: webhookChannelFactory,
  slack: slackChannelFactory,
};

export function channelFactory(type: string): ChannelFactory<object> {
  if (!(CHANNEL_TYPES as readonly string[]).includes(type)) throw new LogsiftError('bad_request', `unknown channel type ${JSON.stringify(type)}; known: ${CHANNEL_TYPES.join(', ')}`);
  return CHANNEL_FACTORIES[type as ChannelType];
}
