import type { AnomalyKind, Severity } from './anomaly.js';
import type { TemplateId } from './template.js';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Everything that happened to an incident, in order. */
export const TIMELINE_KINDS = [
  'opened',
  'anomaly',
  'acknowledged',
  'resolved',
  'auto_resolved',
  'reopened',
  'regressed',
  'comment',
  'summary',
  'notified',
  'notify_failed',
  'severity',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** ms since epoch. */
  readonly ts: number;
  readonly kind: TimelineKind;
  /** `system`, a detector name, a channel name, or the user who acted. */
  readonly actor: string;
  readonly text: string;
  /** Set on `anomaly` entries. */
  readonly anomalyId?: string;
}

/** What happened and what to do, from the evidence (built-in) or from an LLM. */
export interface IncidentSummary {
  readonly source: 'builtin' | 'llm';
  /** Model name for `llm`. */
  readonly model: string | null;
  readonly generatedAt: number;
  /** What changed, by how much, since when, where. */
  readonly summary: string;
  /** The likely root cause, when the source names one. */
  readonly rootCause: string | null;
  /** Steps to take, first one first. */
  readonly remediation: readonly string[];
  /** The first error line and the top new or spiking templates, with samples. */
  readonly highlights: readonly { readonly title: string; readonly sample: string; readonly eventId: string | null }[];
}

/** Related anomalies grouped into one thing a person acts on. */
export interface Incident {
  readonly id: string;
  readonly tenant: string;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly hosts: readonly string[];
  readonly anomalyIds: readonly string[];
  /** Kinds of its anomalies, for rules (service, severity, kind) and the list view. */
  readonly kinds: readonly AnomalyKind[];
  /** Templates its anomalies concern; problem lines (warn and above) of these keep it active. */
  readonly templates: readonly TemplateId[];
  /**
   * Where to look first: the templates of the finding that opened it. Findings that join later
   * (another service failing a minute after, a crash dump's follow-up lines) are most often
   * consequences of this one.
   */
  readonly leadTemplates: readonly TemplateId[];
  /**
   * ms since epoch. System changes (opened, anomalies, auto-resolve, regressions) are stamped with
   * event time (the detection window's end), so backfilled or fast-forwarded data reads right;
   * user actions (acknowledge, resolve, comments) and notifications with the wall clock.
   */
  readonly openedAt: number;
  readonly updatedAt: number;
  readonly lastAnomalyAt: number;
  /**
   * Last time, in event time, a new anomaly joined or a problem line of its templates was seen;
   * it auto-resolves once this is older than the quiet period.
   */
  readonly lastActivityAt: number;
  readonly acknowledgedAt: number | null;
  readonly resolvedAt: number | null;
  /** Times it came back after being resolved. */
  readonly regressions: number;
  /** Built-in summary always; an LLM summary replaces it when one is configured and succeeds. */
  readonly summary: IncidentSummary | null;
  readonly timeline: readonly TimelineEntry[];
}
