import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { emptyLevelCounts, levelFromRank } from '../../model/index.js';
import type { Attrs, LevelCounts, StoredEvent } from '../../model/index.js';
import type { StoredDeadLetter } from '../log-store.js';
import type { CompiledFilter } from './compiled-query.js';
import { configureConnection, readPartitionRange } from './partition-schema.js';
import type { PartitionRange } from './partition-schema.js';
import { rowkeyTs } from './rowkey.js';
import { ftsExact, ftsPrefix, messageMatchesTerm, templateConstants, templateTerm } from './terms.js';

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
  readonly events: StoredEvent[];
  /** Rowkey the scan stopped at when the budget ran out before `limit` matches; else null. */
  readonly stoppedAt: number | null;
  readonly scanned: number;
}

/** Read-only access to one partition file. */
export class PartitionReader {
  private readonly db: Db;
  private templateTerms: { id: number; terms: readonly string[] }[] = [];
  private templatesSeen = -1;
  private readonly countTemplates: Statement;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly tenant: string,
    readonly key: string,
    file: string,
  ) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    configureConnection(this.db, 'process', true);
    this.countTemplates = this.db.prepare('SELECT count(*) FROM templates').pluck();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Matching events with rowkey in [filter.low, below), newest first, at most `limit`.
   * Stops early after SCAN_BUDGET candidates and reports where.
   */
  search(filter: CompiledFilter, below: number, limit: number): PartitionSearch {
    const high = Math.min(below, filter.high);
    const events: StoredEvent[] = [];
    if (high <= filter.low) return { events, stoppedAt: null, scanned: 0 };
    const match = this.matchExpression(filter);
    const page = Math.min(Math.max(limit * 2, 64), 2000);
    let upper = high;
    let scanned = 0;
    for (;;) {
      const rows = match === null
        ? (this.statement(`SELECT ${EVENT_COLUMNS} FROM events WHERE id < ? AND id >= ? ORDER BY id DESC LIMIT ?`).all(upper, filter.low, page) as EventRow[])
        : (this.statement(
            `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid < ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?) ORDER BY id DESC`,
          ).all(match, upper, filter.low, page) as EventRow[]);
      for (const row of rows) {
        scanned++;
        if (this.accepts(row, filter)) {
          events.push(this.toEvent(row));
          if (events.length >= limit) return { events, stoppedAt: null, scanned };
        }
      }
      if (rows.length < page) return { events, stoppedAt: null, scanned };
      upper = rows[rows.length - 1].id;
      if (scanned >= SCAN_BUDGET) return { events, stoppedAt: upper, scanned };
    }
  }

  /** Counts by bucket and level for filters the rollup cannot answer (text, host, trace). */
  histogramFromIndex(filter: CompiledFilter, bucketMs: number, levels: readonly number[], into: Map<number, LevelCounts>, budget: number): number {
    const match = this.matchExpression(filter);
    let seen = 0;
    for (const level of levels) {
      const levelName = levelFromRank(level);
      const expr = (match === null ? '' : `(${match}) AND `) + ftsExact(`l\u00b7${level}`);
      const stmt = this.statement('SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid < ? AND rowid >= ?').pluck();
      for (const rowid of stmt.iterate(expr, filter.high, filter.low) as IterableIterator<number>) {
        const ts = rowkeyTs(rowid);
        if (ts < filter.fromTs || ts >= filter.toTs) continue;
        const bucket = Math.floor(ts / bucketMs) * bucketMs;
        let counts = into.get(bucket);
        if (counts === undefined) {
          counts = emptyLevelCounts();
          into.set(bucket, counts);
        }
        counts[levelName]++;
        if (++seen >= budget) return seen;
      }
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

  private accepts(row: EventRow, filter: CompiledFilter): boolean {
    if (row.ts < filter.fromTs || row.ts >= filter.toTs) return false;
    if (filter.verifyServices !== null && !filter.verifyServices.has(row.service)) return false;
    if (filter.verifyHosts !== null && !filter.verifyHosts.has(row.host)) return false;
    if (filter.verifyTrace !== null && row.trace !== filter.verifyTrace) return false;
    if (filter.terms.length > 0) {
      const lower = row.message.toLowerCase();
      for (const term of filter.terms) if (!messageMatchesTerm(lower, term)) return false;
    }
    return true;
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
