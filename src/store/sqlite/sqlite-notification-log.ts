import type { Database as Db, Statement } from 'better-sqlite3';
import type { NotificationLog, NotificationQuery, NotificationRecord } from '../notification-log.js';
import { placeholders } from './meta-cursor.js';

export class SqliteNotificationLog implements NotificationLog {
  private readonly put: Statement;

  constructor(private readonly db: Db) {
    this.put = db.prepare(
      'INSERT OR REPLACE INTO notifications (tenant, id, incident_id, channel_id, status, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  async saveNotification(r: NotificationRecord): Promise<void> {
    this.put.run(r.tenant, r.id, r.incidentId, r.channelId, r.status, r.createdAt, JSON.stringify(r));
  }

  async listNotifications(q: NotificationQuery): Promise<readonly NotificationRecord[]> {
    const where = ['tenant = ?'];
    const args: (string | number)[] = [q.tenant];
    if (q.statuses.length > 0) {
      where.push(`status IN (${placeholders(q.statuses.length)})`);
      args.push(...q.statuses);
    }
    if (q.incidentId !== null) {
      where.push('incident_id = ?');
      args.push(q.incidentId);
    }
    if (q.channelId !== null) {
      where.push('channel_id = ?');
      args.push(q.channelId);
    }
    const rows = this.db
      .prepare(`SELECT data FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .pluck()
      .all(...args, q.limit) as string[];
    return rows.map((d) => JSON.parse(d) as NotificationRecord);
  }
}
