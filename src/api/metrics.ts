import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SourceMetrics } from '../ingest/sources/source-metrics.js';
import type { PipelineMetrics } from '../pipeline/index.js';
import type { DetectionMetrics } from '../detect/index.js';
import type { NotifyMetrics } from '../notify/index.js';
import { createIntelligenceMetrics } from './intelligence-metrics.js';
import type { IntelligenceGauges } from './intelligence-metrics.js';

/** Everything /metrics exports. Gauges read their values at scrape time. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly pipeline: PipelineMetrics;
  /** Per-source counters: protocol requests, frames/messages, bytes, connections. */
  readonly sources: SourceMetrics;
  /** Detection: events by outcome, anomalies by kind, suppressed (noise), windows, detector errors. */
  readonly detection: DetectionMetrics;
  /** Notification deliveries by channel type and outcome. */
  readonly notify: NotifyMetrics;
  /** Filled in by `serve` once detection is wired: queue depth and open incidents. */
  readonly intelligenceGauges: IntelligenceGauges;
}

export interface GaugeSources {
  storeBytes(): number;
  storeEvents(): number;
  storePartitions(): number;
  pendingRows(): number;
  templates(): number;
}

export function createApiMetrics(sources: GaugeSources): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'logsift_process_' });
  const records = new Counter({
    name: 'logsift_ingest_records_total',
    help: 'Records received, by source and outcome (accepted, deduplicated, rejected).',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const batch = new Histogram({
    name: 'logsift_ingest_batch_duration_seconds',
    help: 'Time from receiving a batch to its durable commit.',
    labelNames: ['source'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'logsift_dead_letters_total',
    help: 'Records sent to the dead-letter store, by source and reason.',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('logsift_store_bytes', 'Bytes on disk used by log partitions.', () => sources.storeBytes());
  gauge('logsift_store_events', 'Events stored.', () => sources.storeEvents());
  gauge('logsift_store_partitions', 'Partition files.', () => sources.storePartitions());
  gauge('logsift_store_pending_rows', 'Rows accepted but not yet committed.', () => sources.pendingRows());
  gauge('logsift_templates', 'Templates with stored events, over all tenants.', () => sources.templates());

  const pipeline: PipelineMetrics = {
    records(source, outcome, count) {
      if (count > 0) records.inc({ source, outcome }, count);
    },
    batchDuration(source, seconds) {
      batch.observe({ source }, seconds);
    },
    deadLetter(source, reason, count) {
      deadLetters.inc({ source, reason }, count);
    },
  };
  const sourceRequests = new Counter({
    name: 'logsift_source_requests_total',
    help: 'Protocol requests over HTTP (loki, elastic, otlp, splunk), by outcome.',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const sourceFrames = new Counter({
    name: 'logsift_source_frames_total',
    help: 'Frames, messages or records a source received, by outcome (received, invalid, too_large, dropped).',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const sourceBytes = new Counter({
    name: 'logsift_source_bytes_total',
    help: 'Bytes a source received on the wire, before decompression.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const sourceConnections = new Gauge({
    name: 'logsift_source_connections',
    help: 'Open connections of stream sources (syslog TCP/TLS).',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const sourceMetrics: SourceMetrics = {
    request(source, outcome) {
      sourceRequests.inc({ source, outcome });
    },
    frames(source, outcome, count) {
      if (count > 0) sourceFrames.inc({ source, outcome }, count);
    },
    bytes(source, count) {
      if (count > 0) sourceBytes.inc({ source }, count);
    },
    connections(source, delta) {
      sourceConnections.inc({ source }, delta);
    },
  };
  const intelligenceGauges: IntelligenceGauges = {};
  const intelligence = createIntelligenceMetrics(registry, intelligenceGauges);
  return { registry, pipeline, sources: sourceMetrics, detection: intelligence.detection, notify: intelligence.notify, intelligenceGauges };
}
