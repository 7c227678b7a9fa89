import { ConfigCheck } from '../config-check.js';

/** What a user sets for the syslog source (`--syslog-port` and friends, or `syslog*` config keys). */
export interface SyslogSourceConfig {
  /** TCP and UDP port, the same number for both; 0 picks a free port (reported by `start()`). */
  readonly port: number;
  /** Listen on UDP too (RFC 5426). Default true. */
  readonly udp: boolean;
  /** PEM certificate and key files: when both are set the TCP listener speaks TLS (RFC 5425). */
  readonly tlsCert: string | null;
  readonly tlsKey: string | null;
  /** Tenant the messages belong to. Default `default`. */
  readonly tenant: string;
  /** Open TCP connections at most; more are refused (counted). Default 1024. */
  readonly maxConnections: number;
  /** Messages per batch handed to the pipeline. Default 1000. */
  readonly batchRecords: number;
  /** Longest a message waits for its batch to fill, ms. Default 200. */
  readonly lingerMs: number;
  /** Batches of one format handed to the pipeline at the same time. Default 4. */
  readonly concurrency: number;
  /**
   * Messages held before the source pushes back: TCP connections are paused, UDP datagrams are
   * dropped and counted (`logsift_source_frames_total{outcome="dropped"}`). Default 50,000.
   */
  readonly maxPendingRecords: number;
}

export const DEFAULT_SYSLOG_CONFIG: SyslogSourceConfig = Object.freeze({
  port: 514,
  udp: true,
  tlsCert: null,
  tlsKey: null,
  tenant: 'default',
  maxConnections: 1024,
  batchRecords: 1000,
  lingerMs: 200,
  concurrency: 4,
  maxPendingRecords: 50_000,
});

export function configureSyslog(partial: Readonly<Partial<SyslogSourceConfig>>): SyslogSourceConfig {
  const c = { ...DEFAULT_SYSLOG_CONFIG, ...partial };
  const check = new ConfigCheck('syslog');
  const config: SyslogSourceConfig = {
    port: check.int('port', c.port, 0, 65535),
    udp: check.bool('udp', c.udp),
    tlsCert: check.optionalText('tlsCert', c.tlsCert),
    tlsKey: check.optionalText('tlsKey', c.tlsKey),
    tenant: check.text('tenant', c.tenant),
    maxConnections: check.int('maxConnections', c.maxConnections, 1, 1_000_000),
    batchRecords: check.int('batchRecords', c.batchRecords, 1, 100_000),
    lingerMs: check.int('lingerMs', c.lingerMs, 1, 60_000),
    concurrency: check.int('concurrency', c.concurrency, 1, 64),
    maxPendingRecords: check.int('maxPendingRecords', c.maxPendingRecords, 1, 10_000_000),
  };
  if ((config.tlsCert === null) !== (config.tlsKey === null)) check.fail('tlsCert/tlsKey', 'both set or both unset', [config.tlsCert, config.tlsKey]);
  return Object.freeze(config);
}
