import type { Database as Db, Statement } from 'better-sqlite3';
import type { Anomaly, AnomalyEvidence, AnomalyKind, Severity } from '../../model/index.js';
import type { AnomalyPage, AnomalyQuery, AnomalyStore } from '../anomaly-store.js';
import { decodeMetaCursor, encodeMetaCursor, placeholders } from './meta-cursor.js';

interface AnomalyRow {
  tenant: string;
  id: string;
  kind: string;
  service: string;
  template: number | null;
  window_start: number;
  window_end: number;
  detected_at: number;
  score: number;
  severity: string;
  title: string;
  evidence: string;
  incident_id: string | null;
  noise: number;
}

/** AnomalyStore on the shared meta.db connection. */
export class SqliteAnomalyStore implements AnomalyStore {
  private readonly insert: Statement;
  private readonly getOne: Statement;
  private readonly link: Statement;
  private readonly noise: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO anomalies (tenant, id, kind, service, template, window_start, window_end, detected_at, score, severity, title, evidence, incident_id, noise)
       VALUES (@tenant, @id, @kind, @service, @template, @window_start, @window_end, @detected_at, @score, @severity, @title, @evidence, @incident_id, @noise)`,
    );
    this.getOne = db.prepare('SELECT * FROM anomalies WHERE tenant = ? AND id = ?');
    this.link = db.prepare('UPDATE anomalies SET incident_id = ? WHERE tenant = ? AND id = ?');
    this.noise = db.prepare('UPDATE anomalies SET noise = ? WHERE tenant = ? AND id = ?');
  }

  async insertAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    this.db.transaction(() => {
      for (const a of anomalies) this.insert.run(toRow(a));
    })();
  }

  async getAnomaly(tenant: string, id: string): Promise<Anomaly | null> {
    const row = this.getOne.get(tenant, id) as AnomalyRow | undefined;
    return row === undefined ? null : fromRow(row);
  }

  async getAnomalies(tenant: string, ids: readonly string[]): Promise<readonly Anomaly[]> {
    const out: Anomaly[] = [];
    for (const id of ids) {
      const row = this.getOne.get(tenant, id) as AnomalyRow | undefined;
      if (row !== undefined) out.push(fromRow(row));
    }
    return out;
  }

  async listAnomalies(q: AnomalyQuery): Promise<AnomalyPage> {
    const where = ['tenant = ?'];
    const args: (string | number)[] = [q.tenant];
    if (q.kinds.length > 0) {
      where.push(`kind IN (${placeholders(q.kinds.length)})`);
      args.push(...q.kinds);
    }
    if (q.services.length > 0) {
      where.push(`service IN (${placeholders(q.services.length)})`);
      args.push(...q.services);
    }
    if (q.from !== null) {
      where.push('window_end > ?');
      args.push(q.from);
    }
    if (q.to !== null) {
      where.push('window_start < ?');
      args.push(q.to);
    }
    if (q.incidentId !== null) {
      where.push('incident_id = ?');
      args.push(q.incidentId);
    }
    if (q.noise !== null) {
      where.push('noise = ?');
      args.push(q.noise ? 1 : 0);
    }
    const cursor = decodeMetaCursor(q.cursor);
    if (cursor !== null) {
      where.push('(window_start < ? OR (window_start = ? AND id < ?))');
      args.push(cursor[0], cursor[0], cursor[1]);
    }
    const rows = this.db
      .prepare(`SELECT * FROM anomalies WHERE ${where.join(' AND ')} ORDER BY window_start DESC, id DESC LIMIT ?`)
      .all(...args, q.limit + 1) as AnomalyRow[];
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit).map(fromRow);
    const last = page[page.length - 1];
    return { anomalies: page, nextCursor: more && last !== undefined ? encodeMetaCursor([last.windowStart, last.id]) : null };
  }

  async linkAnomalies(tenant: string, ids: readonly string[], incidentId: string): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.link.run(incidentId, tenant, id);
    })();
  }

  async setNoise(tenant: string, id: string, noise: boolean): Promise<Anomaly | null> {
    this.noise.run(noise ? 1 : 0, tenant, id);
    return this.getAnomaly(tenant, id);
  }
}

function toRow(a: Anomaly): AnomalyRow {
  return {
    tenant: a.tenant,
    id: a.id,
    kind: a.kind,
    service: a.service,
    template: a.templateId,
    window_start: a.windowStart,
    window_end: a.windowEnd,
    detected_at: a.detectedAt,
    score: a.score,
    severity: a.severity,
    title: a.title,
    evidence: JSON.stringify(a.evidence),
    incident_id: a.incidentId,
    noise: a.noise ? 1 : 0,
  };
}

function fromRow(r: AnomalyRow): Anomaly {
  return {
    id: r.id,
    tenant: r.tenant,
    kind: r.kind as AnomalyKind,
    service: r.service,
    templateId: r.template,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    detectedAt: r.detected_at,
    score: r.score,
    severity: r.severity as Severity,
    title: r.title,
    evidence: JSON.parse(r.evidence) as AnomalyEvidence,
    incidentId: r.incident_id,
    noise: r.noise !== 0,
  };
}
