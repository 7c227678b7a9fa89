import type { DeadLetter, Level, LevelCounts, MinedEvent, StoredEvent, TemplateId } from '../model/index.js';

/** One acknowledged unit of ingest. All of it is stored atomically, or none of it. */
export interface AppendBatch {
  readonly tenant: string;
  /** Content hash of the whole batch: a resend with the same key within the dedup window stores nothing. */
  readonly dedupKey: string | null;
  /** Client-supplied record ids, parallel to `events` (null where a record has none). */
  readonly recordIds: readonly (string | null)[] | null;
  readonly events: readonly MinedEvent[];
  /** Text of every template the events reference (the store indexes template constants once). */
  readonly templates: ReadonlyMap<TemplateId, string>;
  /** Records rejected upstream; stored in the same transaction as the events. */
  readonly deadLetters: readonly DeadLetter[];
}

export interface AppendResult {
  readonly accepted: number;
  readonly deduplicated: number;
  readonly rejected: number;
  /** Parallel to the batch's events: the stored event's id, or null where it was a duplicate. */
  readonly ids: readonly (string | null)[];
}

/** Filters shared by search and histogram. Arrays are OR within a field, AND across fields. */
export interface LogFilter {
  readonly tenant: string;
  /** Free text: whitespace-separated terms, all of which must match (see docs/search.md). */
  readonly text: string | null;
  readonly services: readonly string[];
  readonly hosts: readonly string[];
  readonly levels: readonly Level[];
  /** Template ids, already expanded by the caller to their lineage. */
  readonly templates: readonly TemplateId[];
  readonly traceId: string | null;
  /** Inclusive lower bound, ms since epoch. */
  readonly from: number | null;
  /** Exclusive upper bound, ms since epoch. */
  readonly to: number | null;
}

export interface LogQuery extends LogFilter {
  /** Page size, 1…1000. */
  readonly limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor: string | null;
}

export interface SearchPage {
  /** Newest first (event time, then arrival order). */
  readonly events: readonly StoredEvent[];
  /** Null when there is nothing older. */
  readonly nextCursor: string | null;
}

export interface HistogramQuery extends LogFilter {
  /** Bucket width in ms (≥ 1000). */
  readonly bucketMs: number;
}

export interface HistogramBucket {
  /** Bucket start, ms since epoch. */
  readonly ts: number;
  readonly counts: LevelCounts;
}

export interface HistogramResult {
  readonly bucketMs: number;
  readonly buckets: readonly HistogramBucket[];
  /** False when a very large free-text histogram stopped counting early. */
  readonly complete: boolean;
}

/** Per-template statistics over what is stored (so they shrink with retention). */
export interface TemplateStats {
  readonly id: TemplateId;
  readonly text: string;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly levels: Readonly<LevelCounts>;
  readonly services: readonly string[];
  readonly sample: string;
}

export interface DeadLetterQuery {
  readonly tenant: string;
  readonly limit: number;
  readonly cursor: string | null;
}

export interface StoredDeadLetter extends DeadLetter {
  readonly id: string;
}

export interface DeadLetterPage {
  readonly deadLetters: readonly StoredDeadLetter[];
  readonly nextCursor: string | null;
}

/**
 * A read of the per-minute rollups (minute × template × service × level): what the views
 * need over long ranges without touching events. Time is event time, minute-granular.
 */
export interface RollupQuery {
  readonly tenant: string;
  /** Inclusive lower bound, ms since epoch; minutes starting before it are left out. */
  readonly from: number;
  /** Exclusive upper bound, ms since epoch. */
  readonly to: number;
  /**
   * Bucket width in ms, a whole number of minutes; buckets start at multiples of it since the
   * epoch (as the histogram's do). Null for one total per key over [from, to), reported at `from`.
   */
  readonly bucketMs: number | null;
  /** Only these services (OR); empty for all. */
  readonly services: readonly string[];
  /** Only these templates (OR), not expanded to their lineage; empty for all. */
  readonly templates: readonly TemplateId[];
}

/** Events of one template in one bucket, by level. */
export interface TemplateRollupCount {
  readonly template: TemplateId;
  /** Bucket start, ms since epoch. */
  readonly ts: number;
  readonly counts: Readonly<LevelCounts>;
}

/** Events of one service in one bucket, by level. */
export interface ServiceRollupCount {
  readonly service: string;
  /** Bucket start, ms since epoch. */
  readonly ts: number;
  readonly counts: Readonly<LevelCounts>;
}

export interface StoreStats {
  readonly bytes: number;
  readonly partitions: number;
  readonly events: number;
}

/**
 * Where log events live. Embedded default: SQLite partitions in the data directory.
 * `append` resolves only once the batch is durable.
 */
export interface LogStore {
  append(batch: AppendBatch): Promise<AppendResult>;
  search(query: LogQuery): Promise<SearchPage>;
  histogram(query: HistogramQuery): Promise<HistogramResult>;
  /** Events around one event (same partition order), for "show surrounding lines". */
  context(tenant: string, id: string, before: number, after: number): Promise<readonly StoredEvent[]>;
  templateStats(tenant: string): readonly TemplateStats[];
  /** Rollup counts per template (and bucket), for pattern trends and window comparisons. */
  templateCounts(query: RollupQuery): Promise<readonly TemplateRollupCount[]>;
  /** Rollup counts per service (and bucket), for the busiest services. */
  serviceCounts(query: RollupQuery): Promise<readonly ServiceRollupCount[]>;
  deadLetters(query: DeadLetterQuery): Promise<DeadLetterPage>;
  /** Drops whole partitions that ended before `cutoff` (ms since epoch); returns how many. */
  dropBefore(cutoff: number): Promise<number>;
  stats(): StoreStats;
  tenants(): readonly string[];
  close(): Promise<void>;
}
