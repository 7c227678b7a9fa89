import type { AnomalyKind, Severity } from '../model/index.js';

/** Routes incidents to channels. Empty lists match everything. */
export interface AlertRule {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Incidents touching any of these services; empty = any service. */
  readonly services: readonly string[];
  /** Lowest severity that matches. */
  readonly minSeverity: Severity;
  /** Incidents with any anomaly of these kinds; empty = any kind. */
  readonly kinds: readonly AnomalyKind[];
  readonly channelIds: readonly string[];
  /** Send again while the incident stays open and unacknowledged, ms; 0 never re-notifies. */
  readonly renotifyMs: number;
  /** Also notify when a matching incident resolves. */
  readonly notifyResolved: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A notification channel as stored. `config` is validated by the channel type's factory (src/notify/channels). */
export interface ChannelRecord {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly config: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Alert rules and channels of each tenant. */
export interface AlertStore {
  listRules(tenant: string | null): Promise<readonly AlertRule[]>;
  getRule(tenant: string, id: string): Promise<AlertRule | null>;
  /** Inserts or replaces by (tenant, id). */
  saveRule(rule: AlertRule): Promise<void>;
  deleteRule(tenant: string, id: string): Promise<boolean>;
  listChannels(tenant: string | null): Promise<readonly ChannelRecord[]>;
  getChannel(tenant: string, id: string): Promise<ChannelRecord | null>;
  saveChannel(channel: ChannelRecord): Promise<void>;
  deleteChannel(tenant: string, id: string): Promise<boolean>;
}
