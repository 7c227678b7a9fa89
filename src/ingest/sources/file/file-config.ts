import { parseFormatSpec } from '../../../parse/index.js';
import { DEFAULT_RECORD_STARTS, patternRecordStarts } from '../../codecs/record-starts.js';
import { ConfigCheck } from '../config-check.js';
import type { FileFollowerOptions } from './file-follower.js';

/** What a user sets for file tailing (`logsift tail` flags, or `serve --tail` / the `tail*` config keys). */
export interface FileSourceConfig {
  /** Files and globs to follow (`*`, `?`, `[…]`, `**`). Include rotated names (`app.log*`) to catch up on rotations that happened while stopped. */
  readonly paths: readonly string[];
  /** Offsets file; null: `tail-state.json` in the data directory (server) or the current directory (CLI). */
  readonly statePath: string | null;
  readonly tenant: string;
  /** Service and host for lines that name none; host defaults to this machine's name. */
  readonly service: string | null;
  readonly host: string | null;
  /** Format of the lines: `auto` (detected per file), a built-in name, or a header format. */
  readonly format: string;
  /** Where to begin a file first seen at start-up without a remembered offset. Default `beginning`. */
  readonly startAt: 'beginning' | 'end';
  /** How often files are checked for growth and paths re-scanned, ms. Default 250. */
  readonly pollMs: number;
  /** A file idle this long has its held-back last record sent, ms. Default 1000. */
  readonly flushAfterMs: number;
  /** A rotated-away file is closed once read and idle this long, ms. Default 5000. */
  readonly closeAfterMs: number;
  /** Records per batch. Default 5000. */
  readonly batchRecords: number;
  /** Regular expression for lines that start a record; other lines are joined to the record before (null: stack traces are joined by the parse stage). */
  readonly multilinePattern: string | null;
  /** Files followed at once at most. Default 1024. */
  readonly maxOpenFiles: number;
}

export const DEFAULT_FILE_CONFIG: FileSourceConfig = Object.freeze({
  paths: Object.freeze([]) as readonly string[],
  statePath: null,
  tenant: 'default',
  service: null,
  host: null,
  format: 'auto',
  startAt: 'beginning',
  pollMs: 250,
  flushAfterMs: 1000,
  closeAfterMs: 5000,
  batchRecords: 5000,
  multilinePattern: null,
  maxOpenFiles: 1024,
});

export function configureFile(partial: Readonly<Partial<FileSourceConfig>>): FileSourceConfig {
  const c = { ...DEFAULT_FILE_CONFIG, ...partial };
  const check = new ConfigCheck('file');
  const format = check.text('format', c.format);
  try {
    parseFormatSpec(format);
  } catch (err) {
    check.fail('format', `a format (${(err as Error).message})`, format);
  }
  const multilinePattern = check.optionalText('multilinePattern', c.multilinePattern);
  if (multilinePattern !== null) {
    try {
      new RegExp(multilinePattern);
    } catch (err) {
      check.fail('multilinePattern', `a valid regular expression (${(err as Error).message})`, multilinePattern);
    }
  }
  return Object.freeze({
    paths: check.list('paths', c.paths),
    statePath: check.optionalText('statePath', c.statePath),
    tenant: check.text('tenant', c.tenant),
    service: check.optionalText('service', c.service),
    host: check.optionalText('host', c.host),
    format,
    startAt: check.oneOf('startAt', c.startAt, ['beginning', 'end'] as const),
    pollMs: check.int('pollMs', c.pollMs, 10, 60_000),
    flushAfterMs: check.int('flushAfterMs', c.flushAfterMs, 0, 600_000),
    closeAfterMs: check.int('closeAfterMs', c.closeAfterMs, 0, 86_400_000),
    batchRecords: check.int('batchRecords', c.batchRecords, 1, 100_000),
    multilinePattern,
    maxOpenFiles: check.int('maxOpenFiles', c.maxOpenFiles, 1, 100_000),
  });
}

/** The follower's options for a configured source. */
export function followerOptions(config: FileSourceConfig, cwd: string, statePath: string, maxLineBytes: number): FileFollowerOptions {
  return {
    paths: config.paths,
    cwd,
    statePath,
    pollMs: config.pollMs,
    startAt: config.startAt,
    flushAfterMs: config.flushAfterMs,
    closeAfterMs: config.closeAfterMs,
    maxBatchRecords: config.batchRecords,
    maxBatchBytes: 8 * 1024 * 1024,
    maxLineBytes,
    maxOpenFiles: config.maxOpenFiles,
    recordStarts: config.multilinePattern === null ? DEFAULT_RECORD_STARTS : patternRecordStarts(new RegExp(config.multilinePattern)),
  };
}
