import { LogsiftError } from '../model/index.js';
import type { Anomaly } from '../model/index.js';
import type { AnomalyStore, NoiseRule, NoiseRuleStore } from '../store/index.js';
import { newId } from '../detect/index.js';

/** Where noise rules take effect at once (the detection runner). */
export interface NoiseRuleTarget {
  addNoiseRule(rule: NoiseRule): void;
  removeNoiseRule(rule: NoiseRule): void;
}

/** Where feedback is noted on the incident's timeline (the incident tracker). */
export interface FeedbackNotes {
  note(tenant: string, incidentId: string, kind: 'comment', actor: string, text: string): Promise<void>;
}

/** `template`: this kind for this template of the service; `service`: this kind for the whole service. */
export type NoiseScope = 'template' | 'service';

export interface FeedbackSettings {
  readonly anomalies: AnomalyStore;
  readonly rules: NoiseRuleStore;
  readonly detection: NoiseRuleTarget | null;
  readonly notes: FeedbackNotes | null;
  readonly clock?: () => number;
}

/**
 * User feedback on anomalies. Marking one as noise flags it, stores a noise rule (its kind and
 * service, and its template unless the scope is the whole service) and applies the rule to
 * detection at once: that detector stops raising that kind for that template or service.
 * Unmarking undoes all of it. Both are noted on the anomaly's incident.
 */
export class AnomalyFeedback {
  private readonly clock: () => number;

  constructor(private readonly settings: FeedbackSettings) {
    this.clock = settings.clock ?? Date.now;
  }

  async markNoise(tenant: string, anomalyId: string, actor: string, scope: NoiseScope = 'template'): Promise<{ anomaly: Anomaly; rule: NoiseRule }> {
    const a = await this.anomaly(tenant, anomalyId);
    const rule = await this.settings.rules.addNoiseRule({
      id: newId('nr'),
      tenant,
      kind: a.kind,
      service: a.service,
      templateId: scope === 'service' ? null : a.templateId,
      anomalyId: a.id,
      createdAt: this.clock(),
      createdBy: actor,
    });
    const updated = (await this.settings.anomalies.setNoise(tenant, a.id, true)) ?? a;
    this.settings.detection?.addNoiseRule(rule);
    if (a.incidentId !== null) {
      const what = rule.templateId === null ? `${a.kind.replace('_', ' ')} on ${a.service}` : `${a.kind.replace('_', ' ')} for this template of ${a.service}`;
      await this.settings.notes?.note(tenant, a.incidentId, 'comment', actor, `marked "${a.title}" as noise; ${what} will not be raised again`);
    }
    return { anomaly: updated, rule };
  }

  /** Undoes `markNoise`: removes the rules matching the anomaly (template and service scope) and clears its flag. */
  async unmarkNoise(tenant: string, anomalyId: string, actor: string): Promise<{ anomaly: Anomaly; removed: readonly NoiseRule[] }> {
    const a = await this.anomaly(tenant, anomalyId);
    const removed: NoiseRule[] = [];
    for (const r of await this.settings.rules.listNoiseRules(tenant)) {
      if (r.kind === a.kind && r.service === a.service && (r.templateId === null || r.templateId === a.templateId)) {
        if (await this.settings.rules.removeNoiseRule(tenant, r.id)) {
          removed.push(r);
          this.settings.detection?.removeNoiseRule(r);
        }
      }
    }
    const updated = (await this.settings.anomalies.setNoise(tenant, a.id, false)) ?? a;
    if (a.incidentId !== null && removed.length > 0) {
      await this.settings.notes?.note(tenant, a.incidentId, 'comment', actor, `unmarked "${a.title}" as noise; it will be raised again`);
    }
    return { anomaly: updated, removed };
  }

  async listRules(tenant: string): Promise<readonly NoiseRule[]> {
    return this.settings.rules.listNoiseRules(tenant);
  }

  async removeRule(tenant: string, id: string): Promise<void> {
    const rule = (await this.settings.rules.listNoiseRules(tenant)).find((r) => r.id === id);
    if (rule === undefined || !(await this.settings.rules.removeNoiseRule(tenant, id))) throw new LogsiftError('not_found', `no noise rule ${id}`);
    this.settings.detection?.removeNoiseRule(rule);
  }

  private async anomaly(tenant: string, id: string): Promise<Anomaly> {
    const a = await this.settings.anomalies.getAnomaly(tenant, id);
    if (a === null) throw new LogsiftError('not_found', `no anomaly ${id}`);
    return a;
  }
}
