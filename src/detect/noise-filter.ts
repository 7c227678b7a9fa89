import type { AnomalyKind, TemplateId } from '../model/index.js';
import type { NoiseRule } from '../store/index.js';

/**
 * User feedback in force: anomalies matching a noise rule (same kind and service, and the same
 * template unless the rule names none) are not raised. Rules come from the NoiseRuleStore at
 * start and change through `add`/`remove` as users mark and unmark anomalies.
 */
export class NoiseFilter {
  /** tenant → `kind \0 service \0 template|''` → rule id. */
  private readonly rules = new Map<string, Map<string, string>>();

  load(rules: readonly NoiseRule[]): void {
    this.rules.clear();
    for (const r of rules) this.add(r);
  }

  add(rule: NoiseRule): void {
    let t = this.rules.get(rule.tenant);
    if (t === undefined) this.rules.set(rule.tenant, (t = new Map()));
    t.set(keyOf(rule.kind, rule.service, rule.templateId), rule.id);
  }

  remove(rule: NoiseRule): void {
    this.rules.get(rule.tenant)?.delete(keyOf(rule.kind, rule.service, rule.templateId));
  }

  /** True when an anomaly of this kind, service and template is noise. */
  matches(tenant: string, kind: AnomalyKind, service: string, templateId: TemplateId | null): boolean {
    const t = this.rules.get(tenant);
    if (t === undefined || t.size === 0) return false;
    return t.has(keyOf(kind, service, null)) || (templateId !== null && t.has(keyOf(kind, service, templateId)));
  }

  get size(): number {
    let n = 0;
    for (const t of this.rules.values()) n += t.size;
    return n;
  }
}

function keyOf(kind: AnomalyKind, service: string, template: TemplateId | null): string {
  return `${kind}\u0000${service}\u0000${template ?? ''}`;
}
