import type { Database as Db, Statement } from 'better-sqlite3';
import type { Incident } from '../../model/index.js';
import type { IncidentPage, IncidentQuery, IncidentStore } from '../incident-store.js';
import { decodeMetaCursor, encodeMetaCursor, placeholders } from './meta-cursor.js';

/** IncidentStore on the shared meta.db connection: indexed columns for filters, the incident as JSON. */
export class SqliteIncidentStore implements IncidentStore {
  private readonly upsert: Statement;
  private readonly getOne: Statement;
  private readonly active: Statement;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO incidents (tenant, id, status, severity, opened_at, last_activity_at, resolved_at, services, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getOne = db.prepare('SELECT data FROM incidents WHERE tenant = ? AND id = ?').pluck();
    this.active = db.prepare("SELECT data FROM incidents WHERE status != 'resolved' OR resolved_at >= ?").pluck();
  }

  async saveIncident(i: Incident): Promise<void> {
    this.upsert.run(i.tenant, i.id, i.status, i.severity, i.openedAt, i.lastActivityAt, i.resolvedAt, JSON.stringify(i.services), JSON.stringify(i));
  }

  async getIncident(tenant: string, id: string): Promise<Incident | null> {
    const data = this.getOne.get(tenant, id) as string | undefined;
    return data === undefined ? null : (JSON.parse(data) as Incident);
  }

  async listIncidents(q: IncidentQuery): Promise<IncidentPage> {
    const where = ['tenant = ?'];
    const args: (string | number)[] = [q.tenant];
    if (q.statuses.length > 0) {
      where.push(`status IN (${placeholders(q.statuses.length)})`);
      args.push(...q.statuses);
    }
    if (q.severities.length > 0) {
      where.push(`severity IN (${placeholders(q.severities.length)})`);
      args.push(...q.severities);
    }
    if (q.services.length > 0) {
      where.push(`EXISTS (SELECT 1 FROM json_each(incidents.services) WHERE value IN (${placeholders(q.services.length)}))`);
      args.push(...q.services);
    }
    if (q.from !== null) {
      where.push('last_activity_at >= ?');
      args.push(q.from);
    }
    if (q.to !== null) {
      where.push('opened_at < ?');
      args.push(q.to);
    }
    const total = this.db.prepare(`SELECT count(*) FROM incidents WHERE ${where.join(' AND ')}`).pluck().get(...args) as number;
    const cursor = decodeMetaCursor(q.cursor);
    if (cursor !== null) {
      where.push('(opened_at < ? OR (opened_at = ? AND id < ?))');
      args.push(cursor[0], cursor[0], cursor[1]);
    }
    const rows = this.db
      .prepare(`SELECT data FROM incidents WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT ?`)
      .pluck()
      .all(...args, q.limit + 1) as string[];
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit).map((d) => ({ ...(JSON.parse(d) as Incident), timeline: [] }));
    const last = page[page.length - 1];
    return { incidents: page, total, nextCursor: more && last !== undefined ? encodeMetaCursor([last.openedAt, last.id]) : null };
  }

  async activeIncidents(resolvedSince: number): Promise<readonly Incident[]> {
    return (this.active.all(resolvedSince) as string[]).map((d) => JSON.parse(d) as Incident);
  }
}
