import { KAFKA_ENCODINGS } from '../../kafka-message.js';
import type { KafkaEncoding } from '../../kafka-message.js';
import { ConfigCheck } from '../config-check.js';

/** What a user sets for the Kafka source (`--kafka-*` flags or `kafka*` config keys). */
export interface KafkaSourceConfig {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Topics to consume; empty when `topicPattern` is set. */
  readonly topics: readonly string[];
  /** Regular expression over topic names, matched when the consumer subscribes (new topics need a restart). */
  readonly topicPattern: string | null;
  /** Consumer group: run more logsift workers with the same group to split the partitions. Default `logsift`. */
  readonly groupId: string;
  readonly clientId: string;
  /** How message values are encoded (see `KafkaEncoding`). Default `auto`. */
  readonly encoding: KafkaEncoding;
  /** Where a group without committed offsets starts: true = earliest (default, nothing is skipped), false = latest. */
  readonly fromBeginning: boolean;
  /** Tenant the messages belong to. Default `default`. */
  readonly tenant: string;
  /** Messages per batch handed to the pipeline (a fetched batch is cut into pieces of this size). Default 1000. */
  readonly batchMessages: number;
  /** Partitions processed at the same time by this worker (their batches are stored concurrently). Default 4. */
  readonly concurrency: number;
  /** Group session timeout, ms: how long a dead worker keeps its partitions. Default 10,000. */
  readonly sessionTimeoutMs: number;
}

export const DEFAULT_KAFKA_CONFIG: KafkaSourceConfig = Object.freeze({
  brokers: Object.freeze([]) as readonly string[],
  topics: Object.freeze([]) as readonly string[],
  topicPattern: null,
  groupId: 'logsift',
  clientId: 'logsift',
  encoding: 'auto',
  fromBeginning: true,
  tenant: 'default',
  batchMessages: 1000,
  concurrency: 4,
  sessionTimeoutMs: 10_000,
});

const BROKER = /^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export function configureKafka(partial: Readonly<Partial<KafkaSourceConfig>>): KafkaSourceConfig {
  const c = { ...DEFAULT_KAFKA_CONFIG, ...partial };
  const check = new ConfigCheck('kafka');
  const brokers = check.list('brokers', c.brokers);
  for (const b of brokers) if (!BROKER.test(b)) check.fail('brokers', 'host:port entries', b);
  const topicPattern = check.optionalText('topicPattern', c.topicPattern);
  const topics = check.list('topics', c.topics, topicPattern === null ? 1 : 0);
  if (topicPattern !== null) {
    if (topics.length > 0) check.fail('topics', 'empty when topicPattern is set', topics);
    try {
      new RegExp(topicPattern);
    } catch (err) {
      check.fail('topicPattern', `a valid regular expression (${(err as Error).message})`, topicPattern);
    }
  }
  return Object.freeze({
    brokers,
    topics,
    topicPattern,
    groupId: check.text('groupId', c.groupId),
    clientId: check.text('clientId', c.clientId),
    encoding: check.oneOf('encoding', c.encoding, KAFKA_ENCODINGS),
    fromBeginning: check.bool('fromBeginning', c.fromBeginning),
    tenant: check.text('tenant', c.tenant),
    batchMessages: check.int('batchMessages', c.batchMessages, 1, 100_000),
    concurrency: check.int('concurrency', c.concurrency, 1, 64),
    sessionTimeoutMs: check.int('sessionTimeoutMs', c.sessionTimeoutMs, 6000, 300_000),
  });
}
