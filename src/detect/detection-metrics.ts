import type { AnomalyKind } from '../model/index.js';

/** Outcomes of an event offered to detection. */
export type DetectionOutcome = 'accepted' | 'late' | 'future' | 'dropped';

/** What detection reports to /metrics. Counters only; no tenant labels (unbounded). */
export interface DetectionMetrics {
  events(outcome: DetectionOutcome, count: number): void;
  anomalies(kind: AnomalyKind, count: number): void;
  /** Anomalies not raised because a user marked that kind as noise. */
  suppressed(kind: AnomalyKind, count: number): void;
  windows(count: number): void;
  detectorErrors(count: number): void;
}

export const NOOP_DETECTION_METRICS: DetectionMetrics = Object.freeze({
  events: () => undefined,
  anomalies: () => undefined,
  suppressed: () => undefined,
  windows: () => undefined,
  detectorErrors: () => undefined,
});
