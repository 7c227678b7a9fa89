import { LogsiftError, SEVERITIES } from '../model/index.js';
import type { Severity } from '../model/index.js';

/** How anomalies become incidents. Durations in ms of event time. */
export interface IncidentConfig {
  /** An anomaly joins an open incident whose last activity is at most this old. Default 10 min. */
  readonly joinWindowMs: number;
  /** An incident with no activity (new anomalies, or problem lines of its new templates) for this long resolves itself. 0: never. Default 30 min. */
  readonly quietMs: number;
  /**
   * A resolved incident that comes back within this time is marked regressed instead of opening a
   * new one. Default 30 days: a known problem that recurs next week is the same problem.
   */
  readonly regressionWindowMs: number;
  /** Lowest anomaly severity that opens an incident; lower ones only join open incidents. Default medium. */
  readonly openMinSeverity: Severity;
  /** Anomaly ids kept on one incident (the first ones; later ones are counted in the timeline). Default 500. */
  readonly maxAnomalies: number;
  /** Timeline entries kept per incident; anomaly entries beyond it are folded into a count. Default 500. */
  readonly maxTimeline: number;
  /** Open or recently resolved incidents held in memory per tenant; the oldest resolved ones go first. Default 1,000. */
  readonly maxActivePerTenant: number;
}

export const DEFAULT_INCIDENT_CONFIG: IncidentConfig = Object.freeze({
  joinWindowMs: 10 * 60_000,
  quietMs: 30 * 60_000,
  regressionWindowMs: 30 * 86_400_000,
  openMinSeverity: 'medium',
  maxAnomalies: 500,
  maxTimeline: 500,
  maxActivePerTenant: 1000,
});

/** Validates and freezes; unknown keys and bad values fail with `invalid_config`. */
export function parseIncidentConfig(raw: Partial<Record<keyof IncidentConfig, unknown>> = {}): IncidentConfig {
  const out: Record<string, unknown> = { ...DEFAULT_INCIDENT_CONFIG };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in DEFAULT_INCIDENT_CONFIG)) throw new LogsiftError('invalid_config', `incidents: unknown option ${k}`);
    if (v === undefined) continue;
    if (k === 'openMinSeverity') {
      if (typeof v !== 'string' || !(SEVERITIES as readonly string[]).includes(v)) throw new LogsiftError('invalid_config', `incidents: openMinSeverity must be one of ${SEVERITIES.join(', ')}`);
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || ((k === 'maxAnomalies' || k === 'maxTimeline' || k === 'maxActivePerTenant') && v < 1)) {
      throw new LogsiftError('invalid_config', `incidents: ${k} must be a non-negative integer${k.startsWith('max') ? ' ≥ 1' : ''}, got ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return Object.freeze(out) as unknown as IncidentConfig;
}
