import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { createApiMetrics } from '../api/metrics.js';
import { OpenAuthenticator } from '../auth/request-auth.js';
import { LogsiftError } from '../model/index.js';
import { EventBus, IngestPipeline, TenantMiners } from '../pipeline/index.js';
import { SqliteLogStore, SqliteMetaStore } from '../store/index.js';
import { fileSourceFactory, kafkaSourceFactory, syslogSourceFactory } from '../ingest/sources/index.js';
import type { BoundPort, Source, SourceSettings, SourceType } from '../ingest/sources/index.js';
import { DemoFeeder } from './demo-feeder.js';
import { detectorConfigs, kafkaTopicPattern } from './server-config.js';
import type { ApiMetrics } from '../api/metrics.js';
import type { IntelligenceDeps } from '../api/intelligence-deps.js';
import { DetectionRunner, parseDetectionConfig, selectDetectors } from '../detect/index.js';
import { AnomalyFeedback, DEFAULT_LLM_TUNING, IncidentTracker, LlmIncidentExplainer, parseIncidentConfig, SpikeExplainer } from '../incidents/index.js';
import { IncidentNotifier, parseNotifierConfig } from '../notify/index.js';
import type { ServerConfig } from './server-config.js';

export interface RunningServer {
  /** `http://host:port` the server listens on. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: SqliteLogStore;
  readonly pipeline: IngestPipeline;
  readonly bus: EventBus;
  /** What each non-HTTP source (syslog, kafka, file) bound, once started. */
  sourcePorts(): readonly SourcePorts[];
  /** Stops accepting, finishes in-flight requests, saves state, closes the stores. Idempotent. */
  close(): Promise<void>;
}

/** The sockets one source bound (none for Kafka and files). */
export interface SourcePorts {
  readonly type: SourceType;
  readonly ports: readonly BoundPort[];
}

export interface StartOptions {
  /** Fastify logger setting; default logs at config.logLevel to stderr. */
  readonly logger?: boolean | { level: string };
  /** `inline` keeps SQLite writes on the main thread (tests); default `worker`. */
  readonly writer?: 'worker' | 'inline';
  readonly version?: string;
}

const RETENTION_SWEEP_MS = 10 * 60_000;
const DEMO_BACKFILL_MS = 60 * 60_000;

export interface AssembledServer {
  readonly app: FastifyInstance;
  readonly store: SqliteLogStore;
  readonly meta: SqliteMetaStore;
  readonly pipeline: IngestPipeline;
  readonly bus: EventBus;
  readonly miners: TenantMiners;
  /** Detection, incidents and notifications; null when `detect` is off. */
  readonly intelligence: IntelligenceDeps | null;
  /** Marks the server ready (readiness probe) and starts background work: retention, demo, sources. */
  begin(): Promise<void>;
  /** What each non-HTTP source bound, once `begin()` started them. */
  sourcePorts(): readonly SourcePorts[];
  /** Stops background work, closes the app (finishing in-flight requests), saves state, closes stores. Idempotent. */
  close(): Promise<void>;
}

/** Wires stores, pipeline and API together, without listening (tests use `app.inject`). */
export async function assembleServer(config: ServerConfig, options: StartOptions = {}): Promise<AssembledServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const lock = acquireLock(config.dataDir);
  let ready = false;
  const meta = new SqliteMetaStore(join(config.dataDir, 'meta.db'), config.durability);
  const store = await SqliteLogStore.open({
    dir: join(config.dataDir, 'logs'),
    span: config.retentionMs > 0 && config.retentionMs < 2 * 86_400_000 ? 'hour' : 'day',
    durability: config.durability,
    dedupWindowMs: config.dedupWindowMs,
    writer: options.writer ?? 'worker',
  });
  const miners = new TenantMiners(meta);
  const bus = new EventBus();
  const metrics = createApiMetrics({
    storeBytes: () => store.stats().bytes,
    storeEvents: () => store.stats().events,
    storePartitions: () => store.stats().partitions,
    pendingRows: () => store.pendingRows,
    templates: () => store.tenants().reduce((n, t) => n + store.templateStats(t).length, 0),
  });
  const pipeline = new IngestPipeline({ store, miners, bus, metrics: metrics.pipeline });
  let warn = (message: string) => process.emitWarning(message);
  const intelligence = config.detect ? wireIntelligence(config, { meta, store, bus, miners, metrics, warn: (m) => warn(m) }) : null;
  const auth = new OpenAuthenticator();
  pipeline.start();
  const app = await buildApp(
    {
      pipeline,
      store,
      meta,
      miners,
      bus,
      auth,
      metrics,
      limits: { maxBodyBytes: config.maxBodyBytes, maxRecordBytes: config.maxRecordBytes },
      isReady: () => ready,
      ...(intelligence !== null ? { intelligence: intelligence.deps } : {}),
    },
    { logger: options.logger ?? { level: config.logLevel }, version: options.version, protocols: config.protocols },
  );
  await app.ready();
  warn = (message: string) => app.log.warn(message);

  const sweep = async () => {
    if (config.retentionMs === 0) return;
    try {
      const dropped = await store.dropBefore(Date.now() - config.retentionMs);
      if (dropped > 0) app.log.info({ dropped }, 'retention dropped partitions');
    } catch (err) {
      app.log.error({ err }, 'retention sweep failed');
    }
  };
  let sweeper: NodeJS.Timeout | null = null;
  let demo: DemoFeeder | null = null;
  const sources = createSources(config, {
    sink: (request) => pipeline.submit(request),
    auth,
    log: app.log,
    metrics: metrics.sources,
    maxRecordBytes: config.maxRecordBytes,
    host: config.host,
    dataDir: config.dataDir,
  });
  const bound: SourcePorts[] = [];

  const begin = async () => {
    await sweep();
    sweeper = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
    sweeper.unref();
    // Before any source (and the demo's backfill) so detection sees every committed batch.
    await intelligence?.start();
    if (config.demo) {
      demo = new DemoFeeder(pipeline, { rate: config.demoRate, backfillMs: DEMO_BACKFILL_MS });
      await demo.start();
    }
    for (const source of sources) {
      const ports = await source.start();
      bound.push({ type: source.type, ports });
      app.log.info({ source: source.type, ports }, 'source started');
    }
    ready = true;
  };

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      demo?.stop();
      if (sweeper !== null) clearInterval(sweeper);
      // Sources flush into the pipeline, so they stop while it still runs.
      await Promise.all(sources.map((source) => source.stop().catch((err: unknown) => app.log.error({ err, source: source.type }, 'stopping a source failed'))));
      await app.close();
      // Detection drains its queue and saves its state before the pipeline saves the miners.
      await intelligence?.stop();
      await pipeline.stop();
      await store.close();
      await meta.close();
      lock.release();
    })();
    return closing;
  };
  return { app, store, meta, pipeline, bus, miners, intelligence: intelligence?.deps ?? null, begin, close, sourcePorts: () => bound };
}

/**
 * Detection → incidents → notifications, wired to the bus: the runner hears every committed
 * batch, the tracker is its sink, the notifier hears the tracker, and feedback reaches the runner.
 */
function wireIntelligence(
  config: ServerConfig,
  ctx: { meta: SqliteMetaStore; store: SqliteLogStore; bus: EventBus; miners: TenantMiners; metrics: ApiMetrics; warn: (message: string) => void },
): { deps: IntelligenceDeps; start(): Promise<void>; stop(): Promise<void> } {
  const { meta, store, bus, miners, metrics, warn } = ctx;
  const detectionConfig = parseDetectionConfig({ windowMs: config.detectWindowMs, allowedLatenessMs: config.detectLatenessMs });
  const templates = (tenant: string) => ({ get: (id: number) => miners.peek(tenant)?.get(id) });
  const explainer = new LlmIncidentExplainer(
    config.llmUrl === null || config.llmModel === null ? null : { url: config.llmUrl, model: config.llmModel, apiKey: config.llmKey, ...DEFAULT_LLM_TUNING, timeoutMs: config.llmTimeoutMs },
    Date.now,
    warn,
  );
  const tracker = new IncidentTracker(
    { incidents: meta.incidents, anomalies: meta.anomalies, windowMs: detectionConfig.windowMs, explainer, warn },
    parseIncidentConfig({ quietMs: config.incidentQuietMs }),
  );
  const detection = new DetectionRunner(
    { source: bus, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates, sink: tracker, metrics: metrics.detection, warn },
    detectionConfig,
    selectDetectors(detectorConfigs(config), config.detectorsOff),
  );
  const notifier = new IncidentNotifier(
    { alerts: meta.alerts, log: meta.notifications, note: (tenant, id, kind, actor, text) => tracker.note(tenant, id, kind, actor, text), metrics: metrics.notify, warn },
    parseNotifierConfig({ publicUrl: config.publicUrl }),
  );
  const feedback = new AnomalyFeedback({ anomalies: meta.anomalies, rules: meta.noiseRules, detection, notes: tracker });
  metrics.intelligenceGauges.detectionQueue = () => detection.queueDepth;
  metrics.intelligenceGauges.openIncidents = () => tracker.openCount();
  let unlisten: (() => void) | null = null;
  return {
    deps: { detection, tracker, feedback, spikes: new SpikeExplainer(store, templates), explainer, notifier },
    async start() {
      await tracker.start();
      unlisten = tracker.onChange(notifier.onIncidentChange);
      notifier.start();
      detection.start();
    },
    async stop() {
      await detection.stop();
      unlisten?.();
      await tracker.stop();
      await notifier.stop();
    },
  };
}

/** The non-HTTP sources the config switches on, built through their factories (config validated there too). */
function createSources(config: ServerConfig, settings: SourceSettings): Source[] {
  const out: Source[] = [];
  if (config.syslogPort !== null) {
    out.push(syslogSourceFactory.create(settings, syslogSourceFactory.configure({ port: config.syslogPort, tlsCert: config.syslogTlsCert, tlsKey: config.syslogTlsKey })));
  }
  if (config.kafkaBrokers.length > 0) {
    const pattern = kafkaTopicPattern(config.kafkaTopic);
    out.push(
      kafkaSourceFactory.create(
        settings,
        kafkaSourceFactory.configure({
          brokers: config.kafkaBrokers,
          topics: pattern === null ? config.kafkaTopic : [],
          topicPattern: pattern,
          groupId: config.kafkaGroup,
          encoding: config.kafkaEncoding,
        }),
      ),
    );
  }
  if (config.tail.length > 0) {
    out.push(fileSourceFactory.create(settings, fileSourceFactory.configure({ paths: config.tail, format: config.tailFormat, service: config.tailService, multilinePattern: config.tailMultiline })));
  }
  return out;
}

/** Assembles the server, listens, and starts background work. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const server = await assembleServer(config, options);
  try {
    await server.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await server.close();
    throw err;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  try {
    await server.begin();
  } catch (err) {
    await server.close();
    throw err;
  }
  return { url, app: server.app, store: server.store, pipeline: server.pipeline, bus: server.bus, close: server.close, sourcePorts: server.sourcePorts };
}

/** One server per data directory: a pid file, taken over when its process is gone. */
function acquireLock(dataDir: string): { release(): void } {
  const file = join(dataDir, 'logsift.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new LogsiftError('conflict', `data directory ${dataDir} is in use by logsift process ${pid}`);
    }
  } catch (err) {
    if (err instanceof LogsiftError) throw err;
  }
  writeFileSync(file, `${process.pid}\n`);
  return { release: () => rmSync(file, { force: true }) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
