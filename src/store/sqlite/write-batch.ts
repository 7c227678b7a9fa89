import type { DeadLetter } from '../../model/index.js';

/**
 * A batch as the writer receives it: columns of primitives, so it crosses a worker
 * boundary as a few arrays instead of thousands of objects.
 */
export interface WriteBatch {
  readonly tenant: string;
  readonly dedupKey: string | null;
  /** Ingest time, ms since epoch: picks the partition. */
  readonly receivedAt: number;
  readonly count: number;
  readonly ts: Float64Array;
  readonly level: Uint8Array;
  readonly template: Float64Array;
  readonly service: readonly string[];
  readonly host: readonly string[];
  readonly message: readonly string[];
  /** Attributes as JSON, or null. */
  readonly attrs: readonly (string | null)[];
  /** Attribute values as space-separated text, for the search index (see terms.attributeText). */
  readonly attrText: readonly (string | null)[];
  readonly trace: readonly (string | null)[];
  readonly span: readonly (string | null)[];
  readonly recordIds: readonly (string | null)[] | null;
  /** [id, text] of every template the batch references. */
  readonly templates: readonly (readonly [number, string])[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface WriteResult {
  /** `duplicate` when the whole batch was seen before (by `dedupKey`). */
  readonly status: 'stored' | 'duplicate';
  readonly partition: string;
  readonly accepted: number;
  readonly deduplicated: number;
  readonly rejected: number;
  /** Rowkey per input event; NaN where the event was skipped as a duplicate. */
  readonly rowkeys: Float64Array;
  /** Event-time range of the partition after this batch (ms), for query pruning. */
  readonly partitionMinTs: number;
  readonly partitionMaxTs: number;
  readonly partitionEvents: number;
}
