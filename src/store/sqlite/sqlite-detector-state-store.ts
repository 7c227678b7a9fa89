import type { Database as Db, Statement } from 'better-sqlite3';
import type { DetectorStateStore } from '../detector-state-store.js';

export class SqliteDetectorStateStore implements DetectorStateStore {
  private readonly get: Statement;
  private readonly put: Statement;
  private readonly tenants: Statement;

  constructor(db: Db) {
    this.get = db.prepare('SELECT data FROM detector_state WHERE tenant = ? AND name = ?').pluck();
    this.put = db.prepare('INSERT OR REPLACE INTO detector_state (tenant, name, data, updated_at) VALUES (?, ?, ?, ?)');
    this.tenants = db.prepare('SELECT DISTINCT tenant FROM detector_state').pluck();
  }

  async loadDetectorState(tenant: string, name: string): Promise<Uint8Array | null> {
    const data = this.get.get(tenant, name) as Buffer | undefined;
    return data === undefined ? null : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async saveDetectorState(tenant: string, name: string, data: Uint8Array): Promise<void> {
    this.put.run(tenant, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength), Date.now());
  }

  async detectorStateTenants(): Promise<readonly string[]> {
    return this.tenants.all() as string[];
  }
}
