export { IngestPipeline, DEAD_LETTER_RAW_LIMIT, truncate } from './ingest-pipeline.js';
export type { IngestPipelineSettings } from './ingest-pipeline.js';
export type { IngestRequest, IngestResult, IngestError, RawRecord, RejectedRecord } from './ingest-request.js';
export { EventBus } from './event-bus.js';
export type { CommittedEvents, EventListener } from './event-bus.js';
export { TenantMiners } from './tenant-miners.js';
export { mineKeys } from './mine-keys.js';
export { NOOP_PIPELINE_METRICS } from './pipeline-metrics.js';
export type { PipelineMetrics } from './pipeline-metrics.js';
