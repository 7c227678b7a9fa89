import type {
  AppendBatch,
  AppendResult,
  DeadLetterPage,
  HistogramResult,
  LogStore,
  SearchPage,
  ServiceRollupCount,
  StoreStats,
  TemplateRollupCount,
  TemplateStats,
} from './log-store.js';

/**
 * A LogStore that acknowledges every batch and keeps nothing: the sink of throughput
 * benchmarks that measure everything before the store.
 */
export class BlackholeLogStore implements LogStore {
  private events = 0;
  private next = 0;

  async append(batch: AppendBatch): Promise<AppendResult> {
    const ids = batch.events.map(() => `0000000000:${this.next++}`);
    this.events += batch.events.length;
    return { accepted: batch.events.length, deduplicated: 0, rejected: batch.deadLetters.length, ids };
  }

  async search(): Promise<SearchPage> {
    return { events: [], nextCursor: null };
  }

  async histogram(query: { bucketMs: number }): Promise<HistogramResult> {
    return { bucketMs: query.bucketMs, buckets: [], complete: true };
  }

  async context(): Promise<[]> {
    return [];
  }

  templateStats(): readonly TemplateStats[] {
    return [];
  }

  async templateCounts(): Promise<readonly TemplateRollupCount[]> {
    return [];
  }

  async serviceCounts(): Promise<readonly ServiceRollupCount[]> {
    return [];
  }

  async deadLetters(): Promise<DeadLetterPage> {
    return { deadLetters: [], nextCursor: null };
  }

  async dropBefore(): Promise<number> {
    return 0;
  }

  stats(): StoreStats {
    return { bytes: 0, partitions: 0, events: this.events };
  }

  tenants(): readonly string[] {
    return [];
  }

  async close(): Promise<void> {}
}
