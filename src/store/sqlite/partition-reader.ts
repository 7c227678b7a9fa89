import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { emptyLevelCounts, levelFromRank } from '../../model/index.js';
import type { Attrs, LevelCounts, StoredEvent } from '../../model/index.js';
import type { StoredDeadLetter } from '../log-store.js';
import type { CompiledFilter } from './compiled-query.js';
import { configureConnection, readPartitionRange } from './partition-schema.js';
import type { PartitionRange } from './partition-schema.js';
import { attributeText, ftsExact, ftsPrefix, messageMatchesTerm, templateConstants, templateTerm } from './terms.js';

/** A raw events row. */
interface EventRow {
  id: number;
  ts: number;
  service: string;
  host: string;
  level: number;
  template: number;
  trace: string | null;
  span: string | null;
  message: string;
  attrs: string | null;
}

const EVENT_COLUMNS = 'id, ts, service, host, level, template, trace, span, message, attrs';

/** Most candidate rows one partition scan looks at before it stops and hands back a cursor. */
export const SCAN_BUDGET = 20_000;

export interface PartitionSearch {
  /** Matching events, newest first, at most `limit`. */
  readonly events: StoredEvent[];
  /**
   * Where to continue: every row with rowkey ≥ this (and below the bound searched) has been
   * decided, and the events above are all of its matches. Null when the partition is exhausted.
   */
  readonly resumeBelow: number | null;
  readonly scanned: number;
}

/** Candidate blocks fetched per index query. */
const BLOCK_PAGE = 64;

/** Read-only access to one partition file. */
export class PartitionReader {
  private readonly db: Db;
  private templateTerms: { id: number; terms: readonly string[] }[] = [];
  private templatesSeen = -1;
  private readonly countTemplates: Statement;
  private readonly blockSpanStmt: Statement;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly tenant: string,
    readonly key: string,
    file: string,
  ) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    configureConnection(this.db, 'process', true);
    this.countTemplates = this.db.prepare('SELECT count(*) FROM templates').pluck();
    this.blockSpanStmt = this.db.prepare("SELECT value FROM meta WHERE key = 'max_block_span'").pluck();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Matching events with rowkey in [filter.low, below), newest first, at most `limit`.
   * Stops after about SCAN_BUDGET rows and says where to resume.
   */
  search(filter: CompiledFilter, below: number, limit: number): PartitionSearch {
    const high = Math.min(below, filter.high);
    if (high <= filter.low) return { events: [], resumeBelow: null, scanned: 0 };
    const match = this.matchExpression(filter);
    return match === null ? this.scanRows(filter, high, limit) : this.scanBlocks(filter, match, high, limit);
  }

  /** No index clause: walk rows newest first. */
  private scanRows(filter: CompiledFilter, high: number, limit: number): PartitionSearch {
    const events: StoredEvent[] = [];
    const page = Math.min(Math.max(limit * 2, 64), 2000);
    const stmt = this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id < ? AND id >= ?${filter.rowSql} ORDER BY id DESC LIMIT ?`);
    let upper = high;
    let scanned = 0;
    for (;;) {
      const rows = stmt.all(upper, filter.low, ...filter.rowArgs, page) as EventRow[];
      for (const row of rows) {
        scanned++;
        if (this.accepts(row, filter)) {
          events.push(this.toEvent(row));
          if (events.length >= limit) return { events, resumeBelow: row.id, scanned };
        }
      }
      if (rows.length < page) return { events, resumeBelow: null, scanned };
      upper = rows[rows.length - 1].id;
      if (scanned >= SCAN_BUDGET) return { events, resumeBelow: upper, scanned };
    }
  }

  /**
   * Candidate blocks newest first; each block's rows are checked. A row is final once no
   * block still to visit can hold a newer row (blocks of out-of-order batches may overlap).
   */
  private scanBlocks(filter: CompiledFilter, match: string, high: number, limit: number): PartitionSearch {
    const events: StoredEvent[] = [];
    const pending: EventRow[] = []; // checked matches not yet final, newest first
    const seen = new Set<number>();
    const blocksStmt = this.statement(
      'SELECT id, min, rows FROM blocks WHERE id IN (SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH ? AND rowid < ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?) ORDER BY id DESC',
    );
    const rowsStmt = this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id <= ? AND id >= ?${filter.rowSql} ORDER BY id DESC`);
    // A block's key is its largest rowkey; one that starts below `high` can end at most a span above it.
    let blockUpper = high + this.maxBlockSpan() + 1;
    let scanned = 0;
    let lastEmitted = 0;
    const emitAbove = (bound: number): boolean => {
      while (pending.length > 0 && pending[0].id > bound) {
        const row = pending.shift() as EventRow;
        events.push(this.toEvent(row));
        lastEmitted = row.id;
        if (events.length >= limit) return true;
      }
      return false;
    };
    // Rowkeys [coveredLow, coveredHigh] were already fetched. Blocks of batches that share
    // timestamps (a backfill sent twice, replays) overlap; their rows are fetched once.
    let coveredLow = Number.POSITIVE_INFINITY;
    let coveredHigh = Number.NEGATIVE_INFINITY;
    for (;;) {
      const blocks = blocksStmt.all(match, blockUpper, filter.low, BLOCK_PAGE) as { id: number; min: number; rows: number }[];
      for (const b of blocks) {
        if (emitAbove(b.id)) return { events, resumeBelow: lastEmitted, scanned };
        if (scanned >= SCAN_BUDGET) return { events, resumeBelow: b.id + 1, scanned };
        const low = Math.max(b.min, filter.low);
        let upper = Math.min(b.id, high - 1);
        if (low >= coveredLow && upper <= coveredHigh) {
          scanned++; // a skipped block still costs its index lookup
          continue;
        }
        const overlaps = upper >= coveredLow - 1 && upper <= coveredHigh;
        if (overlaps) upper = coveredLow - 1;
        const rows = rowsStmt.all(upper, low, ...filter.rowArgs) as EventRow[];
        if (overlaps) coveredLow = low;
        else {
          coveredLow = low;
          coveredHigh = Math.min(b.id, high - 1);
        }
        // Budget counts the rows SQLite visited (the block's size), not just those it let through;
        // the uncovered tail of an overlapping block is small, counted by what it returned.
        scanned += overlaps ? rows.length + 1 : b.rows;
        let added = false;
        for (const row of rows) {
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          if (this.accepts(row, filter)) {
            pending.push(row);
            added = true;
          }
        }
        if (added) pending.sort((x, y) => y.id - x.id);
      }
      if (blocks.length < BLOCK_PAGE) break;
      blockUpper = blocks[blocks.length - 1].id;
    }
    if (emitAbove(Number.NEGATIVE_INFINITY)) return { events, resumeBelow: lastEmitted, scanned };
    return { events, resumeBelow: null, scanned };
  }

  /** Counts by bucket and level for filters the rollup cannot answer (text, host, trace); stops after `budget` rows. */
  histogramFromIndex(filter: CompiledFilter, bucketMs: number, into: Map<number, LevelCounts>, budget: number): number {
    const match = this.matchExpression(filter);
    const count = (row: EventRow) => {
      if (!this.accepts(row, filter)) return;
      const bucket = Math.floor(row.ts / bucketMs) * bucketMs;
      let counts = into.get(bucket);
      if (counts === undefined) {
        counts = emptyLevelCounts();
        into.set(bucket, counts);
      }
      counts[levelFromRank(row.level)]++;
    };
    let seen = 0;
    if (match === null) {
      for (const row of this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id < ? AND id >= ?${filter.rowSql}`).iterate(filter.high, filter.low, ...filter.rowArgs) as IterableIterator<EventRow>) {
        count(row);
        if (++seen >= budget) return seen;
      }
      return seen;
    }
    const blocks = this.statement('SELECT id, min, rows FROM blocks WHERE id IN (SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH ? AND rowid < ? AND rowid >= ?)').all(
      match,
      filter.high + this.maxBlockSpan() + 1,
      filter.low,
    ) as { id: number; min: number; rows: number }[];
    const rowsStmt = this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id <= ? AND id >= ?${filter.rowSql}`);
    // Overlapping blocks would count a row twice; remember rows when any block overlaps another.
    blocks.sort((a, b) => a.min - b.min);
    let lastEnd = Number.NEGATIVE_INFINITY;
    for (const b of blocks) {
      const from = Math.max(b.min, lastEnd + 1, filter.low);
      const to = Math.min(b.id, filter.high - 1);
      if (from <= to) {
        for (const row of rowsStmt.iterate(to, from, ...filter.rowArgs) as IterableIterator<EventRow>) count(row);
        seen += b.rows;
        if (seen >= budget) return seen;
      }
      if (b.id > lastEnd) lastEnd = b.id;
    }
    return seen;
  }

  /** Counts by bucket and level from the per-minute rollup (service, level and template filters only). */
  histogramFromRollup(
    fromTs: number,
    toTs: number,
    bucketMs: number,
    services: readonly string[],
    levels: readonly number[],
    templates: readonly number[],
    into: Map<number, LevelCounts>,
  ): void {
    const where = ['minute >= ?', 'minute < ?'];
    const args: (number | string)[] = [fromTs, toTs];
    if (services.length > 0) {
      where.push(`service IN (${services.map(() => '?').join(',')})`);
      args.push(...services);
    }
    if (levels.length > 0) {
      where.push(`level IN (${levels.map(() => '?').join(',')})`);
      args.push(...levels);
    }
    if (templates.length > 0) {
      where.push(`template IN (${templates.map(() => '?').join(',')})`);
      args.push(...templates);
    }
    const sql = `SELECT (minute / ${bucketMs}) * ${bucketMs} AS bucket, level, sum(count) AS n FROM rollup WHERE ${where.join(' AND ')} GROUP BY bucket, level`;
    for (const row of this.db.prepare(sql).iterate(...args) as IterableIterator<{ bucket: number; level: number; n: number }>) {
      let counts = into.get(row.bucket);
      if (counts === undefined) {
        counts = emptyLevelCounts();
        into.set(row.bucket, counts);
      }
      counts[levelFromRank(row.level)] += row.n;
    }
  }

  /**
   * Sums the rollup by `column` (template or service), bucket and level over [fromTs, toTs),
   * handing each (key, bucket, level, count) to `add`. A null `bucketMs` sums the whole range
   * into one bucket at `fromTs`. Reads only the rollup (its primary key starts with the minute).
   */
  rollupBy(
    column: 'template' | 'service',
    fromTs: number,
    toTs: number,
    bucketMs: number | null,
    services: readonly string[],
    templates: readonly number[],
    add: (key: string | number, bucket: number, level: number, count: number) => void,
  ): void {
    const where = ['minute >= ?', 'minute < ?'];
    const args: (number | string)[] = [fromTs, toTs];
    if (services.length > 0) {
      where.push(`service IN (${services.map(() => '?').join(',')})`);
      args.push(...services);
    }
    if (templates.length > 0) {
      where.push(`template IN (${templates.map(() => '?').join(',')})`);
      args.push(...templates);
    }
    const bucket = bucketMs === null ? String(Math.trunc(fromTs)) : `(minute / ${Math.trunc(bucketMs)}) * ${Math.trunc(bucketMs)}`;
    const sql = `SELECT ${column} AS key, ${bucket} AS bucket, level, sum(count) AS n FROM rollup WHERE ${where.join(' AND ')} GROUP BY key, bucket, level`;
    for (const row of this.statement(sql).iterate(...args) as IterableIterator<{ key: string | number; bucket: number; level: number; n: number }>) {
      add(row.key, row.bucket, row.level, row.n);
    }
  }

  /** The event with this rowkey and up to `before`/`after` neighbours, oldest first. */
  context(rowkey: number, before: number, after: number): StoredEvent[] {
    const older = this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id <= ? ORDER BY id DESC LIMIT ?`).all(rowkey, before + 1) as EventRow[];
    const newer = this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id > ? ORDER BY id ASC LIMIT ?`).all(rowkey, after) as EventRow[];
    return [...older.reverse(), ...newer].map((r) => this.toEvent(r));
  }

  deadLetters(belowId: number, limit: number): StoredDeadLetter[] {
    const rows = this.statement('SELECT id, ts, source, reason, detail, raw FROM dead_letters WHERE id < ? ORDER BY id DESC LIMIT ?').all(
      belowId,
      limit,
    ) as { id: number; ts: number; source: string; reason: string; detail: string; raw: string }[];
    return rows.map((r) => ({
      id: `${this.key}:${r.id}`,
      tenant: this.tenant,
      ts: r.ts,
      source: r.source,
      reason: r.reason as StoredDeadLetter['reason'],
      detail: r.detail,
      raw: r.raw,
    }));
  }

  /** Everything the template statistics are built from. */
  templateSummary(): {
    templates: { id: number; text: string; sample: string; firstSeen: number; lastSeen: number }[];
    counts: { template: number; service: string; level: number; n: number }[];
  } {
    return {
      templates: this.db.prepare('SELECT id, text, sample, first_seen AS firstSeen, last_seen AS lastSeen FROM templates').all() as {
        id: number;
        text: string;
        sample: string;
        firstSeen: number;
        lastSeen: number;
      }[],
      counts: this.db.prepare('SELECT template, service, level, sum(count) AS n FROM rollup GROUP BY template, service, level').all() as {
        template: number;
        service: string;
        level: number;
        n: number;
      }[],
    };
  }

  range(): PartitionRange {
    return readPartitionRange(this.db);
  }

  /**
   * The FTS5 expression for a filter in this partition, or null when only a rowkey scan is
   * needed. A free-text term matches rows whose own terms start with it, or rows of any
   * template whose constant text contains it.
   */
  private matchExpression(filter: CompiledFilter): string | null {
    if (filter.scanOnly) return null;
    const clauses = [...filter.structural];
    if (filter.terms.length > 0) {
      const templates = this.templatesWithTerms();
      for (const term of filter.terms) {
        const alternatives = [ftsPrefix(term)];
        for (const t of templates) {
          if (t.terms.some((c) => c.startsWith(term))) alternatives.push(ftsExact(templateTerm(t.id)));
        }
        clauses.push(alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`);
      }
    }
    return clauses.join(' AND ');
  }

  private templatesWithTerms(): readonly { id: number; terms: readonly string[] }[] {
    const n = this.countTemplates.get() as number;
    if (n !== this.templatesSeen) {
      const rows = this.db.prepare('SELECT id, text FROM templates').all() as { id: number; text: string }[];
      this.templateTerms = rows.map((r) => ({ id: r.id, terms: templateConstants(r.text).terms }));
      this.templatesSeen = n;
    }
    return this.templateTerms;
  }

  /** The exact check of one row against the whole filter (the block index only narrows). */
  private accepts(row: EventRow, filter: CompiledFilter): boolean {
    if (row.ts < filter.fromTs || row.ts >= filter.toTs) return false;
    if (filter.levels !== null && !filter.levels.has(row.level)) return false;
    if (filter.services !== null && !filter.services.has(row.service)) return false;
    if (filter.hosts !== null && !filter.hosts.has(row.host)) return false;
    if (filter.templates !== null && !filter.templates.has(row.template)) return false;
    if (filter.traceId !== null && row.trace !== filter.traceId) return false;
    if (filter.terms.length > 0) {
      const message = row.message.toLowerCase();
      let attrs: string | null | undefined;
      for (const term of filter.terms) {
        if (messageMatchesTerm(message, term)) continue;
        if (attrs === undefined) attrs = row.attrs === null ? null : (attributeText(JSON.parse(row.attrs) as Attrs)?.toLowerCase() ?? null);
        if (attrs === null || !messageMatchesTerm(attrs, term)) return false;
      }
    }
    return true;
  }

  private maxBlockSpan(): number {
    const v = this.blockSpanStmt.get() as string | undefined;
    return v === undefined ? 0 : Number(v);
  }

  private toEvent(row: EventRow): StoredEvent {
    return {
      id: `${this.key}:${row.id}`,
      tenant: this.tenant,
      ts: row.ts,
      service: row.service,
      host: row.host,
      level: levelFromRank(row.level),
      message: row.message,
      attrs: row.attrs === null ? null : (JSON.parse(row.attrs) as Attrs),
      traceId: row.trace,
      spanId: row.span,
      templateId: row.template,
    };
  }

  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}
