import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { configureConnection, createPartitionSchema, readPartitionRange } from './partition-schema.js';
import type { Durability } from './partition-schema.js';
import { rowkeyFloor } from './rowkey.js';
import { SlotAllocator } from './slot-allocator.js';
import { unpackRowStrings } from './write-batch.js';
import type { WriteBatch } from './write-batch.js';

const MINUTE = 60_000;

/** Outcome of writing one batch into one partition (inside the caller's transaction). */
export interface PartitionAppend {
  readonly accepted: number;
  readonly deduplicated: number;
  readonly rowkeys: Float64Array;
}

/**
 * Writes batches into one partition file. Synchronous; the caller wraps calls in a
 * transaction (`transaction()`), so a group of batches commits with one fsync.
 */
export class PartitionWriter {
  readonly db: Db;
  private maxRowkey: number;
  private minTs: number;
  private maxTs: number;
  private eventCount: number;
  /** Largest rowkey distance within one block, kept in meta for readers. */
  private maxBlockSpan: number;
  private readonly knownTemplates = new Set<number>();
  private readonly insertEvent: Statement;
  private readonly insertBlock: Statement;
  private readonly insertBlockTerms: Statement;
  private readonly slots: SlotAllocator;
  private readonly insertTemplate: Statement;
  private readonly touchTemplate: Statement;
  private readonly upsertRollup: Statement;
  private readonly findBatch: Statement;
  private readonly insertBatch: Statement;
  private readonly findRecordId: Statement;
  private readonly insertRecordId: Statement;
  private readonly insertDeadLetter: Statement;
  private readonly putMeta: Statement;
  /** Block documents of the current transaction, written sorted by `flushIndex`. */
  private readonly pendingDocs: { id: number; terms: string }[] = [];

  constructor(
    readonly file: string,
    durability: Durability,
    walAutocheckpointPages?: number,
  ) {
    this.db = new Database(file);
    configureConnection(this.db, durability, false, walAutocheckpointPages);
    createPartitionSchema(this.db);
    const db = this.db;
    this.insertEvent = db.prepare(
      'INSERT INTO events (id, ts, service, host, level, template, trace, span, message, attrs) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    this.insertBlock = db.prepare('INSERT INTO blocks (id, min, rows) VALUES (?, ?, ?)');
    this.insertBlockTerms = db.prepare('INSERT INTO blocks_fts (rowid, terms) VALUES (?, ?)');
    this.slots = new SlotAllocator(db.prepare('SELECT max(id) FROM events WHERE id >= ? AND id < ?').pluck());
    this.insertTemplate = db.prepare(
      'INSERT OR IGNORE INTO templates (id, text, sample, first_seen, last_seen) VALUES (?,?,?,?,?)',
    );
    this.touchTemplate = db.prepare(
      'UPDATE templates SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?',
    );
    this.upsertRollup = db.prepare(
      'INSERT INTO rollup (minute, template, service, level, count) VALUES (?,?,?,?,?) ' +
        'ON CONFLICT (minute, template, service, level) DO UPDATE SET count = count + excluded.count',
    );
    this.findBatch = db.prepare('SELECT accepted, rejected FROM batches WHERE key = ? AND ts >= ?');
    this.insertBatch = db.prepare('INSERT OR REPLACE INTO batches (key, ts, accepted, rejected) VALUES (?,?,?,?)');
    this.findRecordId = db.prepare('SELECT 1 FROM record_ids WHERE key = ? AND ts >= ?').pluck();
    this.insertRecordId = db.prepare('INSERT OR REPLACE INTO record_ids (key, ts) VALUES (?, ?)');
    this.insertDeadLetter = db.prepare(
      'INSERT INTO dead_letters (ts, source, reason, detail, raw) VALUES (?,?,?,?,?)',
    );
    this.putMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');

    const range = readPartitionRange(db);
    this.maxRowkey = (db.prepare('SELECT max(id) FROM events').pluck().get() as number | null) ?? Number.NEGATIVE_INFINITY;
    this.minTs = range.minTs;
    this.maxTs = range.maxTs;
    this.eventCount = range.events;
    this.maxBlockSpan = Number(db.prepare("SELECT value FROM meta WHERE key = 'max_block_span'").pluck().get() ?? 0);
    for (const id of db.prepare('SELECT id FROM templates').pluck().all() as number[]) this.knownTemplates.add(id);
  }

  get range(): { minTs: number; maxTs: number; events: number } {
    return { minTs: this.minTs, maxTs: this.maxTs, events: this.eventCount };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The counts stored with an earlier batch of this key received at or after `since`, if any. */
  findBatchKey(key: string, since: number): { accepted: number; rejected: number } | undefined {
    return this.findBatch.get(key, since) as { accepted: number; rejected: number } | undefined;
  }

  hasRecordId(key: string, since: number): boolean {
    return this.findRecordId.get(key, since) !== undefined;
  }

  /**
   * Appends a batch. `skip[i]` marks events already stored (duplicate record ids).
   * Must run inside `transaction()`.
   */
  append(batch: WriteBatch, skip: Uint8Array | null): PartitionAppend {
    const n = batch.count;
    const rowkeys = new Float64Array(n).fill(Number.NaN);
    const str = unpackRowStrings(batch);
    const templateText = new Map<number, string>();
    for (const [id, text] of batch.templates) templateText.set(id, text);

    // Rows go in the planned time order (block-plan.ts), so rowkeys ascend: each block covers a
    // contiguous rowkey range and FTS5 sees increasing rowids.
    const order = batch.order;
    let last = Number.NEGATIVE_INFINITY;
    const storedMax = this.maxRowkey;
    let accepted = 0;
    const rollup = new Map<string, number>();
    const templateSpan = new Map<number, { first: number; last: number; sample: number }>();
    let o = 0;
    for (let b = 0; b < batch.blockEnds.length; b++) {
      const end = batch.blockEnds[b];
      let blockMin = 0;
      let blockRows = 0;
      for (; o < end; o++) {
        const i = order[o];
        if (skip !== null && skip[i] === 1) continue;
        const ts = batch.ts[i];
        const key = this.slots.allocate(rowkeyFloor(ts), last, storedMax);
        if (blockRows === 0) blockMin = key;
        last = key;
        rowkeys[i] = key;

        const template = batch.template[i];
        const service = str.service[i];
        const level = batch.level[i];
        this.insertEvent.run(key, ts, service, str.host[i], level, template, str.trace[i], str.span[i], str.message[i], str.attrs[i]);
        blockRows++;

        const minute = Math.floor(ts / MINUTE) * MINUTE;
        const rk = minute + '\u0001' + template + '\u0001' + service + '\u0001' + level;
        rollup.set(rk, (rollup.get(rk) ?? 0) + 1);
        const span = templateSpan.get(template);
        if (span === undefined) templateSpan.set(template, { first: ts, last: ts, sample: i });
        else {
          if (ts < span.first) span.first = ts;
          if (ts > span.last) span.last = ts;
        }
        if (ts < this.minTs) this.minTs = ts;
        if (ts > this.maxTs) this.maxTs = ts;
        accepted++;
      }
      // A block whose rows were all duplicates is not written; otherwise its document may
      // name terms of skipped rows, which the row-by-row re-check of hits filters out.
      if (blockRows > 0) this.writeBlock(blockMin, last, blockRows, batch.blockTerms[b]);
    }
    if (last > this.maxRowkey) this.maxRowkey = last;
    this.eventCount += accepted;

    for (const [rk, count] of rollup) {
      const [minute, template, service, level] = rk.split('\u0001');
      this.upsertRollup.run(Number(minute), Number(template), service, Number(level), count);
    }
    for (const [id, span] of templateSpan) {
      if (!this.knownTemplates.has(id)) {
        const text = templateText.get(id) ?? '';
        this.insertTemplate.run(id, text, str.message[span.sample], span.first, span.last);
        this.knownTemplates.add(id);
      } else {
        this.touchTemplate.run(span.first, span.last, id);
      }
    }
    if (batch.recordIds !== null) {
      for (let i = 0; i < n; i++) {
        const rid = batch.recordIds[i];
        if (rid !== null && !Number.isNaN(rowkeys[i])) this.insertRecordId.run(rid, batch.receivedAt);
      }
    }
    if (accepted > 0) {
      this.putMeta.run('min_ts', String(this.minTs));
      this.putMeta.run('max_ts', String(this.maxTs));
      this.putMeta.run('events', String(this.eventCount));
    }
    return { accepted, deduplicated: n - accepted, rowkeys };
  }

  private writeBlock(min: number, max: number, rows: number, terms: string): void {
    this.insertBlock.run(max, min, rows);
    if (max - min > this.maxBlockSpan) {
      this.maxBlockSpan = max - min;
      this.putMeta.run('max_block_span', String(this.maxBlockSpan));
    }
    this.pendingDocs.push({ id: max, terms });
  }

  /**
   * Writes the index documents of every block appended in this transaction, in ascending
   * rowid order: FTS5 flushes its in-memory buffer whenever a rowid is not above the last
   * one, so batches of interleaved times (backfill next to live data) would otherwise cost a
   * segment per block. Call once, at the end of the transaction.
   */
  flushIndex(): void {
    const docs = this.pendingDocs;
    if (docs.length === 0) return;
    docs.sort((a, b) => a.id - b.id);
    for (const d of docs) this.insertBlockTerms.run(d.id, d.terms);
    docs.length = 0;
  }

  recordBatch(key: string, receivedAt: number, accepted: number, rejected: number): void {
    this.insertBatch.run(key, receivedAt, accepted, rejected);
  }

  appendDeadLetters(batch: WriteBatch): void {
    for (const d of batch.deadLetters) this.insertDeadLetter.run(d.ts, d.source, d.reason, d.detail, d.raw);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
