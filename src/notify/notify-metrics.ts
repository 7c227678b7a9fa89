/** Delivery outcomes, by channel type. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'retried' | 'dropped' | 'deduplicated';

export interface NotifyMetrics {
  deliveries(channelType: string, outcome: DeliveryOutcome): void;
}

export const NOOP_NOTIFY_METRICS: NotifyMetrics = Object.freeze({ deliveries: () => undefined });
