/**
 * Anomalies, incidents and alerting as the API returns them (src/api/routes/intelligence-views.ts):
 * the model types of src/model/anomaly.ts and incident.ts in JSON form, template ids as hex,
 * without the tenant.
 */
import type { Anomaly, AnomalyKind, Incident, IncidentStatus, Severity, TimelineEntry } from '../../../src/model/index.js';

export type { AnomalyKind, IncidentStatus, Severity, TimelineEntry };

export type AnomalyView = Omit<Anomaly, 'tenant' | 'templateId' | 'evidence'> & {
  readonly templateId: string | null;
  readonly evidence: Omit<Anomaly['evidence'], 'templates'> & { readonly templates: readonly string[] };
};

/** GET /api/v1/anomalies */
export interface AnomalyList {
  readonly anomalies: readonly AnomalyView[];
  readonly nextCursor: string | null;
}

export type IncidentView = Omit<Incident, 'tenant' | 'templates'> & {
  readonly templates: readonly string[];
  readonly anomalyCount: number;
};

/** GET /api/v1/incidents (timelines are left out of lists) */
export interface IncidentList {
  readonly incidents: readonly IncidentView[];
  readonly nextCursor: string | null;
  readonly total: number;
}

/** GET /api/v1/incidents/:id */
export interface IncidentDetail {
  readonly incident: IncidentView;
  readonly anomalies: readonly AnomalyView[];
}

/** A delivery (or the test delivery) of a notification. */
export interface NotificationView {
  readonly id: string;
  readonly incidentId: string | null;
  readonly channelId: string;
  readonly ruleId: string | null;
  readonly reason: string;
  readonly status: 'pending' | 'delivered' | 'failed' | 'dropped';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

/** One dimension value's part in a difference between a range and its baseline (GET /api/v1/explain). */
export interface Contributor {
  readonly key: string;
  readonly label: string;
  readonly observed: number;
  readonly expected: number;
  readonly difference: number;
  readonly ratio: number;
  readonly share: number;
  readonly pValue: number;
  readonly significant: boolean;
}

export interface Explanation {
  readonly range: { readonly from: number; readonly to: number };
  readonly baseline: { readonly from: number; readonly to: number };
  readonly total: { readonly observed: number; readonly expected: number; readonly difference: number; readonly ratio: number; readonly pValue: number };
  readonly templates: readonly Contributor[];
  readonly services: readonly Contributor[];
  readonly levels: readonly Contributor[];
  readonly hosts: readonly Contributor[];
  readonly params: readonly Contributor[];
  readonly sampled: { readonly range: number; readonly baseline: number };
}
