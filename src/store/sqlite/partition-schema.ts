import type { Database } from 'better-sqlite3';
import { FTS_TOKENIZER } from './terms.js';

/** Bumped when the partition layout changes; older partitions are migrated on open. */
export const PARTITION_SCHEMA_VERSION = 1;

/**
 * One partition holds the events of one tenant for one span of ingest time, with
 * everything derived from them, so that dropping the file drops all of it at once and a
 * batch commits atomically.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  id        INTEGER PRIMARY KEY,      -- rowkey, see rowkey.ts
  ts        INTEGER NOT NULL,         -- event time, ms since epoch
  service   TEXT NOT NULL,
  host      TEXT NOT NULL,
  level     INTEGER NOT NULL,         -- 0 trace … 5 fatal
  template  INTEGER NOT NULL,
  trace     TEXT,
  span      TEXT,
  message   TEXT NOT NULL,
  attrs     TEXT                      -- JSON object or NULL
);
-- The search index works on blocks of consecutive rows: one document per block holds
-- the union of its rows' terms (see terms.ts), rowid = the block's last rowkey.
CREATE TABLE IF NOT EXISTS blocks (
  id   INTEGER PRIMARY KEY,           -- last (largest) rowkey in the block
  min  INTEGER NOT NULL,              -- first rowkey in the block
  rows INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS blocks_fts USING fts5(
  terms, content='', detail=none, columnsize=0, tokenize="${FTS_TOKENIZER}"
);
CREATE TABLE IF NOT EXISTS templates (
  id         INTEGER PRIMARY KEY,
  text       TEXT NOT NULL,
  sample     TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);
-- Counts per minute for histograms, template statistics and detectors.
CREATE TABLE IF NOT EXISTS rollup (
  minute   INTEGER NOT NULL,          -- ms since epoch, floored to the minute
  template INTEGER NOT NULL,
  service  TEXT NOT NULL,
  level    INTEGER NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (minute, template, service, level)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (
  key      TEXT PRIMARY KEY,
  ts       INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS record_ids (
  key TEXT PRIMARY KEY,
  ts  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dead_letters (
  id     INTEGER PRIMARY KEY,
  ts     INTEGER NOT NULL,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  raw    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

export type Durability = 'process' | 'power';

/**
 * Connection settings. `process` durability (synchronous=NORMAL in WAL) keeps every
 * acknowledged batch through a crash or kill of the process; `power` (FULL) also through a
 * power loss, at the price of an fsync per group commit.
 */
export function configureConnection(db: Database, durability: Durability, readonly: boolean, walAutocheckpointPages = 4000): void {
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
  }
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
}

export function createPartitionSchema(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === PARTITION_SCHEMA_VERSION) return;
  if (version > PARTITION_SCHEMA_VERSION) {
    throw new Error(`partition schema ${version} is newer than this logsift (${PARTITION_SCHEMA_VERSION})`);
  }
  db.exec(DDL);
  db.pragma(`user_version = ${PARTITION_SCHEMA_VERSION}`);
}

export interface PartitionRange {
  /** Event-time bounds, ms; +Infinity/-Infinity when empty. */
  readonly minTs: number;
  readonly maxTs: number;
  readonly events: number;
}

/** The partition's event-time range and size, kept in `meta` so opening a partition does not scan it. */
export function readPartitionRange(db: Database): PartitionRange {
  const meta = new Map(
    (db.prepare("SELECT key, value FROM meta WHERE key IN ('min_ts', 'max_ts', 'events')").all() as { key: string; value: string }[]).map(
      (r) => [r.key, Number(r.value)],
    ),
  );
  const events = meta.get('events');
  if (events !== undefined) {
    return { minTs: meta.get('min_ts') ?? Number.POSITIVE_INFINITY, maxTs: meta.get('max_ts') ?? Number.NEGATIVE_INFINITY, events };
  }
  const r = db.prepare('SELECT min(ts) AS minTs, max(ts) AS maxTs, count(*) AS n FROM events').get() as {
    minTs: number | null;
    maxTs: number | null;
    n: number;
  };
  return { minTs: r.minTs ?? Number.POSITIVE_INFINITY, maxTs: r.maxTs ?? Number.NEGATIVE_INFINITY, events: r.n };
}
