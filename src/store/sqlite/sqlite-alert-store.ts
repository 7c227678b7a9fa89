import type { Database as Db, Statement } from 'better-sqlite3';
import type { AlertRule, AlertStore, ChannelRecord } from '../alert-store.js';

/** Alert rules and channels on the shared meta.db connection, each kept as one JSON row. */
export class SqliteAlertStore implements AlertStore {
  private readonly rulesAll: Statement;
  private readonly rulesOf: Statement;
  private readonly ruleGet: Statement;
  private readonly rulePut: Statement;
  private readonly ruleDel: Statement;
  private readonly channelsAll: Statement;
  private readonly channelsOf: Statement;
  private readonly channelGet: Statement;
  private readonly channelPut: Statement;
  private readonly channelDel: Statement;

  constructor(db: Db) {
    this.rulesAll = db.prepare('SELECT data FROM alert_rules ORDER BY tenant, created_at, id').pluck();
    this.rulesOf = db.prepare('SELECT data FROM alert_rules WHERE tenant = ? ORDER BY created_at, id').pluck();
    this.ruleGet = db.prepare('SELECT data FROM alert_rules WHERE tenant = ? AND id = ?').pluck();
    this.rulePut = db.prepare('INSERT OR REPLACE INTO alert_rules (tenant, id, data, created_at) VALUES (?, ?, ?, ?)');
    this.ruleDel = db.prepare('DELETE FROM alert_rules WHERE tenant = ? AND id = ?');
    this.channelsAll = db.prepare('SELECT data FROM channels ORDER BY tenant, created_at, id').pluck();
    this.channelsOf = db.prepare('SELECT data FROM channels WHERE tenant = ? ORDER BY created_at, id').pluck();
    this.channelGet = db.prepare('SELECT data FROM channels WHERE tenant = ? AND id = ?').pluck();
    this.channelPut = db.prepare('INSERT OR REPLACE INTO channels (tenant, id, data, created_at) VALUES (?, ?, ?, ?)');
    this.channelDel = db.prepare('DELETE FROM channels WHERE tenant = ? AND id = ?');
  }

  async listRules(tenant: string | null): Promise<readonly AlertRule[]> {
    return parseAll<AlertRule>(tenant === null ? this.rulesAll.all() : this.rulesOf.all(tenant));
  }

  async getRule(tenant: string, id: string): Promise<AlertRule | null> {
    return parseOne<AlertRule>(this.ruleGet.get(tenant, id));
  }

  async saveRule(rule: AlertRule): Promise<void> {
    this.rulePut.run(rule.tenant, rule.id, JSON.stringify(rule), rule.createdAt);
  }

  async deleteRule(tenant: string, id: string): Promise<boolean> {
    return this.ruleDel.run(tenant, id).changes > 0;
  }

  async listChannels(tenant: string | null): Promise<readonly ChannelRecord[]> {
    return parseAll<ChannelRecord>(tenant === null ? this.channelsAll.all() : this.channelsOf.all(tenant));
  }

  async getChannel(tenant: string, id: string): Promise<ChannelRecord | null> {
    return parseOne<ChannelRecord>(this.channelGet.get(tenant, id));
  }

  async saveChannel(channel: ChannelRecord): Promise<void> {
    this.channelPut.run(channel.tenant, channel.id, JSON.stringify(channel), channel.createdAt);
  }

  async deleteChannel(tenant: string, id: string): Promise<boolean> {
    return this.channelDel.run(tenant, id).changes > 0;
  }
}

function parseAll<T>(rows: unknown[]): T[] {
  return (rows as string[]).map((d) => JSON.parse(d) as T);
}

function parseOne<T>(row: unknown): T | null {
  return typeof row === 'string' ? (JSON.parse(row) as T) : null;
}
