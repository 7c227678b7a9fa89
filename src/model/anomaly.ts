import type { TemplateId } from './template.js';

/** What a detector found. One kind per detector (see src/detect/). */
export const ANOMALY_KINDS = [
  /** A template never seen before for the service (after warm-up). */
  'new_pattern',
  /** A template's or service's rate far above its learned baseline. */
  'rate_spike',
  /** A template's or service's rate far below its learned baseline. */
  'rate_drop',
  /** A service that stopped logging. */
  'silence',
  /** The share of warn/error/fatal lines of a service jumped. */
  'error_rate',
  /** A numeric parameter far outside its learned range (latency, sizes). */
  'param_numeric',
  /** A categorical parameter took a never-seen value where values were stable. */
  'param_new_value',
  /** A session (trace, request, block id) whose event order or counts the model finds unlikely. */
  'sequence',
  /** A window whose overall features are an outlier (rate, error rate, distinct templates, hosts, length). */
  'outlier_window',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One point of an observed-vs-expected series, for the evidence chart. */
export interface EvidencePoint {
  /** Bucket start, ms since epoch. */
  readonly ts: number;
  readonly observed: number;
  /** The baseline's expectation, or null where it had none yet. */
  readonly expected: number | null;
}

/** The numbers and lines behind an anomaly: enough to judge it without searching. */
export interface AnomalyEvidence {
  /** What was measured, in `unit`. */
  readonly observed: number;
  /** What the baseline expected, in `unit`; null for kinds without one (new pattern). */
  readonly expected: number | null;
  /** e.g. `lines/min`, `share`, `ms`, `log-likelihood`. */
  readonly unit: string;
  /** The series around the window, when the kind has one. */
  readonly series: readonly EvidencePoint[];
  /** Store ids of sample lines (open them with GET /api/v1/logs/:id/context). */
  readonly sampleIds: readonly string[];
  /** Those sample lines' messages, so the evidence reads without another request. */
  readonly samples: readonly string[];
  /** Kind-specific facts, e.g. `{ param: "dur", value: "2300", p99: 180 }` or the sequence explanation. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * The templates behind the anomaly: its own template first, then (for service-level kinds such
   * as an error-rate jump) the templates that moved most. Correlation and explanations use them.
   */
  readonly templates: readonly TemplateId[];
  /** Hosts of the lines behind it (at most a handful), so incidents can say where. */
  readonly hosts: readonly string[];
  /** Trace ids of the lines behind it (at most a handful), so anomalies of one request correlate. */
  readonly traceIds: readonly string[];
}

/** A detector's finding. Immutable except for its incident link and user feedback. */
export interface Anomaly {
  readonly id: string;
  readonly tenant: string;
  readonly kind: AnomalyKind;
  readonly service: string;
  /** The template concerned, when the anomaly is about one. */
  readonly templateId: TemplateId | null;
  /** The detection window, ms since epoch, [start, end). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** When it was raised (wall clock), ms since epoch. */
  readonly detectedAt: number;
  /** How unusual, ≥ 0; comparable within a kind (e.g. robust z-score, negative log-likelihood). */
  readonly score: number;
  readonly severity: Severity;
  /** One line a person understands: "payment: error share 31% (baseline 0.4%)". */
  readonly title: string;
  readonly evidence: AnomalyEvidence;
  /** The incident it belongs to, once correlated. */
  readonly incidentId: string | null;
  /** A user marked it as noise: the detector stops raising this kind for this template/service. */
  readonly noise: boolean;
}
