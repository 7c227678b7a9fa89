/** Why a notification was sent. */
export const NOTIFICATION_REASONS = ['opened', 'updated', 'regressed', 'renotify', 'resolved', 'test'] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

/** Where a delivery stands: `failed` after the last retry, `dropped` when the queue was full. */
export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed', 'dropped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One message to one channel, with its delivery attempts. */
export interface NotificationRecord {
  readonly id: string;
  readonly tenant: string;
  /** Null for channel tests. */
  readonly incidentId: string | null;
  readonly channelId: string;
  readonly ruleId: string | null;
  readonly reason: NotificationReason;
  readonly status: NotificationStatus;
  readonly attempts: number;
  /** The last failure (HTTP status and body start, or the network error), or null. */
  readonly lastError: string | null;
  /** ms since epoch (wall clock). */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

export interface NotificationQuery {
  readonly tenant: string;
  readonly statuses: readonly NotificationStatus[];
  readonly incidentId: string | null;
  readonly channelId: string | null;
  /** 1…1000, newest first. */
  readonly limit: number;
}

/** The delivery log, so failures are visible and deliveries can be audited. */
export interface NotificationLog {
  /** Inserts or replaces by (tenant, id). */
  saveNotification(record: NotificationRecord): Promise<void>;
  listNotifications(query: NotificationQuery): Promise<readonly NotificationRecord[]>;
}
