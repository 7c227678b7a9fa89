import type { Authenticator } from '../../auth/request-auth.js';
import type { IngestRequest, IngestResult } from '../../pipeline/index.js';
import type { SourceLogger } from './source-logger.js';
import type { SourceMetrics } from './source-metrics.js';

/** Where a source hands its batches: `IngestPipeline.submit` in the server. Resolves once durable. */
export type IngestSink = (request: IngestRequest) => Promise<IngestResult>;

/** Names of the source plug-ins (the HTTP protocols are routes, not plug-ins). */
export type SourceType = 'syslog' | 'kafka' | 'file';

/** What the wiring injects into a source; a source never looks up its neighbours. */
export interface SourceSettings {
  readonly sink: IngestSink;
  /** Every source authenticates through this, like the HTTP routes. */
  readonly auth: Authenticator;
  readonly log: SourceLogger;
  readonly metrics: SourceMetrics;
  /** Largest single record, bytes; longer ones become `too_large` dead letters. */
  readonly maxRecordBytes: number;
  /** Interface that network sources listen on (the server's `host`). */
  readonly host: string;
  /** Directory for state files (the server's data directory). */
  readonly dataDir: string;
}

/** A socket a source bound, reported by `start()` so the operator (and tests) know where to send. */
export interface BoundPort {
  readonly protocol: 'tcp' | 'udp' | 'tls';
  readonly host: string;
  readonly port: number;
}

/**
 * A running source. Lifecycle contract, checked for every plug-in by
 * `test/source-lifecycle.test.ts`:
 * - `start()` returns quickly once the source is bound (listening, subscribed, files opened)
 *   and reports what it bound; it rejects when it cannot bind, leaving nothing running.
 * - `stop()` stops taking input, flushes what was already received into the sink, and
 *   releases everything. It is idempotent, safe before `start()`, and when `signal` aborts it
 *   stops waiting for the flush (what was not yet handed over is counted as dropped).
 */
export interface Source {
  readonly type: SourceType;
  start(signal?: AbortSignal): Promise<readonly BoundPort[]>;
  stop(signal?: AbortSignal): Promise<void>;
}

/**
 * The only way to build a source. `configure` validates a partial config (what a user set)
 * on top of `defaultConfig` and freezes it; it throws `LogsiftError('invalid_config')` naming
 * the bad key. `create` never throws for a configured config.
 */
export interface SourceFactory<C> {
  readonly type: SourceType;
  readonly defaultConfig: Readonly<C>;
  configure(partial: Readonly<Partial<C>>): Readonly<C>;
  create(settings: SourceSettings, config: Readonly<C>): Source;
}
