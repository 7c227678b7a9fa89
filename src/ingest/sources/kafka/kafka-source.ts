import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, EachBatchPayload, LogEntry } from 'kafkajs';
import { LogsiftError } from '../../../model/index.js';
import { parseFormatSpec } from '../../../parse/index.js';
import type { IngestRequest } from '../../../pipeline/index.js';
import { groupByStream } from '../../codecs/stream-groups.js';
import { decodeKafkaMessages } from '../../kafka-message.js';
import type { BoundPort, Source, SourceFactory, SourceSettings } from '../source-plugin.js';
import { followerFirstRoundRobin } from './follower-first-assigner.js';
import { PartitionCommits } from './partition-commits.js';
import { configureKafka, DEFAULT_KAFKA_CONFIG } from './kafka-config.js';
import type { KafkaSourceConfig } from './kafka-config.js';

const AUTO_FORMAT = parseFormatSpec(undefined);
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5000;
/**
 * Longest wait of a fetch for new data, ms (kafkajs default: 5000). Only an idle consumer waits:
 * an idle fetch every 100 ms is nothing for a broker, and data arriving at a broker that holds
 * fetches for the whole wait (librdkafka's mock cluster) is picked up within 100 ms.
 */
const FETCH_MAX_WAIT_MS = 100;
/** Pieces of one partition being stored at the same time (fetching and decoding overlap storing). */
const IN_FLIGHT_PER_PARTITION = 3;
/** Wait before a crashed consumer is replaced, ms. */
const RESTART_DELAY_MS = 1000;

/**
 * A Kafka consumer-group source (kafkajs). At-least-once with deduplication:
 * - offsets are committed manually, and only after the batch holding those messages is durable
 *   in the store (`sink` resolved), so a crash never skips a message;
 * - every record carries the id `topic/partition/offset`, which the pipeline deduplicates, so a
 *   message delivered again after a crash or rebalance is not stored twice;
 * - a poison message becomes a dead letter inside its batch and is committed with it;
 * - a batch the pipeline does not accept is retried (with heartbeats) until it is, or until the
 *   worker stops or loses the partition; it is never committed unstored.
 * Scale out by running more workers with the same `groupId`: Kafka splits the partitions.
 */
export class KafkaSource implements Source {
  readonly type = 'kafka' as const;
  private consumer: Consumer | null = null;
  private tenant = '';
  private stopping: Promise<void> | null = null;
  private replacing: Promise<void> | null = null;
  /** Commit pipelines by topic and partition. */
  private readonly partitions = new Map<string, PartitionCommits>();
  private readonly abort = new AbortController();

  constructor(
    private readonly settings: SourceSettings,
    private readonly config: KafkaSourceConfig,
  ) {}

  async start(signal?: AbortSignal): Promise<readonly BoundPort[]> {
    if (this.stopping !== null) throw new LogsiftError('unavailable', 'kafka source was stopped');
    if (this.consumer !== null) throw new LogsiftError('conflict', 'kafka source already started');
    this.tenant = this.settings.auth.authenticate({ headers: { 'x-logsift-tenant': this.config.tenant } }).tenant;
    signal?.throwIfAborted();
    await this.connect();
    return [];
  }

  /** Creates a consumer, joins the group and starts consuming; on failure nothing is left running. */
  private async connect(): Promise<void> {
    const c = this.config;
    const log = this.settings.log;
    const kafka = new Kafka({
      clientId: c.clientId,
      brokers: [...c.brokers],
      connectionTimeout: 5000,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const fields = { component: 'kafka', namespace: entry.namespace, error: entry.log.error as unknown };
        // kafkajs logs every error response (a rebalance in progress, say) as an ERROR of its connection: those are warnings here.
        if (entry.level === logLevel.ERROR && entry.namespace !== 'Connection') log.error(fields, entry.log.message);
        else log.warn(fields, entry.log.message);
      },
    });
    const consumer = kafka.consumer({
      groupId: c.groupId,
      sessionTimeout: c.sessionTimeoutMs,
      heartbeatInterval: Math.max(1000, Math.floor(c.sessionTimeoutMs / 5)),
      allowAutoTopicCreation: true,
      partitionAssigners: [followerFirstRoundRobin],
      // How long an idle fetch waits for data. Kafka answers as soon as data arrives; some brokers
      // (librdkafka's mock cluster) hold the fetch for the whole wait, so keep it short.
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      // A new generation: pipelines of the old one must not commit any more.
      for (const commits of this.partitions.values()) commits.break();
      this.partitions.clear();
      log.info({ component: 'kafka', groupId: e.payload.groupId, assignment: e.payload.memberAssignment }, 'kafka partitions assigned');
    });
    // kafkajs restarts itself after retriable errors; after any other crash the consumer is dead,
    // so a new one takes its place (uncommitted messages are delivered again and deduplicated).
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.stopping !== null) return;
      log.error({ component: 'kafka', err: e.payload.error.message, retryInMs: RESTART_DELAY_MS }, 'kafka consumer crashed; starting a new one');
      this.replace(consumer);
    });
    this.consumer = consumer;
    try {
      await consumer.connect();
      const topics = c.topicPattern !== null ? [new RegExp(c.topicPattern)] : [...c.topics];
      await consumer.subscribe({ topics, fromBeginning: c.fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: c.concurrency,
        eachBatch: (payload) => this.consume(payload),
      });
    } catch (err) {
      this.consumer = null;
      await consumer.disconnect().catch((e: unknown) => log.warn({ component: 'kafka', err: (e as Error).message }, 'kafka disconnect after a failed start failed'));
      throw new LogsiftError('unavailable', `kafka: cannot consume from ${c.brokers.join(',')}: ${(err as Error).message}`);
    }
  }

  /** Swaps a crashed consumer for a new one, retrying until it runs or the source stops. */
  private replace(crashed: Consumer): void {
    if (this.replacing !== null) return;
    this.replacing = (async () => {
      await crashed.disconnect().catch((e: unknown) => this.settings.log.warn({ component: 'kafka', err: (e as Error).message }, 'kafka: disconnecting a crashed consumer failed'));
      while (this.stopping === null) {
        try {
          await sleep(RESTART_DELAY_MS, undefined, { signal: this.abort.signal });
          await this.connect();
          break;
        } catch (err) {
          if (this.abort.signal.aborted) break;
          this.settings.log.error({ component: 'kafka', err: (err as Error).message }, 'kafka: starting a new consumer failed; retrying');
        }
      }
      this.replacing = null;
    })();
  }

  stop(signal?: AbortSignal): Promise<void> {
    this.stopping ??= this.shutdown(signal);
    return this.stopping;
  }

  private async shutdown(signal: AbortSignal | undefined): Promise<void> {
    // Aborting ends a retry loop at once; kafkajs then lets the in-flight batch finish (uncommitted
    // work is simply delivered again to whoever owns the partition next).
    if (signal?.aborted === true) this.abort.abort();
    const onAbort = () => this.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<void>((resolve) => this.abort.signal.addEventListener('abort', () => resolve(), { once: true }));
    const done = (async () => {
      await this.replacing;
      // Pieces already handed over finish storing and commit before the consumer leaves the group.
      await Promise.all([...this.partitions.values()].map((c) => c.drain()));
      await this.consumer?.disconnect();
    })();
    await Promise.race([done, aborted]);
    this.abort.abort(); // ends a replacement still waiting to retry
    signal?.removeEventListener('abort', onAbort);
  }

  /**
   * One fetched batch of one partition, in pieces of `batchMessages`: each piece is decoded and
   * handed to the pipeline; while it is being stored the next ones are fetched and decoded
   * (up to `IN_FLIGHT_PER_PARTITION` pieces), and offsets are committed in order as pieces
   * become durable (`PartitionCommits`).
   */
  private async consume(p: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = p.batch;
    const metrics = this.settings.metrics;
    const step = this.config.batchMessages;
    const commits = this.commitsFor(topic, partition);
    for (let start = 0; start < messages.length; start += step) {
      if (!p.isRunning() || p.isStale() || this.stopping !== null || commits.broken) return;
      const slice = messages.slice(start, start + step);
      let bytes = 0;
      for (const m of slice) bytes += m.value?.length ?? 0;
      metrics.bytes('kafka', bytes);
      const receivedAt = Date.now();
      const decoded = decodeKafkaMessages(topic, partition, slice, this.config.encoding, {
        tenant: this.tenant,
        source: 'kafka',
        receivedAt,
        maxRecordBytes: this.settings.maxRecordBytes,
      });
      // One batch per message key (stream), all stored before the piece's offset is committed.
      const groups = groupByStream(decoded, '');
      const requests = groups.map(
        (g, i): IngestRequest => ({
          tenant: this.tenant,
          source: 'kafka',
          receivedAt,
          records: g.records,
          positions: g.positions,
          recordIds: g.recordIds,
          rejected: i === 0 ? decoded.rejected : [],
          dedupKey: null,
          service: null,
          host: null,
          format: AUTO_FORMAT,
          streamKey: `${this.tenant}|kafka|${topic}|${g.stream}`,
        }),
      );
      const stored = this.store(requests, p).then((ok) => {
        if (ok) {
          metrics.frames('kafka', 'received', slice.length - decoded.rejected.length);
          metrics.frames('kafka', 'invalid', decoded.rejected.length);
        }
        return ok;
      });
      const last = slice[slice.length - 1].offset;
      // Resolving moves the fetch position on; nothing is committed until the piece is stored.
      p.resolveOffset(last);
      await commits.add(stored, (BigInt(last) + 1n).toString());
      await p.heartbeat();
    }
  }

  /** The commit pipeline of a partition, created on first use (and again after a rebalance). */
  private commitsFor(topic: string, partition: number): PartitionCommits {
    const key = `${topic}\u0000${partition}`;
    let commits = this.partitions.get(key);
    if (commits === undefined) {
      commits = new PartitionCommits(async (offset) => {
        try {
          await this.consumer?.commitOffsets([{ topic, partition, offset }]);
        } catch (err) {
          this.settings.log.warn({ component: 'kafka', topic, partition, err: (err as Error).message }, 'kafka offset not committed (rebalance?); those messages come again and are deduplicated');
        }
      }, IN_FLIGHT_PER_PARTITION);
      this.partitions.set(key, commits);
    }
    return commits;
  }

  /** Retries until every batch is durable (true) or this worker should let go of them (false). */
  private async store(requests: readonly IngestRequest[], p: EachBatchPayload): Promise<boolean> {
    let delay = RETRY_FIRST_MS;
    let pending = requests;
    for (;;) {
      const outcomes = await Promise.allSettled(pending.map((r) => this.settings.sink(r)));
      // Record ids make a retry of an already stored batch harmless; retry only what failed anyway.
      const failed = pending.filter((_, i) => outcomes[i].status === 'rejected');
      if (failed.length === 0) return true;
      const reason: unknown = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason;
      this.settings.log.warn({ component: 'kafka', err: (reason as Error).message, batches: failed.length }, 'kafka batch not stored yet, retrying (offsets stay uncommitted)');
      pending = failed;
      try {
        await sleep(delay, undefined, { signal: this.abort.signal });
        await p.heartbeat();
      } catch {
        return false; // stopping, or the partition moved to another worker
      }
      if (!p.isRunning() || p.isStale()) return false;
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }
}

export const kafkaSourceFactory: SourceFactory<KafkaSourceConfig> = {
  type: 'kafka',
  defaultConfig: DEFAULT_KAFKA_CONFIG,
  configure: configureKafka,
  create: (settings, config) => new KafkaSource(settings, config),
};
