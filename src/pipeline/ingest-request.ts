import type { DeadLetter, DeadLetterReason } from '../model/index.js';
import type { FormatSpec } from '../parse/types.js';

/** A decoded record: a text line as received, or a JSON object. */
export type RawRecord = string | Record<string, unknown>;

/** A record a source could not decode; `index` is its position in the source's framing (record or line number, 0-based). */
export interface RejectedRecord {
  readonly index: number;
  readonly letter: DeadLetter;
}

/** One batch handed to the pipeline by a source. */
export interface IngestRequest {
  readonly tenant: string;
  /** Which source sent it (`http`, `syslog`, `kafka`, …), for metrics and dead letters. */
  readonly source: string;
  /** Receive time, ms since epoch. */
  readonly receivedAt: number;
  readonly records: readonly RawRecord[];
  /** Position of each record in what the source received, for error reports; null = same as the index. */
  readonly positions: readonly number[] | null;
  /** Records the source could not decode (bad JSON line, bad encoding, too large). */
  readonly rejected: readonly RejectedRecord[];
  /** Content hash of the batch for idempotent retries, or null. */
  readonly dedupKey: string | null;
  /**
   * Parallel to `records`: a record's own identity where the source has one (a Kafka
   * `topic/partition/offset`, an Elasticsearch `_id`, a field the client named), so a resent
   * record is stored once. Never taken from record contents implicitly. Absent or null: none.
   */
  readonly recordIds?: readonly (string | null)[] | null;
  /** Defaults for records that say nothing: service, host, declared format, stream for detection. */
  readonly service: string | null;
  readonly host: string | null;
  readonly format: FormatSpec;
  readonly streamKey: string;
}

export interface IngestError {
  /** Index of the record in the request (decode errors: index in the source's framing). */
  readonly index: number;
  readonly reason: DeadLetterReason;
  readonly detail: string;
}

export interface IngestResult {
  /** Records received (lines or objects), before multi-line joining. */
  readonly received: number;
  /** Events stored. A multi-line record counts once. */
  readonly accepted: number;
  /** Events not stored because they were already stored (same batch or record id). */
  readonly deduplicated: number;
  /** Records that went to the dead-letter store. */
  readonly rejected: number;
  readonly errors: readonly IngestError[];
}
