import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { DetectionMetrics } from '../detect/index.js';
import type { NotifyMetrics } from '../notify/index.js';

/** Live values read at scrape time; absent until `serve` wires detection. */
export interface IntelligenceGauges {
  detectionQueue?: () => number;
  openIncidents?: () => number;
}

/** Detection, incident and notification counters on the API's registry. */
export function createIntelligenceMetrics(registry: Registry, gauges: IntelligenceGauges): { detection: DetectionMetrics; notify: NotifyMetrics } {
  const events = new Counter({
    name: 'logsift_detection_events_total',
    help: 'Events offered to detection, by outcome (accepted, late: its window had closed, future: stamped too far ahead, dropped: queue full).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const anomalies = new Counter({ name: 'logsift_anomalies_total', help: 'Anomalies raised, by kind.', labelNames: ['kind'] as const, registers: [registry] });
  const suppressed = new Counter({ name: 'logsift_anomalies_suppressed_total', help: 'Anomalies not raised because users marked that kind as noise, by kind.', labelNames: ['kind'] as const, registers: [registry] });
  const windows = new Counter({ name: 'logsift_detection_windows_total', help: 'Detection windows closed (all tenants).', registers: [registry] });
  const detectorErrors = new Counter({ name: 'logsift_detector_errors_total', help: 'Detector failures on a window (the window is skipped for that detector).', registers: [registry] });
  const deliveries = new Counter({
    name: 'logsift_notifications_total',
    help: 'Notification deliveries by channel type and outcome (delivered, failed after retries, retried, dropped, deduplicated).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'logsift_detection_queue_events',
    help: 'Events waiting for detection.',
    registers: [registry],
    collect() {
      this.set(gauges.detectionQueue?.() ?? 0);
    },
  });
  new Gauge({
    name: 'logsift_incidents_open',
    help: 'Incidents open or acknowledged, held by the tracker (all tenants).',
    registers: [registry],
    collect() {
      this.set(gauges.openIncidents?.() ?? 0);
    },
  });
  return {
    detection: {
      events(outcome, count) {
        if (count > 0) events.inc({ outcome }, count);
      },
      anomalies(kind, count) {
        anomalies.inc({ kind }, count);
      },
      suppressed(kind, count) {
        suppressed.inc({ kind }, count);
      },
      windows(count) {
        if (count > 0) windows.inc(count);
      },
      detectorErrors(count) {
        if (count > 0) detectorErrors.inc(count);
      },
    },
    notify: {
      deliveries(channel, outcome) {
        deliveries.inc({ channel, outcome });
      },
    },
  };
}
