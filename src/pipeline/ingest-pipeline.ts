import { withTemplate } from '../model/index.js';
import type { DeadLetter, LogEvent, MinedEvent, TemplateId } from '../model/index.js';
import { createRecordParser } from '../parse/index.js';
import type { RecordParser } from '../parse/index.js';
import type { ParseContext, ParseOutput } from '../parse/types.js';
import type { LogStore } from '../store/index.js';
import type { EventBus } from './event-bus.js';
import type { IngestError, IngestRequest, IngestResult, RawRecord } from './ingest-request.js';
import type { PipelineMetrics } from './pipeline-metrics.js';
import { NOOP_PIPELINE_METRICS } from './pipeline-metrics.js';
import { mineKeys } from './mine-keys.js';
import type { TenantMiners } from './tenant-miners.js';

/** Longest raw record kept in a dead letter, in characters. */
export const DEAD_LETTER_RAW_LIMIT = 4096;

export interface IngestPipelineSettings {
  readonly store: LogStore;
  readonly miners: TenantMiners;
  readonly bus: EventBus;
  readonly metrics?: PipelineMetrics;
  readonly parser?: RecordParser;
  /** How often changed miner state is saved, ms. 0 disables the timer (saved on stop). */
  readonly snapshotIntervalMs?: number;
}

/**
 * decode → **parse → mine → store** → publish. Every source hands its batches to `submit`,
 * which resolves once the batch is durable (or rejects, and nothing of it was stored).
 */
export class IngestPipeline {
  private readonly parser: RecordParser;
  private readonly metrics: PipelineMetrics;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly settings: IngestPipelineSettings) {
    this.parser = settings.parser ?? createRecordParser();
    this.metrics = settings.metrics ?? NOOP_PIPELINE_METRICS;
  }

  start(): void {
    const every = this.settings.snapshotIntervalMs ?? 5000;
    if (every > 0 && this.timer === null) {
      this.timer = setInterval(() => {
        this.settings.miners.flush().catch((err: unknown) => process.emitWarning(`saving miner state failed: ${(err as Error).message}`));
      }, every);
      this.timer.unref();
    }
  }

  /** Stops the snapshot timer and saves miner state. Safe to call twice and before start. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.stopped = true;
    await this.settings.miners.flush();
  }

  async submit(req: IngestRequest): Promise<IngestResult> {
    const started = performance.now();
    const ctx: ParseContext = {
      tenant: req.tenant,
      receivedAt: req.receivedAt,
      service: req.service,
      host: req.host,
      streamKey: req.streamKey,
      format: req.format,
    };
    const events: LogEvent[] = [];
    const keys: (readonly string[] | null)[] = [];
    const recordIds: (string | null)[] = [];
    let anyRecordId = false;
    const deadLetters: DeadLetter[] = req.rejected.map((r) => r.letter);
    const errors: IngestError[] = [];

    // Parse runs of consecutive text lines together (multi-line joining needs neighbours).
    const records = req.records;
    const ids = req.recordIds ?? null;
    let i = 0;
    while (i < records.length) {
      const start = i;
      const text = typeof records[i] === 'string';
      while (i < records.length && (typeof records[i] === 'string') === text) i++;
      const run = records.slice(start, i);
      const out: ParseOutput = text
        ? this.parser.parseLines(run as string[], ctx)
        : this.parser.parseObjects(run as Record<string, unknown>[], ctx);
      for (let k = 0; k < out.events.length; k++) {
        const e = out.events[k];
        events.push(e);
        keys.push(mineKeys(e, out.structured[k]));
        // A joined multi-line event carries the id of the record it starts with.
        const id = ids === null ? null : (ids[start + out.starts[k]] ?? null);
        if (id !== null) anyRecordId = true;
        recordIds.push(id);
      }
      for (const r of out.rejects) {
        deadLetters.push({
          tenant: req.tenant,
          ts: req.receivedAt,
          source: req.source,
          reason: r.reason,
          detail: r.detail,
          raw: truncate(r.raw),
        });
        errors.push({ index: req.positions?.[start + r.index] ?? start + r.index, reason: r.reason, detail: r.detail });
      }
    }
    for (const r of req.rejected) errors.push({ index: r.index, reason: r.letter.reason, detail: r.letter.detail });
    errors.sort((a, b) => a.index - b.index);

    const miner = await this.settings.miners.get(req.tenant);
    const mined: MinedEvent[] = new Array<MinedEvent>(events.length);
    const templates = new Map<TemplateId, string>();
    for (let k = 0; k < events.length; k++) {
      const e = events[k];
      const r = miner.mine(e.message, keys[k]);
      if (r.created !== null) this.settings.miners.noteCreated(req.tenant, r.created);
      if (!templates.has(r.templateId)) templates.set(r.templateId, miner.get(r.templateId)?.text ?? '');
      mined[k] = withTemplate(e, r.templateId, r.params);
    }
    if (events.length > 0) this.settings.miners.markDirty(req.tenant);
    // Lineage is durable before the batch is: a search by any id of a family finds all of it.
    await this.settings.miners.flushLineage();

    const result = await this.settings.store.append({
      tenant: req.tenant,
      dedupKey: req.dedupKey,
      recordIds: anyRecordId ? recordIds : null,
      events: mined,
      templates,
      deadLetters,
    });
    const bus = this.settings.bus;
    if (bus.listenerCount > 0 && result.accepted > 0) {
      if (result.deduplicated === 0) bus.publish({ tenant: req.tenant, events: mined, ids: result.ids as string[] });
      else {
        const kept: MinedEvent[] = [];
        const ids: string[] = [];
        for (let k = 0; k < mined.length; k++) {
          const id = result.ids[k];
          if (id !== null) {
            kept.push(mined[k]);
            ids.push(id);
          }
        }
        bus.publish({ tenant: req.tenant, events: kept, ids });
      }
    }

    this.metrics.records(req.source, 'accepted', result.accepted);
    this.metrics.records(req.source, 'deduplicated', result.deduplicated);
    this.metrics.records(req.source, 'rejected', result.rejected);
    for (const d of deadLetters) this.metrics.deadLetter(req.source, d.reason, 1);
    this.metrics.batchDuration(req.source, (performance.now() - started) / 1000);
    return {
      received: records.length + req.rejected.length,
      accepted: result.accepted,
      deduplicated: result.deduplicated,
      rejected: result.rejected,
      errors,
    };
  }
}

export function truncate(raw: string): string {
  return raw.length > DEAD_LETTER_RAW_LIMIT ? raw.slice(0, DEAD_LETTER_RAW_LIMIT) : raw;
}

export type { RawRecord };
