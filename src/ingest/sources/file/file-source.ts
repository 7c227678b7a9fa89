import { hostname } from 'node:os';
import { join } from 'node:path';
import { LogsiftError } from '../../../model/index.js';
import { parseFormatSpec } from '../../../parse/index.js';
import type { BoundPort, Source, SourceFactory, SourceSettings } from '../source-plugin.js';
import { configureFile, DEFAULT_FILE_CONFIG, followerOptions } from './file-config.js';
import type { FileSourceConfig } from './file-config.js';
import { FileFollower } from './file-follower.js';
import type { TailBatch } from './file-follower.js';

/**
 * Files followed inside the server (the same follower as `logsift tail`), each acknowledged
 * batch stored through the pipeline with the batch id as its idempotency key (`idem:tail:…`,
 * the key `logsift tail` sends too), then its offset saved.
 */
export class FileSource implements Source {
  readonly type = 'file' as const;
  private follower: FileFollower | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly settings: SourceSettings,
    private readonly config: FileSourceConfig,
  ) {}

  async start(signal?: AbortSignal): Promise<readonly BoundPort[]> {
    if (this.stopping !== null) throw new LogsiftError('unavailable', 'file source was stopped');
    if (this.follower !== null) throw new LogsiftError('conflict', 'file source already started');
    signal?.throwIfAborted();
    const c = this.config;
    const tenant = this.settings.auth.authenticate({ headers: { 'x-logsift-tenant': c.tenant } }).tenant;
    const format = parseFormatSpec(c.format);
    const host = c.host ?? hostname();
    const sink = async (batch: TailBatch): Promise<void> => {
      await this.settings.sink({
        tenant,
        source: 'file',
        receivedAt: Date.now(),
        records: batch.records,
        positions: null,
        rejected: [],
        dedupKey: `idem:tail:${batch.batchId}`,
        service: c.service,
        host,
        format,
        streamKey: `${tenant}|file|${batch.path}`,
      });
    };
    const statePath = c.statePath ?? join(this.settings.dataDir, 'tail-state.json');
    const follower = new FileFollower(followerOptions(c, this.settings.dataDir, statePath, this.settings.maxRecordBytes), sink, this.settings.log, this.settings.metrics);
    await follower.start();
    this.follower = follower;
    return [];
  }

  stop(signal?: AbortSignal): Promise<void> {
    this.stopping ??= this.follower === null ? Promise.resolve() : this.follower.stop(signal);
    return this.stopping;
  }
}

export const fileSourceFactory: SourceFactory<FileSourceConfig> = {
  type: 'file',
  defaultConfig: DEFAULT_FILE_CONFIG,
  configure: configureFile,
  create: (settings, config) => new FileSource(settings, config),
};
