/** What a frame-, message- or request-level outcome was, as counted per source. */
export type FrameOutcome =
  /** Decoded and handed to the pipeline. */
  | 'received'
  /** Could not be framed or decoded (bad octet count, no syslog PRI, poison message). */
  | 'invalid'
  /** Larger than the record limit; skipped without buffering it whole. */
  | 'too_large'
  /** Dropped because the source's bounded buffer was full (UDP only: TCP and HTTP push back). */
  | 'dropped';

/** Outcome of one protocol request over HTTP. */
export type RequestOutcome = 'ok' | 'bad_request' | 'unauthorized' | 'too_large' | 'unsupported' | 'error';

/**
 * Per-source telemetry. The API wires it to Prometheus (`src/api/metrics.ts`); every method
 * must be cheap because sources call it on their hot path.
 */
export interface SourceMetrics {
  /** One HTTP protocol request (`loki`, `elastic`, `otlp`, `splunk`) by outcome. */
  request(source: string, outcome: RequestOutcome): void;
  /** Frames (syslog), messages (Kafka), lines (files) or protocol records, by outcome. */
  frames(source: string, outcome: FrameOutcome, count: number): void;
  /** Bytes received on the wire, before decompression. */
  bytes(source: string, count: number): void;
  /** Open connections changed by `delta` (TCP sources). */
  connections(source: string, delta: number): void;
}

/** Used when nobody listens: costs nothing. */
export const NOOP_SOURCE_METRICS: SourceMetrics = Object.freeze({
  request() {},
  frames() {},
  bytes() {},
  connections() {},
});
