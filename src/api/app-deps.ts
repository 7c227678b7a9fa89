import type { Authenticator } from '../auth/request-auth.js';
import type { EventBus, IngestPipeline, TenantMiners } from '../pipeline/index.js';
import type { LogStore, MetaStore } from '../store/index.js';
import type { IntelligenceDeps } from './intelligence-deps.js';
import type { ApiMetrics } from './metrics.js';

/** What the HTTP API needs, injected by `serve` (or a test). */
export interface AppDeps {
  readonly pipeline: IngestPipeline;
  readonly store: LogStore;
  readonly meta: MetaStore;
  readonly miners: TenantMiners;
  readonly bus: EventBus;
  readonly auth: Authenticator;
  readonly metrics: ApiMetrics;
  readonly limits: {
    /** Largest request body, compressed or not, bytes. */
    readonly maxBodyBytes: number;
    /** Largest single record, bytes. */
    readonly maxRecordBytes: number;
  };
  /** False while starting or shutting down (readiness). */
  readonly isReady: () => boolean;
  /** Anomalies, incidents, explanations and alerting; their routes are served only when present. */
  readonly intelligence?: IntelligenceDeps;
}
