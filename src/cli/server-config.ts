import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDuration } from '../api/query-params.js';
import { LogsiftError } from '../model/index.js';
import type { Durability } from '../store/index.js';

/** Everything `logsift serve` can be told. Durations in ms; 0 disables where noted. */
export interface ServerConfig {
  /** Interface to listen on. Default 127.0.0.1; use 0.0.0.0 to accept other machines. */
  readonly host: string;
  readonly port: number;
  /** Where partitions and meta.db live. */
  readonly dataDir: string;
  /** Data older than this (by arrival) is dropped, whole partitions at a time. 0 keeps everything. */
  readonly retentionMs: number;
  /** `process`: acknowledged batches survive a crash of logsift; `power`: also a power loss (fsync). */
  readonly durability: Durability;
  /** How long a resent batch (same content or Idempotency-Key) is recognised. */
  readonly dedupWindowMs: number;
  /** Largest request body, before and after decompression. */
  readonly maxBodyBytes: number;
  /** Largest single record; longer ones go to the dead-letter store. */
  readonly maxRecordBytes: number;
  /** Run the built-in simulator into the server. */
  readonly demo: boolean;
  /** Simulated lines per second in demo mode. */
  readonly demoRate: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  host: '127.0.0.1',
  port: 7171,
  dataDir: './data',
  retentionMs: 7 * 86_400_000,
  durability: 'process',
  dedupWindowMs: 10 * 60_000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxRecordBytes: 256 * 1024,
  demo: false,
  demoRate: 200,
  logLevel: 'info',
});

/** Setting name → environment variable. */
export const ENV_VARS: Readonly<Record<keyof ServerConfig, string>> = {
  host: 'LOGSIFT_HOST',
  port: 'LOGSIFT_PORT',
  dataDir: 'LOGSIFT_DATA_DIR',
  retentionMs: 'LOGSIFT_RETENTION',
  durability: 'LOGSIFT_DURABILITY',
  dedupWindowMs: 'LOGSIFT_DEDUP_WINDOW',
  maxBodyBytes: 'LOGSIFT_MAX_BODY',
  maxRecordBytes: 'LOGSIFT_MAX_RECORD',
  demo: 'LOGSIFT_DEMO',
  demoRate: 'LOGSIFT_DEMO_RATE',
  logLevel: 'LOGSIFT_LOG_LEVEL',
};

/** Config file keys (JSON), the same names as the flags without dashes. */
const FILE_KEYS: Readonly<Record<string, keyof ServerConfig>> = {
  host: 'host',
  port: 'port',
  dataDir: 'dataDir',
  'data-dir': 'dataDir',
  retention: 'retentionMs',
  durability: 'durability',
  dedupWindow: 'dedupWindowMs',
  'dedup-window': 'dedupWindowMs',
  maxBody: 'maxBodyBytes',
  'max-body': 'maxBodyBytes',
  maxRecord: 'maxRecordBytes',
  'max-record': 'maxRecordBytes',
  demo: 'demo',
  demoRate: 'demoRate',
  'demo-rate': 'demoRate',
  logLevel: 'logLevel',
  'log-level': 'logLevel',
};

type RawSettings = Partial<Record<keyof ServerConfig, string | number | boolean>>;

/**
 * Merges defaults < config file < environment < flags, validates, and freezes.
 * Fails fast with a message naming the bad setting and where it came from.
 */
export function loadServerConfig(flags: RawSettings, env: Readonly<Record<string, string | undefined>>, configFile: string | null, cwd: string): ServerConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const origin: Record<string, string> = {};
  if (configFile !== null) {
    const path = resolve(cwd, configFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new LogsiftError('invalid_config', `cannot read config file ${path}: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new LogsiftError('invalid_config', `config file ${path} must hold a JSON object`);
    }
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      const key = FILE_KEYS[k];
      if (key === undefined) throw new LogsiftError('invalid_config', `unknown setting "${k}" in ${path}; known: ${Object.keys(FILE_KEYS).join(', ')}`);
      merged[key] = v;
      origin[key] = `config file ${path}`;
    }
  }
  for (const [key, name] of Object.entries(ENV_VARS) as [keyof ServerConfig, string][]) {
    const v = env[name];
    if (v !== undefined && v !== '') {
      merged[key] = v;
      origin[key] = `environment variable ${name}`;
    }
  }
  for (const [key, v] of Object.entries(flags) as [keyof ServerConfig, unknown][]) {
    if (v !== undefined) {
      merged[key] = v;
      origin[key] = `flag --${kebab(key)}`;
    }
  }
  // Each check names the setting as users write it and says where its value came from.
  const at = (key: keyof ServerConfig, name: string): Origin => ({ name, from: origin[key] ?? 'default' });
  const cfg: ServerConfig = {
    host: str(merged.host, at('host', 'host')),
    port: int(merged.port, at('port', 'port'), 0, 65535),
    dataDir: resolve(cwd, str(merged.dataDir, at('dataDir', 'dataDir'))),
    retentionMs: duration(merged.retentionMs, at('retentionMs', 'retention')),
    durability: oneOf(merged.durability, ['process', 'power'] as const, at('durability', 'durability')),
    dedupWindowMs: duration(merged.dedupWindowMs, at('dedupWindowMs', 'dedupWindow')),
    maxBodyBytes: bytes(merged.maxBodyBytes, at('maxBodyBytes', 'maxBody')),
    maxRecordBytes: bytes(merged.maxRecordBytes, at('maxRecordBytes', 'maxRecord')),
    demo: bool(merged.demo, at('demo', 'demo')),
    demoRate: int(merged.demoRate, at('demoRate', 'demoRate'), 1, 1_000_000),
    logLevel: oneOf(merged.logLevel, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, at('logLevel', 'logLevel')),
  };
  if (cfg.retentionMs !== 0 && cfg.retentionMs < 3_600_000) {
    throw new LogsiftError('invalid_config', `retention must be 0 (keep everything) or at least 1h (from ${at('retentionMs', 'retention').from})`);
  }
  if (cfg.maxRecordBytes > cfg.maxBodyBytes) {
    throw new LogsiftError('invalid_config', 'maxRecord must not exceed maxBody');
  }
  return Object.freeze(cfg);
}

function kebab(key: string): string {
  return key.replace(/Ms$|Bytes$/, '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** A setting's user-facing name and where its value came from, for error messages. */
interface Origin {
  readonly name: string;
  readonly from: string;
}

function fail(o: Origin, value: unknown, want: string): never {
  throw new LogsiftError('invalid_config', `${o.name} must be ${want}, got ${JSON.stringify(value)} (from ${o.from})`);
}

function str(v: unknown, o: Origin): string {
  if (typeof v !== 'string' || v === '') fail(o, v, 'a non-empty string');
  return v;
}

function int(v: unknown, o: Origin, min: number, max: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) fail(o, v, `an integer from ${min} to ${max}`);
  return n;
}

function bool(v: unknown, o: Origin): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return fail(o, v, 'true or false');
}

function oneOf<T extends string>(v: unknown, values: readonly T[], o: Origin): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) fail(o, v, `one of ${values.join(', ')}`);
  return v as T;
}

function duration(v: unknown, o: Origin): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    try {
      return parseDuration(v, o.name);
    } catch {
      // reported below with the origin
    }
  }
  return fail(o, v, 'a duration such as 30m, 12h, 7d (or 0)');
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

export function bytes(v: unknown, o: Origin): number {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(v.trim());
    const unit = m === null ? undefined : BYTE_UNITS[m[2].toLowerCase()];
    if (m !== null && unit !== undefined) return Math.round(Number(m[1]) * unit);
  }
  return fail(o, v, 'a size such as 512KiB or 16MiB');
}
