import type { Anomaly, Incident, IncidentSummary } from '../model/index.js';

/** Why an incident changed, for listeners such as the notifier. */
export type IncidentChangeReason = 'opened' | 'updated' | 'regressed' | 'acknowledged' | 'resolved' | 'reopened' | 'severity' | 'summary';

export interface IncidentChange {
  readonly tenant: string;
  readonly incident: Incident;
  readonly reason: IncidentChangeReason;
  /** Anomalies that joined with this change (empty for status changes). */
  readonly anomalies: readonly Anomaly[];
}

/** Hears every incident change, synchronously; must return quickly (queue slow work). */
export type IncidentListener = (change: IncidentChange) => void;

/** Writes what happened and what to do: the built-in summary at once, a model's when one is configured. */
export interface IncidentExplainer {
  /** From the evidence alone; synchronous and cheap. */
  builtin(incident: Incident, anomalies: readonly Anomaly[]): IncidentSummary;
  /** The best summary available (an LLM's when configured and healthy, else the built-in one). Never rejects. */
  explain(incident: Incident, anomalies: readonly Anomaly[], signal?: AbortSignal): Promise<IncidentSummary>;
  /** True when `explain` may do more than `builtin` (an LLM is configured). */
  readonly enhanced: boolean;
}
