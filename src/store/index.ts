export type {
  AppendBatch,
  AppendResult,
  DeadLetterPage,
  DeadLetterQuery,
  HistogramBucket,
  HistogramQuery,
  HistogramResult,
  LogFilter,
  LogQuery,
  LogStore,
  RollupQuery,
  SearchPage,
  ServiceRollupCount,
  StoreStats,
  StoredDeadLetter,
  TemplateRollupCount,
  TemplateStats,
} from './log-store.js';
export type { MetaStore } from './meta-store.js';
export type { AnomalyQuery, AnomalyPage, AnomalyStore } from './anomaly-store.js';
export type { NoiseRule, NoiseRuleStore } from './noise-rule-store.js';
export type { IncidentQuery, IncidentPage, IncidentStore } from './incident-store.js';
export type { DetectorStateStore } from './detector-state-store.js';
export type { AlertRule, AlertStore, ChannelRecord } from './alert-store.js';
export { NOTIFICATION_REASONS, NOTIFICATION_STATUSES } from './notification-log.js';
export type { NotificationLog, NotificationQuery, NotificationReason, NotificationRecord, NotificationStatus } from './notification-log.js';
export { SqliteLogStore } from './sqlite/sqlite-log-store.js';
export type { SqliteLogStoreOptions } from './sqlite/sqlite-log-store.js';
export { SqliteMetaStore } from './sqlite/sqlite-meta-store.js';
export type { Durability } from './sqlite/partition-schema.js';
export type { PartitionSpan } from './sqlite/partition-key.js';
export { TENANT_PATTERN } from './sqlite/partition-key.js';
export { compileEventMatcher } from './event-matcher.js';
export type { EventPredicate } from './event-matcher.js';
export { BlackholeLogStore } from './blackhole-log-store.js';
