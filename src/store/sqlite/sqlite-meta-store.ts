import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { TemplateId } from '../../model/index.js';
import type { MetaStore } from '../meta-store.js';
import { migrateMeta } from './meta-schema.js';
import type { Durability } from './partition-schema.js';
import { configureConnection } from './partition-schema.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';
import { SqliteAnomalyStore } from './sqlite-anomaly-store.js';
import { SqliteDetectorStateStore } from './sqlite-detector-state-store.js';
import { SqliteIncidentStore } from './sqlite-incident-store.js';
import { SqliteNoiseRuleStore } from './sqlite-noise-rule-store.js';
import { SqliteNotificationLog } from './sqlite-notification-log.js';

/**
 * MetaStore on one SQLite file. Small, so it runs on the calling thread. Each concern
 * (anomalies, incidents, …) is its own small store sharing this connection.
 */
export class SqliteMetaStore implements MetaStore {
  private readonly db: Db;
  readonly anomalies: SqliteAnomalyStore;
  readonly noiseRules: SqliteNoiseRuleStore;
  readonly incidents: SqliteIncidentStore;
  readonly detectorState: SqliteDetectorStateStore;
  readonly alerts: SqliteAlertStore;
  readonly notifications: SqliteNotificationLog;
  private readonly getSnapshot: Statement;
  private readonly putSnapshot: Statement;
  private readonly putLineage: Statement;
  private readonly children: Statement;
  private readonly parents: Statement;

  /** `file` may be `:memory:` (tests, benchmarks). */
  constructor(file: string, durability: Durability) {
    this.db = new Database(file);
    configureConnection(this.db, durability, false);
    migrateMeta(this.db);
    this.anomalies = new SqliteAnomalyStore(this.db);
    this.noiseRules = new SqliteNoiseRuleStore(this.db);
    this.incidents = new SqliteIncidentStore(this.db);
    this.detectorState = new SqliteDetectorStateStore(this.db);
    this.alerts = new SqliteAlertStore(this.db);
    this.notifications = new SqliteNotificationLog(this.db);
    this.getSnapshot = this.db.prepare('SELECT data FROM miner_snapshots WHERE tenant = ?').pluck();
    this.putSnapshot = this.db.prepare('INSERT OR REPLACE INTO miner_snapshots (tenant, data, updated_at) VALUES (?, ?, ?)');
    this.putLineage = this.db.prepare('INSERT OR IGNORE INTO template_lineage (tenant, id, ancestor) VALUES (?, ?, ?)');
    this.children = this.db.prepare('SELECT id FROM template_lineage WHERE tenant = ? AND ancestor = ?').pluck();
    this.parents = this.db.prepare('SELECT ancestor FROM template_lineage WHERE tenant = ? AND id = ?').pluck();
  }

  async loadMinerSnapshot(tenant: string): Promise<Uint8Array | null> {
    const data = this.getSnapshot.get(tenant) as Buffer | undefined;
    return data === undefined ? null : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async saveMinerSnapshot(tenant: string, data: Uint8Array): Promise<void> {
    this.putSnapshot.run(tenant, Buffer.from(data.buffer, data.byteOffset, data.byteLength), Date.now());
  }

  async recordLineage(tenant: string, id: TemplateId, ancestors: readonly TemplateId[]): Promise<void> {
    this.db.transaction(() => {
      for (const a of ancestors) this.putLineage.run(tenant, id, a);
    })();
  }

  async templateFamily(tenant: string, id: TemplateId): Promise<readonly TemplateId[]> {
    // Breadth-first over the lineage graph, bounded so a pathological history cannot stall a query.
    const seen = new Set<TemplateId>([id]);
    const queue = [id];
    while (queue.length > 0 && seen.size < 1024) {
      const next = queue.shift() as TemplateId;
      for (const n of [...(this.children.all(tenant, next) as number[]), ...(this.parents.all(tenant, next) as number[])]) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    return [...seen];
  }

  async lineage(tenant: string): Promise<readonly (readonly [TemplateId, TemplateId])[]> {
    return (this.db.prepare('SELECT id, ancestor FROM template_lineage WHERE tenant = ?').raw().all(tenant) as [number, number][]).map(
      ([id, a]) => [id, a] as const,
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
