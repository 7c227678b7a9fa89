import type { Incident, IncidentStatus, Severity } from '../model/index.js';

/** Filters for listing incidents. Arrays are OR within a field, AND across fields; empty = any. */
export interface IncidentQuery {
  readonly tenant: string;
  readonly statuses: readonly IncidentStatus[];
  /** Severities to include (exact values, not a minimum). */
  readonly severities: readonly Severity[];
  readonly services: readonly string[];
  /** Incidents active after this (last activity ≥ from), ms since epoch, or null. */
  readonly from: number | null;
  /** Incidents opened before this, ms since epoch, or null. */
  readonly to: number | null;
  /** Page size, 1…500. */
  readonly limit: number;
  readonly cursor: string | null;
}

export interface IncidentPage {
  /** Most recently opened first; timelines are left out (empty) to keep lists small. */
  readonly incidents: readonly Incident[];
  readonly nextCursor: string | null;
  /** Incidents matching the filters, over all pages. */
  readonly total: number;
}

/** Where incidents live. An incident is saved whole (with its timeline) on every change. */
export interface IncidentStore {
  saveIncident(incident: Incident): Promise<void>;
  getIncident(tenant: string, id: string): Promise<Incident | null>;
  listIncidents(query: IncidentQuery): Promise<IncidentPage>;
  /**
   * Incidents that are not resolved, or were resolved after `resolvedSince` (ms since epoch), over
   * all tenants: what the incident tracker keeps in memory to correlate and detect regressions.
   */
  activeIncidents(resolvedSince: number): Promise<readonly Incident[]>;
}
