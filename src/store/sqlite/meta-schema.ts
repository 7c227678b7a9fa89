import type { Database as Db } from 'better-sqlite3';
import { LogsiftError } from '../../model/index.js';

/**
 * meta.db migrations, applied in order to bring `user_version` up to date. Each step is
 * additive (new tables and indexes only), so an older logsift can still read what it knows.
 */
const MIGRATIONS: readonly string[] = [
  // 1: miner state and template lineage.
  `
CREATE TABLE IF NOT EXISTS miner_snapshots (
  tenant     TEXT PRIMARY KEY,
  data       BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS template_lineage (
  tenant   TEXT NOT NULL,
  id       INTEGER NOT NULL,
  ancestor INTEGER NOT NULL,
  PRIMARY KEY (tenant, id, ancestor)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS template_lineage_ancestor ON template_lineage (tenant, ancestor);
`,
  // 2: detection, incidents and alerting.
  `
CREATE TABLE IF NOT EXISTS anomalies (
  tenant       TEXT NOT NULL,
  id           TEXT NOT NULL,
  kind         TEXT NOT NULL,
  service      TEXT NOT NULL,
  template     INTEGER,                 -- NULL for service-level kinds
  window_start INTEGER NOT NULL,        -- ms since epoch
  window_end   INTEGER NOT NULL,
  detected_at  INTEGER NOT NULL,
  score        REAL NOT NULL,
  severity     TEXT NOT NULL,
  title        TEXT NOT NULL,
  evidence     TEXT NOT NULL,           -- JSON AnomalyEvidence
  incident_id  TEXT,
  noise        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS anomalies_window ON anomalies (tenant, window_start DESC, id DESC);
CREATE INDEX IF NOT EXISTS anomalies_incident ON anomalies (tenant, incident_id);
CREATE TABLE IF NOT EXISTS noise_rules (
  tenant      TEXT NOT NULL,
  id          TEXT NOT NULL,
  kind        TEXT NOT NULL,
  service     TEXT NOT NULL,
  template    INTEGER NOT NULL,         -- -1 for rules without a template
  anomaly_id  TEXT,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS noise_rules_subject ON noise_rules (tenant, kind, service, template);
CREATE TABLE IF NOT EXISTS incidents (
  tenant           TEXT NOT NULL,
  id               TEXT NOT NULL,
  status           TEXT NOT NULL,
  severity         TEXT NOT NULL,
  opened_at        INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  resolved_at      INTEGER,
  services         TEXT NOT NULL,       -- JSON array, for the service filter
  data             TEXT NOT NULL,       -- JSON Incident, timeline included
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS incidents_opened ON incidents (tenant, opened_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS incidents_status ON incidents (status, resolved_at);
CREATE TABLE IF NOT EXISTS detector_state (
  tenant     TEXT NOT NULL,
  name       TEXT NOT NULL,
  data       BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_rules (
  tenant     TEXT NOT NULL,
  id         TEXT NOT NULL,
  data       TEXT NOT NULL,             -- JSON AlertRule
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS channels (
  tenant     TEXT NOT NULL,
  id         TEXT NOT NULL,
  data       TEXT NOT NULL,             -- JSON ChannelRecord
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notifications (
  tenant      TEXT NOT NULL,
  id          TEXT NOT NULL,
  incident_id TEXT,
  channel_id  TEXT NOT NULL,
  status      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  data        TEXT NOT NULL,            -- JSON NotificationRecord
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS notifications_created ON notifications (tenant, created_at DESC);
`,
];

/** The schema version this build writes. */
export const META_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings meta.db up to `META_SCHEMA_VERSION`, one transaction per step; refuses a newer file. */
export function migrateMeta(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > META_SCHEMA_VERSION) {
    throw new LogsiftError('invalid_config', `meta.db schema ${version} is newer than this logsift (${META_SCHEMA_VERSION})`);
  }
  for (let v = version; v < META_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
