import type { Anomaly, MinedEvent } from '../model/index.js';
import type { AnomalyStore, DetectorStateStore, NoiseRule, NoiseRuleStore } from '../store/index.js';
import type { DetectionConfig, DetectorSelection } from './detection-config.js';
import type { DetectionMetrics } from './detection-metrics.js';
import { NOOP_DETECTION_METRICS } from './detection-metrics.js';
import type { ClosedWindow } from './detection-window.js';
import type { AnomalyDraft, TemplateLookup } from './detector.js';
import { newId } from './internal/ids.js';
import { NoiseFilter } from './noise-filter.js';
import { DETECTOR_FACTORIES } from './registry.js';
import { TenantDetection } from './tenant-detection.js';
import type { WindowResult } from './tenant-detection.js';

/** A committed batch, as the pipeline's EventBus publishes it. */
export interface DetectionBatch {
  readonly tenant: string;
  readonly events: readonly MinedEvent[];
  /** Store ids, parallel to `events`. */
  readonly ids: readonly string[];
}

/** Where the runner gets batches (the EventBus, structurally: detect does not import the wiring). */
export interface BatchSource {
  subscribe(listener: (batch: DetectionBatch) => void): () => void;
}

/** Who hears what detection found: the incident tracker. Called in window order, one call at a time. */
export interface DetectionSink {
  /** Anomalies just raised and stored. */
  anomalies(tenant: string, anomalies: readonly Anomaly[]): Promise<void>;
  /** A window closed (after its anomalies), with its counts: incidents use it for activity and auto-resolve. */
  windowClosed(tenant: string, window: ClosedWindow): Promise<void>;
}

export interface DetectionRunnerSettings {
  /** Null when batches are handed to `ingest` directly (benchmarks). */
  readonly source: BatchSource | null;
  readonly anomalies: AnomalyStore;
  readonly state: DetectorStateStore;
  readonly noiseRules: NoiseRuleStore;
  /** The tenant's templates (slot types and names, ancestors), from its miner. */
  readonly templates: (tenant: string) => TemplateLookup;
  readonly sink: DetectionSink;
  readonly metrics?: DetectionMetrics;
  /** Wall clock, ms since epoch. */
  readonly clock?: () => number;
  readonly warn?: (message: string) => void;
}

type QueueItem = { readonly kind: 'batch'; readonly batch: DetectionBatch } | { readonly kind: 'task'; readonly run: () => Promise<void> };

/** Name under which the runner's own clock state is saved next to the detectors'. */
const CLOCK_STATE = 'runner';

/**
 * Runs every enabled detector for every tenant. Subscribes to committed batches and returns at
 * once: batches wait in a bounded queue (overflow is dropped, counted, and the affected windows
 * are marked partial) and one async loop works through them, so detection never slows ingest.
 * Events go to windows by event time with a watermark; closed windows' anomalies are filtered by
 * user feedback, stored, and handed to the sink. State is saved per tenant and detector as
 * versioned snapshots every `snapshotIntervalMs` and at stop, and restored on a tenant's first
 * batch after a restart.
 *
 * Lifecycle: `start()` returns at once; `stop()` drains the queue (unless its signal is aborted),
 * saves state, is idempotent and safe before `start()`.
 */
export class DetectionRunner {
  private readonly queue: QueueItem[] = [];
  private queuedEvents = 0;
  private loop: Promise<void> | null = null;
  private readonly tenants = new Map<string, TenantDetection>();
  private readonly loading = new Map<string, Promise<TenantDetection>>();
  private readonly noise = new NoiseFilter();
  private readonly metrics: DetectionMetrics;
  private readonly clock: () => number;
  private readonly warn: (message: string) => void;
  private unsubscribe: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private stopping: Promise<void> | null = null;
  readonly counters = { batchesDropped: 0, eventsDropped: 0, future: 0, suppressed: 0, raised: 0, tenantsUnloaded: 0, taskErrors: 0 };

  constructor(
    private readonly settings: DetectionRunnerSettings,
    private readonly config: DetectionConfig,
    private readonly detectors: DetectorSelection,
  ) {
    this.metrics = settings.metrics ?? NOOP_DETECTION_METRICS;
    this.clock = settings.clock ?? Date.now;
    this.warn = settings.warn ?? ((m) => process.emitWarning(m));
  }

  start(): void {
    if (this.started || this.stopping !== null) return;
    this.started = true;
    this.enqueue({ kind: 'task', run: async () => this.noise.load(await this.settings.noiseRules.listNoiseRules(null)) });
    if (this.settings.source !== null) this.unsubscribe = this.settings.source.subscribe((batch) => this.ingest(batch));
    const idle = setInterval(() => this.enqueue({ kind: 'task', run: () => this.idleAdvance() }), this.config.idleCheckMs);
    idle.unref();
    this.timers.push(idle);
    if (this.config.snapshotIntervalMs > 0) {
      const save = setInterval(() => this.enqueue({ kind: 'task', run: () => this.saveAll() }), this.config.snapshotIntervalMs);
      save.unref();
      this.timers.push(save);
    }
  }

  /** Takes one committed batch; returns at once. Dropped (and counted) when the queue is full or the runner stopped. */
  ingest(batch: DetectionBatch): void {
    if (this.stopping !== null || batch.events.length === 0) return;
    if (this.queuedEvents + batch.events.length > this.config.maxQueueEvents) {
      this.counters.batchesDropped++;
      this.counters.eventsDropped += batch.events.length;
      this.metrics.events('dropped', batch.events.length);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const e of batch.events) {
        if (e.ts < lo) lo = e.ts;
        if (e.ts > hi) hi = e.ts;
      }
      this.tenants.get(batch.tenant)?.markPartial(lo, hi);
      return;
    }
    this.queuedEvents += batch.events.length;
    this.enqueue({ kind: 'batch', batch });
  }

  /** Resolves once everything queued so far has been processed (tests, benchmarks). */
  async flush(): Promise<void> {
    while (this.loop !== null) await this.loop;
  }

  /** Applies feedback at once: anomalies matching the rule are no longer raised. */
  addNoiseRule(rule: NoiseRule): void {
    this.noise.add(rule);
  }

  removeNoiseRule(rule: NoiseRule): void {
    this.noise.remove(rule);
  }

  get queueDepth(): number {
    return this.queuedEvents;
  }

  /** Counters of the runner, each loaded tenant and its detectors. */
  stats(): { runner: Readonly<Record<string, number>>; tenants: Record<string, { counters: Readonly<Record<string, number>>; detectors: Record<string, Readonly<Record<string, number>>> }> } {
    const tenants: Record<string, { counters: Readonly<Record<string, number>>; detectors: Record<string, Readonly<Record<string, number>>> }> = {};
    for (const [name, t] of this.tenants) {
      const detectors: Record<string, Readonly<Record<string, number>>> = {};
      for (const d of t.detectors) detectors[d.type] = d.detector.stats();
      tenants[name] = { counters: { ...t.counters }, detectors };
    }
    return { runner: { ...this.counters, queuedEvents: this.queuedEvents, tenants: this.tenants.size, noiseRules: this.noise.size }, tenants };
  }

  stop(signal?: AbortSignal): Promise<void> {
    this.stopping ??= (async () => {
      this.unsubscribe?.();
      this.unsubscribe = null;
      for (const t of this.timers) clearInterval(t);
      this.timers = [];
      if (signal?.aborted === true) {
        this.queue.length = 0;
        this.queuedEvents = 0;
      }
      signal?.addEventListener('abort', () => {
        this.queue.length = 0;
        this.queuedEvents = 0;
      });
      await this.flush();
      if (this.started) await this.saveAll();
      for (const t of this.tenants.values()) for (const d of t.detectors) await d.detector.stop(signal);
    })();
    return this.stopping;
  }

  private enqueue(item: QueueItem): void {
    this.queue.push(item);
    if (this.loop !== null) return;
    this.loop = (async () => {
      try {
        for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
          try {
            if (next.kind === 'batch') {
              this.queuedEvents -= next.batch.events.length;
              await this.process(next.batch);
            } else {
              await next.run();
            }
          } catch (err) {
            this.counters.taskErrors++;
            this.warn(`detection: ${(err as Error).message}`);
          }
        }
      } finally {
        this.loop = null;
      }
    })();
  }

  private async process(batch: DetectionBatch): Promise<void> {
    const t = await this.tenant(batch.tenant);
    const now = this.clock();
    const limit = this.config.maxFutureMs > 0 ? now + this.config.maxFutureMs : Number.POSITIVE_INFINITY;
    let accepted = 0;
    let late = 0;
    let future = 0;
    const events = batch.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.ts > limit) future++;
      else if (t.accept(e, batch.ids[i], now)) accepted++;
      else late++;
    }
    this.counters.future += future;
    this.metrics.events('accepted', accepted);
    this.metrics.events('late', late);
    this.metrics.events('future', future);
    const results: WindowResult[] = [];
    t.advance(results, now);
    await this.emit(t, results);
  }

  private async idleAdvance(): Promise<void> {
    const now = this.clock();
    for (const t of this.tenants.values()) {
      const results: WindowResult[] = [];
      t.idleAdvance(now, results);
      await this.emit(t, results);
    }
  }

  private async emit(t: TenantDetection, results: readonly WindowResult[]): Promise<void> {
    for (const { window, drafts } of results) {
      const anomalies = this.finalise(t.tenant, drafts);
      if (anomalies.length > 0) {
        await this.settings.anomalies.insertAnomalies(anomalies);
        for (const a of anomalies) this.metrics.anomalies(a.kind, 1);
        this.counters.raised += anomalies.length;
        await this.settings.sink.anomalies(t.tenant, anomalies);
      }
      await this.settings.sink.windowClosed(t.tenant, window);
    }
    this.metrics.windows(results.length);
  }

  private finalise(tenant: string, drafts: readonly AnomalyDraft[]): Anomaly[] {
    const out: Anomaly[] = [];
    const now = this.clock();
    for (const d of drafts) {
      if (this.noise.matches(tenant, d.kind, d.service, d.templateId)) {
        this.counters.suppressed++;
        this.metrics.suppressed(d.kind, 1);
        continue;
      }
      out.push({
        id: newId('an'),
        tenant,
        kind: d.kind,
        service: d.service,
        templateId: d.templateId,
        windowStart: d.windowStart,
        windowEnd: d.windowEnd,
        detectedAt: now,
        score: d.score,
        severity: d.severity,
        title: d.title,
        evidence: d.evidence,
        incidentId: null,
        noise: false,
      });
    }
    return out;
  }

  /** The tenant's detection, restoring saved state on first use; unloads (and saves) the least recent beyond `maxTenants`. */
  private async tenant(name: string): Promise<TenantDetection> {
    const ready = this.tenants.get(name);
    if (ready !== undefined) {
      this.tenants.delete(name);
      this.tenants.set(name, ready);
      return ready;
    }
    let pending = this.loading.get(name);
    if (pending === undefined) {
      pending = this.load(name);
      this.loading.set(name, pending);
    }
    const t = await pending;
    this.loading.delete(name);
    this.tenants.set(name, t);
    while (this.tenants.size > this.config.maxTenants) {
      const [oldest, evicted] = this.tenants.entries().next().value as [string, TenantDetection];
      this.tenants.delete(oldest);
      this.counters.tenantsUnloaded++;
      await this.save(evicted);
    }
    return t;
  }

  private async load(tenant: string): Promise<TenantDetection> {
    const templates = this.settings.templates(tenant);
    const detectors = this.detectors.enabled.map((type) => ({
      type,
      detector: DETECTOR_FACTORIES[type].create({ tenant, windowMs: this.config.windowMs, templates, warn: this.warn }, this.detectors.configs[type] ?? DETECTOR_FACTORIES[type].defaultConfig),
    }));
    const t = new TenantDetection(tenant, detectors, this.config, this.warn);
    const clock = await this.settings.state.loadDetectorState(tenant, CLOCK_STATE);
    if (clock !== null && t.restoreClock(clock)) {
      for (const d of detectors) {
        const bytes = await this.settings.state.loadDetectorState(tenant, d.type);
        if (bytes === null) continue;
        try {
          d.detector.restore(bytes);
        } catch (err) {
          // An unreadable snapshot (another version) must not stop detection: that detector relearns.
          this.warn(`detector ${d.type} state of tenant ${tenant} ignored: ${(err as Error).message}`);
        }
      }
    } else if (clock !== null) {
      this.warn(`detection state of tenant ${tenant} was saved with other settings (window size); starting fresh`);
    }
    for (const d of detectors) d.detector.start();
    return t;
  }

  private async saveAll(): Promise<void> {
    for (const t of this.tenants.values()) await this.save(t);
  }

  private async save(t: TenantDetection): Promise<void> {
    await this.settings.state.saveDetectorState(t.tenant, CLOCK_STATE, t.snapshotClock());
    for (const d of t.detectors) await this.settings.state.saveDetectorState(t.tenant, d.type, d.detector.snapshot());
  }
}
