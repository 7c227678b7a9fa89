import type { TemplateId } from '../model/index.js';
import type { AlertStore } from './alert-store.js';
import type { AnomalyStore } from './anomaly-store.js';
import type { DetectorStateStore } from './detector-state-store.js';
import type { IncidentStore } from './incident-store.js';
import type { NoiseRuleStore } from './noise-rule-store.js';
import type { NotificationLog } from './notification-log.js';

/**
 * Metadata that is not log events: miner state, template lineage and (with later
 * features) anomalies, incidents, rules, users and keys. Embedded default: SQLite
 * `meta.db` in the data directory.
 */
export interface MetaStore {
  /** The last saved miner snapshot of a tenant, or null. */
  loadMinerSnapshot(tenant: string): Promise<Uint8Array | null>;
  saveMinerSnapshot(tenant: string, data: Uint8Array): Promise<void>;
  /** Records that `id` generalised each of `ancestors` (old ids keep finding the same lines). */
  recordLineage(tenant: string, id: TemplateId, ancestors: readonly TemplateId[]): Promise<void>;
  /** `id` with every template connected to it by generalisation, in either direction. */
  templateFamily(tenant: string, id: TemplateId): Promise<readonly TemplateId[]>;
  /** Every (template, ancestor) edge of a tenant. */
  lineage(tenant: string): Promise<readonly (readonly [TemplateId, TemplateId])[]>;
  /** Detected anomalies. */
  readonly anomalies: AnomalyStore;
  /** Feedback: anomaly kinds users marked as noise. */
  readonly noiseRules: NoiseRuleStore;
  readonly incidents: IncidentStore;
  /** Detector snapshots, so detection resumes after a restart. */
  readonly detectorState: DetectorStateStore;
  /** Alert rules and notification channels. */
  readonly alerts: AlertStore;
  /** Notification deliveries and their failures. */
  readonly notifications: NotificationLog;
  close(): Promise<void>;
}
