import type { Anomaly, AnomalyKind } from '../model/index.js';

/** Filters for listing anomalies. Arrays are OR within a field, AND across fields; empty = any. */
export interface AnomalyQuery {
  readonly tenant: string;
  readonly kinds: readonly AnomalyKind[];
  readonly services: readonly string[];
  /** Windows that end after this, ms since epoch (inclusive), or null. */
  readonly from: number | null;
  /** Windows that start before this, ms since epoch (exclusive), or null. */
  readonly to: number | null;
  /** Only anomalies of this incident, or null. */
  readonly incidentId: string | null;
  /** true: only those marked as noise; false: only the others; null: both. */
  readonly noise: boolean | null;
  /** Page size, 1…1000. */
  readonly limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor: string | null;
}

export interface AnomalyPage {
  /** Newest window first. */
  readonly anomalies: readonly Anomaly[];
  readonly nextCursor: string | null;
}

/** Where detected anomalies are kept. Anomalies are immutable except their incident link and noise flag. */
export interface AnomalyStore {
  insertAnomalies(anomalies: readonly Anomaly[]): Promise<void>;
  getAnomaly(tenant: string, id: string): Promise<Anomaly | null>;
  /** The anomalies with these ids that exist, in the order asked. */
  getAnomalies(tenant: string, ids: readonly string[]): Promise<readonly Anomaly[]>;
  listAnomalies(query: AnomalyQuery): Promise<AnomalyPage>;
  linkAnomalies(tenant: string, ids: readonly string[], incidentId: string): Promise<void>;
  /** Sets the noise flag; returns the updated anomaly, or null when there is none. */
  setNoise(tenant: string, id: string, noise: boolean): Promise<Anomaly | null>;
}
