// Public surface of the source plug-ins. The wiring (src/cli/server.ts) and the conformance
// test use this registry; nothing else reaches into the folders.
import { fileSourceFactory } from './file/file-source.js';
import { kafkaSourceFactory } from './kafka/kafka-source.js';
import { syslogSourceFactory } from './syslog/syslog-source.js';

export { fileSourceFactory, kafkaSourceFactory, syslogSourceFactory };
export { configureFile, followerOptions } from './file/file-config.js';
export { FileFollower } from './file/file-follower.js';
export type { FileSourceConfig } from './file/file-config.js';
export type { TailBatch, TailSink, FileFollowerOptions } from './file/file-follower.js';
export type { KafkaSourceConfig } from './kafka/kafka-config.js';
export type { SyslogSourceConfig } from './syslog/syslog-config.js';
export type { BoundPort, IngestSink, Source, SourceFactory, SourceSettings, SourceType } from './source-plugin.js';
export { NOOP_SOURCE_METRICS } from './source-metrics.js';
export type { FrameOutcome, RequestOutcome, SourceMetrics } from './source-metrics.js';
export { SILENT_SOURCE_LOGGER } from './source-logger.js';
export type { SourceLogger } from './source-logger.js';

/** Every source plug-in, in one list (the conformance test runs each through the lifecycle). */
export const SOURCE_FACTORIES = [syslogSourceFactory, kafkaSourceFactory, fileSourceFactory] as const;
