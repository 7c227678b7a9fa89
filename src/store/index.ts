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
  SearchPage,
  StoreStats,
  StoredDeadLetter,
  TemplateStats,
} from './log-store.js';
export type { MetaStore } from './meta-store.js';
export { SqliteLogStore } from './sqlite/sqlite-log-store.js';
export type { SqliteLogStoreOptions } from './sqlite/sqlite-log-store.js';
export { SqliteMetaStore } from './sqlite/sqlite-meta-store.js';
export type { Durability } from './sqlite/partition-schema.js';
export type { PartitionSpan } from './sqlite/partition-key.js';
export { TENANT_PATTERN } from './sqlite/partition-key.js';
export { compileEventMatcher } from './event-matcher.js';
export type { EventPredicate } from './event-matcher.js';
