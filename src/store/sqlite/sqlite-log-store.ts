import { statSync } from 'node:fs';
import { join } from 'node:path';
import { emptyLevelCounts, LEVELS, levelFromRank, levelRank, LogsiftError } from '../../model/index.js';
import type { LevelCounts, StoredEvent } from '../../model/index.js';
import type {
  AppendBatch,
  AppendResult,
  DeadLetterPage,
  DeadLetterQuery,
  HistogramQuery,
  HistogramResult,
  LogQuery,
  LogStore,
  RollupQuery,
  SearchPage,
  ServiceRollupCount,
  StoreStats,
  StoredDeadLetter,
  TemplateRollupCount,
  TemplateStats,
} from '../log-store.js';
import { BlockPlanner } from './block-plan.js';
import { compileFilter } from './compiled-query.js';
import type { CompiledFilter } from './compiled-query.js';
import { parsePartitionKey } from './partition-key.js';
import type { PartitionSpan } from './partition-key.js';
import { PartitionReader } from './partition-reader.js';
import type { Durability } from './partition-schema.js';
import { rowkeyFloor } from './rowkey.js';
import { TemplateConstantsCache } from './template-constants-cache.js';
import { TemplateStatsIndex } from './template-stats-index.js';
import { RowStringPacker } from './write-batch.js';
import type { WriteBatch } from './write-batch.js';
import { InlineWriterClient, WorkerWriterClient } from './writer-client.js';
import type { WriterClient } from './writer-client.js';
import { WriterHost } from './writer-host.js';

export interface SqliteLogStoreOptions {
  /** Directory that holds `<tenant>/<YYYYMMDDHH>.db` partition files. */
  readonly dir: string;
  /** Span of ingest time per partition file; `hour` suits retention under two days. */
  readonly span: PartitionSpan;
  readonly durability: Durability;
  /** How long batch keys and record ids are remembered for deduplication, ms. */
  readonly dedupWindowMs: number;
  /** `worker` runs SQLite writes on a worker thread (the server); `inline` on the caller's (tests, CLI). */
  readonly writer: 'worker' | 'inline';
  /** Rows accepted but not yet committed before senders are made to wait. */
  readonly maxInflightRows?: number;
  /** Most partition files kept open for reading. */
  readonly maxOpenReaders?: number;
}

interface PartitionInfo {
  readonly tenant: string;
  readonly key: string;
  readonly file: string;
  minTs: number;
  maxTs: number;
  events: number;
}

/** Search position: (rowkey, partition key), ordered by rowkey then partition key. */
type Position = readonly [number, string];

const HISTOGRAM_INDEX_BUDGET = 5_000_000;
const MAX_SLOT_SPILL_MS = 1000;

export class SqliteLogStore implements LogStore {
  private readonly partitions = new Map<string, Map<string, PartitionInfo>>();
  private readonly readers = new Map<string, PartitionReader>();
  private readonly templateIndex = new TemplateStatsIndex();
  private readonly planner = new BlockPlanner(new TemplateConstantsCache());
  private readonly maxReaders: number;

  private constructor(
    private readonly options: SqliteLogStoreOptions,
    private readonly writer: WriterClient,
  ) {
    this.maxReaders = options.maxOpenReaders ?? 32;
  }

  static async open(options: SqliteLogStoreOptions): Promise<SqliteLogStore> {
    const hostOptions = {
      dir: options.dir,
      span: options.span,
      durability: options.durability,
      dedupWindowMs: options.dedupWindowMs,
    };
    // Discover existing partitions before the writer starts (same directory layout).
    const scanner = new WriterHost(hostOptions);
    const found: { tenant: string; key: string }[] = [];
    for (const tenant of scanner.listTenants()) for (const key of scanner.listPartitionKeys(tenant)) found.push({ tenant, key });
    scanner.close();

    const writer =
      options.writer === 'worker'
        ? new WorkerWriterClient(hostOptions, options.maxInflightRows)
        : new InlineWriterClient(hostOptions, options.maxInflightRows);
    const store = new SqliteLogStore(options, writer);
    for (const { tenant, key } of found) {
      const info = store.register(tenant, key);
      const reader = store.reader(info);
      const range = reader.range();
      info.minTs = range.minTs;
      info.maxTs = range.maxTs;
      info.events = range.events;
      const summary = reader.templateSummary();
      store.templateIndex.addSummary(tenant, summary.templates, summary.counts);
    }
    return store;
  }

  async append(batch: AppendBatch): Promise<AppendResult> {
    const write = toWriteBatch(batch, Date.now(), this.planner);
    const outcome = await this.writer.write(write);
    if (!outcome.ok) throw new LogsiftError('unavailable', `store write failed: ${outcome.error}`);
    const r = outcome.result;
    const [tenant, key] = splitPartitionName(r.partition);
    const info = this.register(tenant, key);
    info.minTs = r.partitionMinTs;
    info.maxTs = r.partitionMaxTs;
    info.events = r.partitionEvents;
    const ids = new Array<string | null>(batch.events.length);
    for (let i = 0; i < ids.length; i++) {
      const rowkey = r.rowkeys[i];
      ids[i] = Number.isNaN(rowkey) ? null : `${key}:${rowkey}`;
    }
    this.templateIndex.addEvents(batch.tenant, batch.events, ids, batch.templates);
    return { accepted: r.accepted, deduplicated: r.deduplicated, rejected: r.rejected, ids };
  }

  async search(query: LogQuery): Promise<SearchPage> {
    const filter = compileFilter(query);
    const cursor = decodeCursor(query.cursor);
    const candidates = this.overlapping(query.tenant, filter).sort((a, b) => b.maxTs - a.maxTs || compareKeys(b.key, a.key));
    const found: { pos: Position; event: StoredEvent }[] = [];
    let frontier: Position | null = null;
    for (const p of candidates) {
      if (found.length >= query.limit) {
        found.sort((a, b) => comparePositions(b.pos, a.pos));
        const kth = found[query.limit - 1].pos;
        if (rowkeyFloor(p.maxTs + MAX_SLOT_SPILL_MS) < kth[0]) break;
      }
      const below = cursor === null ? Number.MAX_SAFE_INTEGER : boundBelow(cursor, p.key);
      const r = this.reader(p).search(filter, below, query.limit);
      for (const event of r.events) found.push({ pos: [rowkeyOf(event.id), p.key], event });
      // Everything at or above (resumeBelow, key) in this partition is decided.
      if (r.resumeBelow !== null) {
        const pf: Position = [r.resumeBelow, p.key];
        if (frontier === null || comparePositions(pf, frontier) > 0) frontier = pf;
      }
    }
    found.sort((a, b) => comparePositions(b.pos, a.pos));
    const complete = frontier === null ? found : found.filter((f) => comparePositions(f.pos, frontier as Position) >= 0);
    const page = complete.slice(0, query.limit);
    let next: Position | null = null;
    if (page.length >= query.limit) next = page[page.length - 1].pos;
    else if (frontier !== null) next = frontier;
    return { events: page.map((f) => f.event), nextCursor: next === null ? null : encodeCursor(next) };
  }

  async histogram(query: HistogramQuery): Promise<HistogramResult> {
    if (!(query.bucketMs >= 1000)) throw new LogsiftError('invalid_query', 'histogram bucket must be at least 1s');
    const filter = compileFilter(query);
    const buckets = new Map<number, LevelCounts>();
    const byRollup =
      filter.terms.length === 0 && query.hosts.length === 0 && query.traceId === null && query.bucketMs % 60_000 === 0;
    const levels = (query.levels.length > 0 ? query.levels : LEVELS).map(levelRank);
    let complete = true;
    let budget = HISTOGRAM_INDEX_BUDGET;
    for (const p of this.overlapping(query.tenant, filter)) {
      const reader = this.reader(p);
      if (byRollup) {
        reader.histogramFromRollup(
          query.from ?? Number.MIN_SAFE_INTEGER,
          query.to ?? Number.MAX_SAFE_INTEGER,
          query.bucketMs,
          query.services,
          query.levels.length > 0 ? levels : [],
          query.templates,
          buckets,
        );
      } else {
        budget -= reader.histogramFromIndex(filter, query.bucketMs, buckets, budget);
        if (budget <= 0) {
          complete = false;
          break;
        }
      }
    }
    const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([ts, counts]) => ({ ts, counts }));
    return { bucketMs: query.bucketMs, buckets: sorted, complete };
  }

  async context(tenant: string, id: string, before: number, after: number): Promise<readonly StoredEvent[]> {
    const [key, rowkey] = parseEventId(id);
    const info = this.partitions.get(tenant)?.get(key);
    if (info === undefined) throw new LogsiftError('not_found', `no event ${id}`);
    return this.reader(info).context(rowkey, before, after);
  }

  templateStats(tenant: string): readonly TemplateStats[] {
    return this.templateIndex.list(tenant);
  }

  async templateCounts(query: RollupQuery): Promise<readonly TemplateRollupCount[]> {
    return this.rollupCounts(query, 'template', (key, ts, counts) => ({ template: Number(key), ts, counts }));
  }

  async serviceCounts(query: RollupQuery): Promise<readonly ServiceRollupCount[]> {
    return this.rollupCounts(query, 'service', (key, ts, counts) => ({ service: String(key), ts, counts }));
  }

  async deadLetters(query: DeadLetterQuery): Promise<DeadLetterPage> {
    const cursor = decodeCursor(query.cursor);
    const parts = [...(this.partitions.get(query.tenant)?.values() ?? [])].sort((a, b) => compareKeys(b.key, a.key));
    const out: StoredDeadLetter[] = [];
    for (const p of parts) {
      if (cursor !== null && compareKeys(p.key, cursor[1]) > 0) continue;
      const below = cursor !== null && p.key === cursor[1] ? cursor[0] : Number.MAX_SAFE_INTEGER;
      out.push(...this.reader(p).deadLetters(below, query.limit - out.length));
      if (out.length >= query.limit) break;
    }
    const last = out[out.length - 1];
    const nextCursor = out.length >= query.limit && last !== undefined ? encodeCursor([rowkeyOf(last.id), last.id.split(':')[0]]) : null;
    return { deadLetters: out, nextCursor };
  }

  async dropBefore(cutoff: number): Promise<number> {
    // Close readers first so the files can go.
    const doomed: string[] = [];
    for (const [tenant, parts] of this.partitions) {
      for (const p of parts.values()) {
        const start = parsePartitionKey(p.key);
        if (start !== null && start + spanLength(this.options.span) <= cutoff) doomed.push(`${tenant}/${p.key}`);
      }
    }
    for (const name of doomed) {
      this.readers.get(name)?.close();
      this.readers.delete(name);
    }
    const dropped = await this.writer.dropBefore(cutoff);
    const touched = new Set<string>();
    for (const name of dropped) {
      const [tenant, key] = splitPartitionName(name);
      this.partitions.get(tenant)?.delete(key);
      touched.add(tenant);
    }
    for (const tenant of touched) this.rebuildTemplateStats(tenant);
    return dropped.length;
  }

  stats(): StoreStats {
    let bytes = 0;
    let events = 0;
    let partitions = 0;
    for (const parts of this.partitions.values()) {
      for (const p of parts.values()) {
        partitions++;
        events += p.events;
        for (const suffix of ['', '-wal']) {
          try {
            bytes += statSync(p.file + suffix).size;
          } catch {
            // A WAL file exists only between checkpoints.
          }
        }
      }
    }
    return { bytes, partitions, events };
  }

  tenants(): readonly string[] {
    return [...this.partitions.keys()];
  }

  get pendingRows(): number {
    return this.writer.pendingRows;
  }

  async close(): Promise<void> {
    for (const r of this.readers.values()) r.close();
    this.readers.clear();
    await this.writer.close();
  }

  private rebuildTemplateStats(tenant: string): void {
    this.templateIndex.clearTenant(tenant);
    for (const p of this.partitions.get(tenant)?.values() ?? []) {
      const s = this.reader(p).templateSummary();
      this.templateIndex.addSummary(tenant, s.templates, s.counts);
    }
  }

  /**
   * Rollup sums by one column over every partition that may hold the range. A minute can sit
   * in two partitions (they split by ingest time), so cells are merged by key and bucket.
   */
  private rollupCounts<T>(
    query: RollupQuery,
    column: 'template' | 'service',
    make: (key: string | number, ts: number, counts: LevelCounts) => T,
  ): T[] {
    if (query.bucketMs !== null && !(query.bucketMs >= 60_000 && query.bucketMs % 60_000 === 0)) {
      throw new LogsiftError('invalid_query', 'rollup buckets must be whole minutes');
    }
    const cells = new Map<string, { key: string | number; ts: number; counts: LevelCounts }>();
    const add = (key: string | number, ts: number, level: number, n: number) => {
      const id = `${key}\u0000${ts}`;
      let cell = cells.get(id);
      if (cell === undefined) {
        cell = { key, ts, counts: emptyLevelCounts() };
        cells.set(id, cell);
      }
      cell.counts[levelFromRank(level)] += n;
    };
    const parts = this.partitions.get(query.tenant)?.values() ?? [];
    for (const p of parts) {
      // Rollup rows sit at the minute an event falls in, which can start before `to` even when the event is after it.
      if (p.events === 0 || p.maxTs < query.from || Math.floor(p.minTs / 60_000) * 60_000 >= query.to) continue;
      this.reader(p).rollupBy(column, query.from, query.to, query.bucketMs, query.services, query.templates, add);
    }
    return [...cells.values()].map((c) => make(c.key, c.ts, c.counts));
  }

  private overlapping(tenant: string, filter: CompiledFilter): PartitionInfo[] {
    const parts = this.partitions.get(tenant);
    if (parts === undefined) return [];
    return [...parts.values()].filter((p) => p.events > 0 && p.maxTs >= filter.fromTs && p.minTs < filter.toTs);
  }

  private register(tenant: string, key: string): PartitionInfo {
    let parts = this.partitions.get(tenant);
    if (parts === undefined) {
      parts = new Map();
      this.partitions.set(tenant, parts);
    }
    let info = parts.get(key);
    if (info === undefined) {
      info = {
        tenant,
        key,
        file: join(this.options.dir, tenant, `${key}.db`),
        minTs: Number.POSITIVE_INFINITY,
        maxTs: Number.NEGATIVE_INFINITY,
        events: 0,
      };
      parts.set(key, info);
    }
    return info;
  }

  private reader(p: PartitionInfo): PartitionReader {
    const name = `${p.tenant}/${p.key}`;
    let r = this.readers.get(name);
    if (r !== undefined) {
      this.readers.delete(name);
      this.readers.set(name, r);
      return r;
    }
    r = new PartitionReader(p.tenant, p.key, p.file);
    this.readers.set(name, r);
    while (this.readers.size > this.maxReaders) {
      const [oldest, or] = this.readers.entries().next().value as [string, PartitionReader];
      or.close();
      this.readers.delete(oldest);
    }
    return r;
  }
}

function spanLength(span: PartitionSpan): number {
  return span === 'day' ? 86_400_000 : 3_600_000;
}

function toWriteBatch(batch: AppendBatch, receivedAt: number, planner: BlockPlanner): WriteBatch {
  const n = batch.events.length;
  const ts = new Float64Array(n);
  const level = new Uint8Array(n);
  const template = new Float64Array(n);
  const strings = new RowStringPacker(n);
  for (let i = 0; i < n; i++) {
    const e = batch.events[i];
    ts[i] = e.ts;
    level[i] = levelRank(e.level);
    template[i] = e.templateId;
    // Order must match ROW_STRINGS.
    strings.add(e.service);
    strings.add(e.host);
    strings.add(e.message);
    strings.add(e.attrs === null ? null : JSON.stringify(e.attrs));
    strings.add(e.traceId);
    strings.add(e.spanId);
  }
  const { text, lengths } = strings.finish();
  const plan = planner.plan(batch.events, ts, level, batch.templates);
  return {
    tenant: batch.tenant,
    dedupKey: batch.dedupKey,
    receivedAt,
    count: n,
    ts,
    level,
    template,
    text,
    lengths,
    recordIds: batch.recordIds,
    order: plan.order,
    blockEnds: plan.blockEnds,
    blockTerms: plan.blockTerms,
    templates: [...batch.templates],
    deadLetters: batch.deadLetters,
  };
}

function splitPartitionName(name: string): [string, string] {
  const slash = name.lastIndexOf('/');
  return [name.slice(0, slash), name.slice(slash + 1)];
}

function parseEventId(id: string): [string, number] {
  const m = /^(\d{10}):(-?\d+)$/.exec(id);
  if (m === null) throw new LogsiftError('bad_request', `malformed event id ${JSON.stringify(id)}`);
  return [m[1], Number(m[2])];
}

function rowkeyOf(id: string): number {
  return Number(id.slice(id.indexOf(':') + 1));
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePositions(a: Position, b: Position): number {
  return a[0] - b[0] || compareKeys(a[1], b[1]);
}

/** Exclusive rowkey bound in partition `key` for positions strictly below `cursor`. */
function boundBelow(cursor: Position, key: string): number {
  const c = compareKeys(key, cursor[1]);
  return c < 0 ? cursor[0] + 1 : cursor[0];
}

function encodeCursor(pos: Position): string {
  return Buffer.from(JSON.stringify(pos)).toString('base64url');
}

function decodeCursor(cursor: string | null): Position | null {
  if (cursor === null || cursor === '') return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the error below
  }
  throw new LogsiftError('invalid_query', 'malformed cursor');
}
