import type { RawRecord, RejectedRecord } from '../../pipeline/index.js';

/** Records framed out of a request body, plus the ones that could not be decoded. */
export interface DecodedBody {
  readonly records: RawRecord[];
  /** Position of each record in the body as sent (line number or array index, 0-based). */
  readonly positions: number[];
  readonly rejected: RejectedRecord[];
  /** Parallel to `records` when the protocol gives records an identity (see IngestRequest.recordIds). */
  readonly recordIds?: (string | null)[];
  /**
   * Optional, parallel to `records`: the stream each record belongs to (a Loki stream's service,
   * an OTLP resource's service, an Elasticsearch index), so protocols that mix many streams in
   * one request still get per-stream format detection. Absent: one stream.
   */
  readonly streams?: string[];
}

/** Limits and labels every codec needs to build dead letters. */
export interface DecodeContext {
  readonly tenant: string;
  readonly source: string;
  readonly receivedAt: number;
  /** Longest record accepted, in characters; longer ones are dead letters. */
  readonly maxRecordBytes: number;
}
