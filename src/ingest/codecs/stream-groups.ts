import type { IngestError, IngestResult, RawRecord } from '../../pipeline/index.js';
import type { DecodedBody } from './decoded-body.js';

/** Streams one decoded batch is split into at most (bounds the work per batch); later streams share the last one. */
export const MAX_STREAMS_PER_BATCH = 32;
/**
 * A stream with fewer records than this in a batch is not worth its own pipeline batch: it joins
 * the batch's shared group (named by the fallback). Keeps high-cardinality keys (a request id
 * as Kafka key, one Loki stream per entry) from turning one batch into hundreds of tiny ones.
 */
export const MIN_STREAM_RECORDS = 100;
/** Longest stream name kept in a stream key. */
const MAX_STREAM_CHARS = 200;

/** The records of one stream, with their positions in the decoded batch and their ids. */
export interface StreamGroup {
  readonly stream: string;
  readonly records: RawRecord[];
  readonly positions: number[];
  readonly recordIds: (string | null)[] | null;
}

/**
 * Splits a decoded batch by the stream each record names (`DecodedBody.streams`: a Loki
 * stream's service, an OTLP resource, an index, a Kafka message key), in order of first
 * appearance, so the same input always splits the same way. Without stream names: one group
 * named `fallback`. At most `MAX_STREAMS_PER_BATCH` groups; streams with fewer than
 * `MIN_STREAM_RECORDS` records share the `fallback` group.
 */
export function groupByStream(decoded: DecodedBody, fallback: string): StreamGroup[] {
  const streams = decoded.streams;
  const ids = decoded.recordIds ?? null;
  if (streams === undefined) return [{ stream: fallback, records: decoded.records, positions: decoded.positions, recordIds: ids }];
  // The usual case (one index, one Kafka key per partition): one group, no copies.
  if (streams.length > 0 && streams.every((s) => s === streams[0])) {
    return [{ stream: streams[0].slice(0, MAX_STREAM_CHARS), records: decoded.records, positions: decoded.positions, recordIds: ids }];
  }
  const group = (stream: string): StreamGroup => ({ stream, records: [], positions: [], recordIds: ids === null ? null : [] });
  const groups = new Map<string, StreamGroup>();
  let last: StreamGroup | null = null;
  for (let i = 0; i < decoded.records.length; i++) {
    const name = streams[i].slice(0, MAX_STREAM_CHARS);
    let g: StreamGroup | undefined = last !== null && last.stream === name ? last : groups.get(name);
    if (g === undefined) {
      if (groups.size >= MAX_STREAMS_PER_BATCH && last !== null) g = last;
      else {
        g = group(name);
        groups.set(name, g);
      }
    }
    g.records.push(decoded.records[i]);
    g.positions.push(decoded.positions[i]);
    g.recordIds?.push(ids?.[i] ?? null);
    last = g;
  }
  if (groups.size <= 1) return groups.size === 0 ? [group(fallback)] : [...groups.values()];
  const out: StreamGroup[] = [];
  let shared: StreamGroup | null = null;
  for (const g of groups.values()) {
    if (g.records.length >= MIN_STREAM_RECORDS) {
      out.push(g);
      continue;
    }
    shared ??= group(fallback);
    for (let i = 0; i < g.records.length; i++) {
      shared.records.push(g.records[i]);
      shared.positions.push(g.positions[i]);
      shared.recordIds?.push(g.recordIds?.[i] ?? null);
    }
  }
  if (shared !== null) out.push(shared);
  return out;
}

/** One result for a batch stored as several stream batches. */
export function mergeResults(results: readonly IngestResult[]): IngestResult {
  if (results.length === 1) return results[0];
  let received = 0;
  let accepted = 0;
  let deduplicated = 0;
  let rejected = 0;
  const errors: IngestError[] = [];
  for (const r of results) {
    received += r.received;
    accepted += r.accepted;
    deduplicated += r.deduplicated;
    rejected += r.rejected;
    errors.push(...r.errors);
  }
  errors.sort((a, b) => a.index - b.index);
  return { received, accepted, deduplicated, rejected, errors };
}
