import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { createApiMetrics } from '../api/metrics.js';
import { OpenAuthenticator } from '../auth/request-auth.js';
import { LogsiftError } from '../model/index.js';
import { EventBus, IngestPipeline, TenantMiners } from '../pipeline/index.js';
import { SqliteLogStore, SqliteMetaStore } from '../store/index.js';
import { DemoFeeder } from './demo-feeder.js';
import type { ServerConfig } from './server-config.js';

export interface RunningServer {
  /** `http://host:port` the server listens on. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: SqliteLogStore;
  readonly pipeline: IngestPipeline;
  readonly bus: EventBus;
  /** Stops accepting, finishes in-flight requests, saves state, closes the stores. Idempotent. */
  close(): Promise<void>;
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
  /** Marks the server ready (readiness probe) and starts background work: retention, demo. */
  begin(): Promise<void>;
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
  pipeline.start();
  const app = await buildApp(
    {
      pipeline,
      store,
      meta,
      miners,
      bus,
      auth: new OpenAuthenticator(),
      metrics,
      limits: { maxBodyBytes: config.maxBodyBytes, maxRecordBytes: config.maxRecordBytes },
      isReady: () => ready,
    },
    { logger: options.logger ?? { level: config.logLevel }, version: options.version },
  );
  await app.ready();

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

  const begin = async () => {
    await sweep();
    sweeper = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
    sweeper.unref();
    if (config.demo) {
      demo = new DemoFeeder(pipeline, { rate: config.demoRate, backfillMs: DEMO_BACKFILL_MS });
      await demo.start();
    }
    ready = true;
  };

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      demo?.stop();
      if (sweeper !== null) clearInterval(sweeper);
      await app.close();
      await pipeline.stop();
      await store.close();
      await meta.close();
      lock.release();
    })();
    return closing;
  };
  return { app, store, meta, pipeline, bus, miners, begin, close };
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
  await server.begin();
  return { url, app: server.app, store: server.store, pipeline: server.pipeline, bus: server.bus, close: server.close };
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
