import type { AnomalyKind, TemplateId } from '../model/index.js';

/**
 * User feedback: "this kind of anomaly, for this service (and template), is noise". Detection
 * stops raising matching anomalies while the rule exists; deleting it undoes the feedback.
 */
export interface NoiseRule {
  readonly id: string;
  readonly tenant: string;
  readonly kind: AnomalyKind;
  readonly service: string;
  /** The template concerned, or null for service-level kinds (then every template matches). */
  readonly templateId: TemplateId | null;
  /** The anomaly the user marked, when the rule came from one. */
  readonly anomalyId: string | null;
  /** ms since epoch. */
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface NoiseRuleStore {
  /** Every rule of a tenant, or of all tenants when `tenant` is null (the detectors load them at start). */
  listNoiseRules(tenant: string | null): Promise<readonly NoiseRule[]>;
  /** Adds a rule; an existing rule for the same (kind, service, template) is returned instead. */
  addNoiseRule(rule: NoiseRule): Promise<NoiseRule>;
  /** Removes a rule by id; false when there was none. */
  removeNoiseRule(tenant: string, id: string): Promise<boolean>;
}
