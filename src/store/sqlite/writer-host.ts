import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { partitionKey, partitionStart, parsePartitionKey, spanMs } from './partition-key.js';
import type { PartitionSpan } from './partition-key.js';
import type { Durability } from './partition-schema.js';
import { PartitionWriter } from './partition-writer.js';
import type { WriteBatch, WriteResult } from './write-batch.js';

export interface WriterHostOptions {
  readonly dir: string;
  readonly span: PartitionSpan;
  readonly durability: Durability;
  /** How long a batch key or record id is remembered for deduplication, ms. */
  readonly dedupWindowMs: number;
  /** Most partition files kept open for writing; the least recently used is closed. */
  readonly maxOpenWriters?: number;
  /**
   * WAL pages after which a commit checkpoints (SQLite's auto-checkpoint; default 4000). Set
   * high when a checkpoint worker keeps the WAL short, so the writer only checkpoints as a backstop.
   */
  readonly walAutocheckpointPages?: number;
}

/** Told when a partition file is opened for writing and when it is closed (or about to be deleted). */
export interface PartitionFileHooks {
  opened(file: string): void;
  closed(file: string): void;
}

export type WriteOutcome = { readonly ok: true; readonly result: WriteResult } | { readonly ok: false; readonly error: string };

/**
 * Owns every partition writer. Single-threaded by design: it is the only writer, so a
 * dedup check and the insert that follows it cannot race. `writeGroup` commits all the
 * batches it is given with one transaction per partition (group commit).
 */
export class WriterHost {
  private readonly writers = new Map<string, PartitionWriter>();
  private readonly maxOpen: number;

  constructor(
    private readonly options: WriterHostOptions,
    private readonly hooks: PartitionFileHooks | null = null,
  ) {
    this.maxOpen = options.maxOpenWriters ?? 16;
    mkdirSync(options.dir, { recursive: true });
  }

  writeGroup(batches: readonly WriteBatch[]): WriteOutcome[] {
    const outcomes = new Array<WriteOutcome>(batches.length);
    // Group by partition, keeping input order inside each group.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i];
      const key = this.fileKey(b.tenant, b.receivedAt);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [i]);
      else g.push(i);
    }
    for (const [, indexes] of groups) {
      const first = batches[indexes[0]];
      let writer: PartitionWriter;
      try {
        writer = this.writerFor(first.tenant, first.receivedAt);
        const previous = this.previousWriter(first.tenant, first.receivedAt);
        const results = writer.transaction(() => {
          const out = indexes.map((i) => this.writeOne(writer, previous, batches[i]));
          writer.flushIndex();
          return out;
        });
        for (let k = 0; k < indexes.length; k++) outcomes[indexes[k]] = { ok: true, result: results[k] };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        for (const i of indexes) outcomes[i] = { ok: false, error };
      }
    }
    return outcomes;
  }

  private writeOne(writer: PartitionWriter, previous: PartitionWriter | null, batch: WriteBatch): WriteResult {
    const since = batch.receivedAt - this.options.dedupWindowMs;
    const partition = this.partitionName(batch.tenant, batch.receivedAt);
    if (batch.dedupKey !== null) {
      const seen = writer.findBatchKey(batch.dedupKey, since) ?? previous?.findBatchKey(batch.dedupKey, since);
      if (seen !== undefined) {
        const range = writer.range;
        return {
          status: 'duplicate',
          partition,
          accepted: 0,
          deduplicated: batch.count,
          rejected: batch.deadLetters.length,
          rowkeys: new Float64Array(batch.count).fill(Number.NaN),
          partitionMinTs: range.minTs,
          partitionMaxTs: range.maxTs,
          partitionEvents: range.events,
        };
      }
    }
    let skip: Uint8Array | null = null;
    if (batch.recordIds !== null) {
      const seenInBatch = new Set<string>();
      for (let i = 0; i < batch.count; i++) {
        const rid = batch.recordIds[i];
        if (rid === null) continue;
        if (seenInBatch.has(rid) || writer.hasRecordId(rid, since) || (previous?.hasRecordId(rid, since) ?? false)) {
          skip ??= new Uint8Array(batch.count);
          skip[i] = 1;
        }
        seenInBatch.add(rid);
      }
    }
    const appended = writer.append(batch, skip);
    writer.appendDeadLetters(batch);
    if (batch.dedupKey !== null) {
      writer.recordBatch(batch.dedupKey, batch.receivedAt, appended.accepted, batch.deadLetters.length);
    }
    const range = writer.range;
    return {
      status: 'stored',
      partition,
      accepted: appended.accepted,
      deduplicated: appended.deduplicated,
      rejected: batch.deadLetters.length,
      rowkeys: appended.rowkeys,
      partitionMinTs: range.minTs,
      partitionMaxTs: range.maxTs,
      partitionEvents: range.events,
    };
  }

  /** Closes and deletes every partition of every tenant whose span ended before `cutoff`. */
  dropBefore(cutoff: number): string[] {
    const dropped: string[] = [];
    for (const tenant of this.listTenants()) {
      for (const key of this.listPartitionKeys(tenant)) {
        const start = parsePartitionKey(key);
        if (start === null || start + spanMs(this.options.span) > cutoff) continue;
        const name = `${tenant}/${key}`;
        this.closeWriter(name);
        for (const suffix of ['', '-wal', '-shm']) rmSync(join(this.options.dir, tenant, `${key}.db${suffix}`), { force: true });
        dropped.push(name);
      }
    }
    return dropped;
  }

  close(): void {
    for (const name of [...this.writers.keys()]) this.closeWriter(name);
  }

  private closeWriter(name: string): void {
    const w = this.writers.get(name);
    if (w === undefined) return;
    this.hooks?.closed(w.file);
    w.close();
    this.writers.delete(name);
  }

  listTenants(): string[] {
    try {
      return readdirSync(this.options.dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch {
      return [];
    }
  }

  listPartitionKeys(tenant: string): string[] {
    let names: string[];
    try {
      names = readdirSync(join(this.options.dir, tenant));
    } catch {
      return [];
    }
    return names
      .filter((n) => /^\d{10}\.db$/.test(n))
      .map((n) => n.slice(0, 10))
      .sort();
  }

  private partitionName(tenant: string, receivedAt: number): string {
    return `${tenant}/${partitionKey(partitionStart(receivedAt, this.options.span))}`;
  }

  private fileKey(tenant: string, receivedAt: number): string {
    return this.partitionName(tenant, receivedAt);
  }

  private writerFor(tenant: string, receivedAt: number): PartitionWriter {
    const name = this.partitionName(tenant, receivedAt);
    let w = this.writers.get(name);
    if (w !== undefined) {
      // Refresh LRU position.
      this.writers.delete(name);
      this.writers.set(name, w);
      return w;
    }
    mkdirSync(join(this.options.dir, tenant), { recursive: true });
    w = new PartitionWriter(join(this.options.dir, `${name}.db`), this.options.durability, this.options.walAutocheckpointPages);
    this.writers.set(name, w);
    this.hooks?.opened(w.file);
    while (this.writers.size > this.maxOpen) {
      const [oldest] = this.writers.keys();
      this.closeWriter(oldest);
    }
    return w;
  }

  /** The partition before the current one, when it exists and the dedup window reaches into it. */
  private previousWriter(tenant: string, receivedAt: number): PartitionWriter | null {
    const start = partitionStart(receivedAt, this.options.span);
    if (receivedAt - this.options.dedupWindowMs >= start) return null;
    const prevKey = partitionKey(start - spanMs(this.options.span));
    if (!this.listPartitionKeys(tenant).includes(prevKey)) return null;
    return this.writerFor(tenant, start - 1);
  }
}
