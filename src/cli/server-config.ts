import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDuration } from '../api/query-params.js';
import { HTTP_PROTOCOLS, isHttpProtocol } from '../ingest/http-protocols.js';
import type { HttpProtocol } from '../ingest/http-protocols.js';
import { KAFKA_ENCODINGS } from '../ingest/kafka-message.js';
import type { KafkaEncoding } from '../ingest/kafka-message.js';
import { selectDetectors } from '../detect/index.js';
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
  /** Shipper protocols served on the HTTP port besides the native API (Loki, Elasticsearch, OTLP, Splunk HEC). Default all. */
  readonly protocols: readonly HttpProtocol[];
  /** Syslog port for TCP and UDP (0 picks a free one); null: no syslog listener. */
  readonly syslogPort: number | null;
  /** PEM files: when both are set, syslog over TCP speaks TLS (RFC 5425). */
  readonly syslogTlsCert: string | null;
  readonly syslogTlsKey: string | null;
  /** Kafka bootstrap brokers (`host:port`); empty: no Kafka consumer. */
  readonly kafkaBrokers: readonly string[];
  /** Topics to consume, or one `/regex/` over topic names. */
  readonly kafkaTopic: readonly string[];
  /** Consumer group; workers with the same group split the partitions. */
  readonly kafkaGroup: string;
  /** How message values are encoded: auto, json, otlp_proto or otlp_json. */
  readonly kafkaEncoding: KafkaEncoding;
  /** Files and globs the server follows; empty: none. Offsets are kept in the data directory. */
  readonly tail: readonly string[];
  /** Format of the tailed lines (`auto`, a built-in name or a header format). */
  readonly tailFormat: string;
  /** Service for tailed lines that name none. */
  readonly tailService: string | null;
  /** Regular expression for lines that start a record in tailed files (null: stack traces are joined automatically). */
  readonly tailMultiline: string | null;
  /** Run anomaly detection, incidents and notifications. Default true. */
  readonly detect: boolean;
  /** Width of a detection window. Default 1m. */
  readonly detectWindowMs: number;
  /** How late (in event time) a line may arrive and still count in its window. Default 30s. */
  readonly detectLatenessMs: number;
  /** Event time after a service first logs before its templates can be raised as new. 0: none. Default 15m. */
  readonly detectWarmupMs: number;
  /** Per-detector options, e.g. `{"rate": {"spikeRatio": 4}}` (see src/detect/README.md). */
  readonly detectors: Readonly<Record<string, unknown>>;
  /** Detectors to switch off (new_pattern, rate, silence, error_rate, param_numeric, param_new_value, sequence, outlier_window). */
  readonly detectorsOff: readonly string[];
  /** Parameter names whose values also key sessions for the sequence detector (trace ids always do), e.g. request_id. */
  readonly sessionKeys: readonly string[];
  /** Regular expressions whose matches in a message key sessions, e.g. `blk_-?\d+`. */
  readonly sessionPatterns: readonly string[];
  /** An incident with no activity for this long resolves itself. 0: never. Default 30m. */
  readonly incidentQuietMs: number;
  /** OpenAI-compatible endpoint up to the version, e.g. http://localhost:11434/v1; null: built-in summaries only. */
  readonly llmUrl: string | null;
  /** Model name for llmUrl (required with it). */
  readonly llmModel: string | null;
  /** Bearer token for llmUrl (prefer the environment variable). */
  readonly llmKey: string | null;
  /** Per LLM request. Default 20s. */
  readonly llmTimeoutMs: number;
  /** Base URL of this server as users reach it, for links in notifications; null: no links. */
  readonly publicUrl: string | null;
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
  protocols: HTTP_PROTOCOLS,
  syslogPort: null,
  syslogTlsCert: null,
  syslogTlsKey: null,
  kafkaBrokers: [],
  kafkaTopic: [],
  kafkaGroup: 'logsift',
  kafkaEncoding: 'auto',
  tail: [],
  tailFormat: 'auto',
  tailService: null,
  tailMultiline: null,
  detect: true,
  detectWindowMs: 60_000,
  detectLatenessMs: 30_000,
  detectWarmupMs: 15 * 60_000,
  detectors: Object.freeze({}),
  detectorsOff: [],
  sessionKeys: [],
  sessionPatterns: [],
  incidentQuietMs: 30 * 60_000,
  llmUrl: null,
  llmModel: null,
  llmKey: null,
  llmTimeoutMs: 20_000,
  publicUrl: null,
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
  protocols: 'LOGSIFT_PROTOCOLS',
  syslogPort: 'LOGSIFT_SYSLOG_PORT',
  syslogTlsCert: 'LOGSIFT_SYSLOG_TLS_CERT',
  syslogTlsKey: 'LOGSIFT_SYSLOG_TLS_KEY',
  kafkaBrokers: 'LOGSIFT_KAFKA_BROKERS',
  kafkaTopic: 'LOGSIFT_KAFKA_TOPIC',
  kafkaGroup: 'LOGSIFT_KAFKA_GROUP',
  kafkaEncoding: 'LOGSIFT_KAFKA_ENCODING',
  tail: 'LOGSIFT_TAIL',
  tailFormat: 'LOGSIFT_TAIL_FORMAT',
  tailService: 'LOGSIFT_TAIL_SERVICE',
  tailMultiline: 'LOGSIFT_TAIL_MULTILINE',
  detect: 'LOGSIFT_DETECT',
  detectWindowMs: 'LOGSIFT_DETECT_WINDOW',
  detectLatenessMs: 'LOGSIFT_DETECT_LATENESS',
  detectWarmupMs: 'LOGSIFT_DETECT_WARMUP',
  detectors: 'LOGSIFT_DETECTORS',
  detectorsOff: 'LOGSIFT_DETECTORS_OFF',
  sessionKeys: 'LOGSIFT_SESSION_KEYS',
  sessionPatterns: 'LOGSIFT_SESSION_PATTERNS',
  incidentQuietMs: 'LOGSIFT_INCIDENT_QUIET',
  llmUrl: 'LOGSIFT_LLM_URL',
  llmModel: 'LOGSIFT_LLM_MODEL',
  llmKey: 'LOGSIFT_LLM_KEY',
  llmTimeoutMs: 'LOGSIFT_LLM_TIMEOUT',
  publicUrl: 'LOGSIFT_PUBLIC_URL',
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
  protocols: 'protocols',
  syslogPort: 'syslogPort',
  'syslog-port': 'syslogPort',
  syslogTlsCert: 'syslogTlsCert',
  'syslog-tls-cert': 'syslogTlsCert',
  syslogTlsKey: 'syslogTlsKey',
  'syslog-tls-key': 'syslogTlsKey',
  kafkaBrokers: 'kafkaBrokers',
  'kafka-brokers': 'kafkaBrokers',
  kafkaTopic: 'kafkaTopic',
  'kafka-topic': 'kafkaTopic',
  kafkaGroup: 'kafkaGroup',
  'kafka-group': 'kafkaGroup',
  kafkaEncoding: 'kafkaEncoding',
  'kafka-encoding': 'kafkaEncoding',
  tail: 'tail',
  tailFormat: 'tailFormat',
  'tail-format': 'tailFormat',
  tailService: 'tailService',
  'tail-service': 'tailService',
  tailMultiline: 'tailMultiline',
  'tail-multiline': 'tailMultiline',
  detect: 'detect',
  detectWindow: 'detectWindowMs',
  'detect-window': 'detectWindowMs',
  detectLateness: 'detectLatenessMs',
  'detect-lateness': 'detectLatenessMs',
  detectWarmup: 'detectWarmupMs',
  'detect-warmup': 'detectWarmupMs',
  detectors: 'detectors',
  detectorsOff: 'detectorsOff',
  'detectors-off': 'detectorsOff',
  sessionKeys: 'sessionKeys',
  'session-keys': 'sessionKeys',
  sessionPatterns: 'sessionPatterns',
  'session-patterns': 'sessionPatterns',
  incidentQuiet: 'incidentQuietMs',
  'incident-quiet': 'incidentQuietMs',
  llmUrl: 'llmUrl',
  'llm-url': 'llmUrl',
  llmModel: 'llmModel',
  'llm-model': 'llmModel',
  llmKey: 'llmKey',
  'llm-key': 'llmKey',
  llmTimeout: 'llmTimeoutMs',
  'llm-timeout': 'llmTimeoutMs',
  publicUrl: 'publicUrl',
  'public-url': 'publicUrl',
};

type RawSettings = Partial<Record<keyof ServerConfig, string | number | boolean | readonly string[]>>;

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
    protocols: protocolList(merged.protocols, at('protocols', 'protocols')),
    syslogPort: merged.syslogPort === null ? null : int(merged.syslogPort, at('syslogPort', 'syslogPort'), 0, 65535),
    syslogTlsCert: optionalStr(merged.syslogTlsCert, at('syslogTlsCert', 'syslogTlsCert')),
    syslogTlsKey: optionalStr(merged.syslogTlsKey, at('syslogTlsKey', 'syslogTlsKey')),
    kafkaBrokers: list(merged.kafkaBrokers, at('kafkaBrokers', 'kafkaBrokers')),
    kafkaTopic: list(merged.kafkaTopic, at('kafkaTopic', 'kafkaTopic')),
    kafkaGroup: str(merged.kafkaGroup, at('kafkaGroup', 'kafkaGroup')),
    kafkaEncoding: oneOf(merged.kafkaEncoding, KAFKA_ENCODINGS, at('kafkaEncoding', 'kafkaEncoding')),
    tail: list(merged.tail, at('tail', 'tail')),
    tailFormat: str(merged.tailFormat, at('tailFormat', 'tailFormat')),
    tailService: optionalStr(merged.tailService, at('tailService', 'tailService')),
    tailMultiline: optionalStr(merged.tailMultiline, at('tailMultiline', 'tailMultiline')),
    detect: bool(merged.detect, at('detect', 'detect')),
    detectWindowMs: duration(merged.detectWindowMs, at('detectWindowMs', 'detectWindow')),
    detectLatenessMs: duration(merged.detectLatenessMs, at('detectLatenessMs', 'detectLateness')),
    detectWarmupMs: duration(merged.detectWarmupMs, at('detectWarmupMs', 'detectWarmup')),
    detectors: jsonObject(merged.detectors, at('detectors', 'detectors')),
    detectorsOff: list(merged.detectorsOff, at('detectorsOff', 'detectorsOff')),
    sessionKeys: list(merged.sessionKeys, at('sessionKeys', 'sessionKeys')),
    sessionPatterns: list(merged.sessionPatterns, at('sessionPatterns', 'sessionPatterns')),
    incidentQuietMs: duration(merged.incidentQuietMs, at('incidentQuietMs', 'incidentQuiet')),
    llmUrl: optionalStr(merged.llmUrl, at('llmUrl', 'llmUrl')),
    llmModel: optionalStr(merged.llmModel, at('llmModel', 'llmModel')),
    llmKey: optionalStr(merged.llmKey, at('llmKey', 'llmKey')),
    llmTimeoutMs: duration(merged.llmTimeoutMs, at('llmTimeoutMs', 'llmTimeout')),
    publicUrl: optionalStr(merged.publicUrl, at('publicUrl', 'publicUrl')),
  };
  checkSources(cfg, (key) => at(key, key));
  checkDetection(cfg, (key) => at(key, key));
  if (cfg.retentionMs !== 0 && cfg.retentionMs < 3_600_000) {
    throw new LogsiftError('invalid_config', `retention must be 0 (keep everything) or at least 1h (from ${at('retentionMs', 'retention').from})`);
  }
  if (cfg.maxRecordBytes > cfg.maxBodyBytes) {
    throw new LogsiftError(
      'invalid_config',
      `--max-record (${cfg.maxRecordBytes} bytes) must not exceed --max-body (${cfg.maxBodyBytes} bytes); ` +
        'set them with those flags, LOGSIFT_MAX_RECORD / LOGSIFT_MAX_BODY, or maxRecord / maxBody in the config file',
    );
  }
  return Object.freeze(cfg);
}

/** Cross-setting rules of the sources, each failure naming the settings and their origin. */
function checkSources(cfg: ServerConfig, at: (key: keyof ServerConfig) => Origin): void {
  const problem = (key: keyof ServerConfig, message: string): never => {
    throw new LogsiftError('invalid_config', `${message} (from ${at(key).from})`);
  };
  if ((cfg.syslogTlsCert === null) !== (cfg.syslogTlsKey === null)) problem(cfg.syslogTlsCert === null ? 'syslogTlsKey' : 'syslogTlsCert', 'syslogTlsCert and syslogTlsKey must be set together');
  for (const key of ['syslogTlsCert', 'syslogTlsKey'] as const) {
    const file = cfg[key];
    if (file !== null && !existsSync(file)) problem(key, `${key} ${file} does not exist`);
  }
  if (cfg.syslogTlsCert !== null && cfg.syslogPort === null) problem('syslogTlsCert', 'syslogTlsCert needs syslogPort');
  for (const b of cfg.kafkaBrokers) {
    if (!/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(b)) problem('kafkaBrokers', `kafkaBrokers must be host:port entries, got ${JSON.stringify(b)}`);
  }
  if (cfg.kafkaBrokers.length > 0 && cfg.kafkaTopic.length === 0) problem('kafkaBrokers', 'kafkaBrokers is set but kafkaTopic is not: name the topics to consume');
  if (cfg.kafkaBrokers.length === 0 && cfg.kafkaTopic.length > 0) problem('kafkaTopic', 'kafkaTopic is set but kafkaBrokers is not');
  const pattern = kafkaTopicPattern(cfg.kafkaTopic);
  if (pattern !== null) {
    if (cfg.kafkaTopic.length > 1) problem('kafkaTopic', 'kafkaTopic takes topic names or one /regex/, not both');
    try {
      new RegExp(pattern);
    } catch (err) {
      problem('kafkaTopic', `kafkaTopic ${cfg.kafkaTopic[0]} is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  if (cfg.tailMultiline !== null) {
    try {
      new RegExp(cfg.tailMultiline);
    } catch (err) {
      problem('tailMultiline', `tailMultiline is not a valid regular expression: ${(err as Error).message}`);
    }
  }
}

/** Cross-setting rules of detection and explanations, each failure naming the setting and its origin. */
function checkDetection(cfg: ServerConfig, at: (key: keyof ServerConfig) => Origin): void {
  const problem = (key: keyof ServerConfig, message: string): never => {
    throw new LogsiftError('invalid_config', `${message} (from ${at(key).from})`);
  };
  if (cfg.detectWindowMs < 1000) problem('detectWindowMs', 'detectWindow must be at least 1s');
  if (cfg.llmUrl !== null) {
    if (!/^https?:\/\/[^\s]+$/.test(cfg.llmUrl)) problem('llmUrl', `llmUrl must be an http(s) URL, got ${JSON.stringify(cfg.llmUrl)}`);
    if (cfg.llmModel === null) problem('llmModel', 'llmUrl is set but llmModel is not: name the model to ask');
  }
  if (cfg.llmTimeoutMs < 100) problem('llmTimeoutMs', 'llmTimeout must be at least 100ms');
  if (cfg.publicUrl !== null && !/^https?:\/\/[^\s]+$/.test(cfg.publicUrl)) problem('publicUrl', 'publicUrl must be an http(s) URL');
  for (const p of cfg.sessionPatterns) {
    try {
      new RegExp(p);
    } catch (err) {
      problem('sessionPatterns', `sessionPatterns entry ${JSON.stringify(p)} is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  try {
    selectDetectors(detectorConfigs(cfg), cfg.detectorsOff);
  } catch (err) {
    problem('detectors', `detectors: ${(err as Error).message}`);
  }
}

/**
 * Per-detector configs: the `detectors` object with the shortcut settings applied on top
 * (detectWarmup → new_pattern.warmupMs, sessionKeys/sessionPatterns → sequence).
 */
export function detectorConfigs(cfg: ServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...cfg.detectors };
  const section = (name: string): Record<string, unknown> => {
    const v = out[name];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
  };
  out.new_pattern = { warmupMs: cfg.detectWarmupMs, ...section('new_pattern') };
  if (cfg.sessionKeys.length > 0 || cfg.sessionPatterns.length > 0) {
    out.sequence = { ...section('sequence'), ...(cfg.sessionKeys.length > 0 ? { sessionParams: cfg.sessionKeys } : {}), ...(cfg.sessionPatterns.length > 0 ? { sessionPatterns: cfg.sessionPatterns } : {}) };
  }
  return out;
}

/** An object setting: a JSON object in the config file, or JSON text (environment). */
function jsonObject(v: unknown, o: Origin): Readonly<Record<string, unknown>> {
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return fail(o, v, 'a JSON object');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(o, v, 'a JSON object');
  return Object.freeze({ ...(value as Record<string, unknown>) });
}

/** The regex of a `kafkaTopic` written as `/regex/`, else null (plain topic names). */
export function kafkaTopicPattern(topics: readonly string[]): string | null {
  const t = topics[0];
  return topics.length > 0 && t.length > 2 && t.startsWith('/') && t.endsWith('/') ? t.slice(1, -1) : null;
}

/** A list setting: a JSON array of strings, or text with comma-separated entries (flags, environment). */
function list(v: unknown, o: Origin): readonly string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return Object.freeze((v as string[]).map((x) => x.trim()).filter((x) => x.length > 0));
  if (typeof v === 'string') return Object.freeze(v.split(',').map((x) => x.trim()).filter((x) => x.length > 0));
  return fail(o, v, 'a list (JSON array of strings, or comma-separated text)');
}

function optionalStr(v: unknown, o: Origin): string | null {
  return v === null || v === undefined || v === '' ? null : str(v, o);
}

function protocolList(v: unknown, o: Origin): readonly HttpProtocol[] {
  const names = v === 'all' ? HTTP_PROTOCOLS : v === 'none' ? [] : list(v, o);
  for (const n of names) if (!isHttpProtocol(n)) fail(o, v, `all, none, or a list of ${HTTP_PROTOCOLS.join(', ')}`);
  return Object.freeze([...names] as HttpProtocol[]);
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
