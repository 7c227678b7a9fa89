import type { Database as Db, Statement } from 'better-sqlite3';
import type { AnomalyKind } from '../../model/index.js';
import type { NoiseRule, NoiseRuleStore } from '../noise-rule-store.js';

interface NoiseRuleRow {
  tenant: string;
  id: string;
  kind: string;
  service: string;
  template: number;
  anomaly_id: string | null;
  created_at: number;
  created_by: string;
}

/** Templates are stored as -1 when a rule has none, so the unique index covers (kind, service) rules too. */
const NO_TEMPLATE = -1;

export class SqliteNoiseRuleStore implements NoiseRuleStore {
  private readonly all: Statement;
  private readonly byTenant: Statement;
  private readonly bySubject: Statement;
  private readonly insert: Statement;
  private readonly remove: Statement;

  constructor(db: Db) {
    this.all = db.prepare('SELECT * FROM noise_rules ORDER BY tenant, created_at');
    this.byTenant = db.prepare('SELECT * FROM noise_rules WHERE tenant = ? ORDER BY created_at');
    this.bySubject = db.prepare('SELECT * FROM noise_rules WHERE tenant = ? AND kind = ? AND service = ? AND template = ?');
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO noise_rules (tenant, id, kind, service, template, anomaly_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.remove = db.prepare('DELETE FROM noise_rules WHERE tenant = ? AND id = ?');
  }

  async listNoiseRules(tenant: string | null): Promise<readonly NoiseRule[]> {
    const rows = (tenant === null ? this.all.all() : this.byTenant.all(tenant)) as NoiseRuleRow[];
    return rows.map(fromRow);
  }

  async addNoiseRule(rule: NoiseRule): Promise<NoiseRule> {
    const template = rule.templateId ?? NO_TEMPLATE;
    this.insert.run(rule.tenant, rule.id, rule.kind, rule.service, template, rule.anomalyId, rule.createdAt, rule.createdBy);
    return fromRow(this.bySubject.get(rule.tenant, rule.kind, rule.service, template) as NoiseRuleRow);
  }

  async removeNoiseRule(tenant: string, id: string): Promise<boolean> {
    return this.remove.run(tenant, id).changes > 0;
  }
}

function fromRow(r: NoiseRuleRow): NoiseRule {
  return {
    id: r.id,
    tenant: r.tenant,
    kind: r.kind as AnomalyKind,
    service: r.service,
    templateId: r.template === NO_TEMPLATE ? null : r.template,
    anomalyId: r.anomaly_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}
