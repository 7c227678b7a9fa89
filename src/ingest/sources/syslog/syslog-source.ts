import { createSocket } from 'node:dgram';
import type { Socket as DatagramSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, isIPv6 } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { LogsiftError } from '../../../model/index.js';
import { OctetCountingFramer } from '../../codecs/octet-framer.js';
import { SYSLOG_3164, SYSLOG_5424 } from '../../syslog-frame.js';
import { RecordBatcher } from '../record-batcher.js';
import type { SealedBatch } from '../record-batcher.js';
import { submitWithRetry } from '../sink-retry.js';
import type { BoundPort, Source, SourceFactory, SourceSettings } from '../source-plugin.js';
import { configureSyslog, DEFAULT_SYSLOG_CONFIG } from './syslog-config.js';
import type { SyslogSourceConfig } from './syslog-config.js';
import { SyslogIntake } from './syslog-intake.js';

/** Attempts to find a port free for both TCP and UDP when the config says 0. */
const PORT_ATTEMPTS = 8;

/**
 * Syslog over UDP (one message per datagram) and TCP or TLS (RFC 6587 framing, octet-counted or
 * newline, detected per connection), RFC 5424 and RFC 3164 alike. Sources only move bytes:
 * framing is `OctetCountingFramer`, classification `syslog-frame.ts`, parsing the parse stage.
 * Bounded: each connection holds at most one partial frame (≤ the record limit), the batcher at
 * most `maxPendingRecords` messages; beyond that TCP is paused and UDP dropped with a counter.
 */
export class SyslogSource implements Source {
  readonly type = 'syslog' as const;
  private tcp: Server | null = null;
  private udp: DatagramSocket | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly paused = new Set<Socket>();
  private readonly batcher: RecordBatcher;
  private intake: SyslogIntake | null = null;
  private tenant = '';
  private stopping: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly settings: SourceSettings,
    private readonly config: SyslogSourceConfig,
  ) {
    this.batcher = new RecordBatcher({
      maxRecords: config.batchRecords,
      lingerMs: config.lingerMs,
      maxPending: config.maxPendingRecords,
      maxInFlight: config.concurrency,
      deliver: (batch) => this.deliver(batch),
      drained: () => this.resume(),
    });
  }

  async start(signal?: AbortSignal): Promise<readonly BoundPort[]> {
    if (this.stopping !== null) throw new LogsiftError('unavailable', 'syslog source was stopped');
    if (this.tcp !== null) throw new LogsiftError('conflict', 'syslog source already started');
    this.tenant = this.settings.auth.authenticate({ headers: { 'x-logsift-tenant': this.config.tenant } }).tenant;
    this.intake = new SyslogIntake(this.batcher, this.settings.metrics, this.tenant);
    const tls = this.tlsOptions();
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const tcp = tls === null ? createServer((s) => this.accept(s)) : createTlsServer(tls, (s) => this.accept(s));
      tcp.maxConnections = this.config.maxConnections;
      tcp.on('error', (err) => this.settings.log.error({ err: err.message }, 'syslog listener error'));
      if (tls !== null) tcp.on('tlsClientError', (err) => this.settings.log.warn({ err: err.message }, 'syslog TLS handshake failed'));
      const port = await listen(tcp, this.config.port, this.settings.host);
      this.tcp = tcp;
      if (!this.config.udp) break;
      try {
        this.udp = await bindUdp(port, this.settings.host, (msg) => this.datagram(msg));
        break;
      } catch (err) {
        await closeServer(tcp);
        this.tcp = null;
        // With a fixed port there is nothing to retry; with port 0, the UDP twin of the free TCP port may be taken.
        if (this.config.port !== 0 || attempt >= PORT_ATTEMPTS) throw new LogsiftError('invalid_config', `syslog: cannot bind UDP port ${port}: ${(err as Error).message}`);
      }
    }
    const port = (this.tcp.address() as { port: number }).port;
    const host = this.settings.host;
    const ports: BoundPort[] = [{ protocol: tls === null ? 'tcp' : 'tls', host, port }];
    if (this.udp !== null) ports.push({ protocol: 'udp', host, port });
    return ports;
  }

  stop(signal?: AbortSignal): Promise<void> {
    this.stopping ??= this.shutdown(signal);
    return this.stopping;
  }

  private async shutdown(signal: AbortSignal | undefined): Promise<void> {
    const onAbort = () => this.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) this.abort.abort();
    const tcp = this.tcp;
    const closing = tcp === null ? Promise.resolve() : closeServer(tcp);
    for (const socket of this.sockets) socket.destroy();
    this.udp?.close();
    this.udp = null;
    await closing;
    const flushed = this.batcher.flush();
    await Promise.race([flushed, new Promise<void>((resolve) => (this.abort.signal.aborted ? resolve() : this.abort.signal.addEventListener('abort', () => resolve(), { once: true })))]);
    if (this.batcher.pending > 0) this.settings.metrics.frames('syslog', 'dropped', this.batcher.pending);
    signal?.removeEventListener('abort', onAbort);
  }

  private tlsOptions(): { cert: Buffer; key: Buffer } | null {
    const { tlsCert, tlsKey } = this.config;
    if (tlsCert === null || tlsKey === null) return null;
    try {
      return { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) };
    } catch (err) {
      throw new LogsiftError('invalid_config', `syslog TLS: cannot read certificate or key: ${(err as Error).message}`);
    }
  }

  private accept(socket: Socket): void {
    const intake = this.intake;
    if (this.stopping !== null || intake === null) {
      socket.destroy();
      return;
    }
    const metrics = this.settings.metrics;
    this.sockets.add(socket);
    metrics.connections('syslog', 1);
    const framer = new OctetCountingFramer(intake, this.settings.maxRecordBytes);
    socket.on('data', (chunk: Buffer) => {
      metrics.bytes('syslog', chunk.length);
      framer.push(chunk);
      intake.countReceived();
      if (this.batcher.full && !this.paused.has(socket)) {
        socket.pause();
        this.paused.add(socket);
      }
    });
    socket.on('end', () => {
      framer.end();
      intake.countReceived();
    });
    socket.on('error', (err) => this.settings.log.warn({ err: err.message }, 'syslog connection error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.paused.delete(socket);
      metrics.connections('syslog', -1);
    });
  }

  private datagram(msg: Buffer): void {
    const metrics = this.settings.metrics;
    metrics.bytes('syslog', msg.length);
    if (this.batcher.full) {
      metrics.frames('syslog', 'dropped', 1);
      return;
    }
    if (msg.length > this.settings.maxRecordBytes) this.intake?.invalid('too_large', msg.length, msg.subarray(0, 4096));
    else {
      this.intake?.frame(msg);
      this.intake?.countReceived();
    }
  }

  private resume(): void {
    for (const socket of this.paused) socket.resume();
    this.paused.clear();
  }

  private async deliver(batch: SealedBatch): Promise<void> {
    await submitWithRetry(
      this.settings.sink,
      {
        tenant: this.tenant,
        source: 'syslog',
        receivedAt: batch.receivedAt,
        records: batch.records,
        positions: batch.positions,
        rejected: batch.rejected,
        dedupKey: null,
        service: null,
        host: null,
        format: batch.group === 'syslog5424' ? SYSLOG_5424 : SYSLOG_3164,
        streamKey: `${this.tenant}|syslog|${batch.group}`,
      },
      this.settings.log,
      this.abort.signal,
    ).then((result) => {
      if (result === null) this.settings.metrics.frames('syslog', 'dropped', batch.records.length);
    });
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new LogsiftError('invalid_config', `syslog: cannot listen on ${host}:${port}: ${err.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function bindUdp(port: number, host: string, onMessage: (msg: Buffer) => void): Promise<DatagramSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.once('error', (err) => {
      socket.close();
      reject(err);
    });
    socket.on('message', onMessage);
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export const syslogSourceFactory: SourceFactory<SyslogSourceConfig> = {
  type: 'syslog',
  defaultConfig: DEFAULT_SYSLOG_CONFIG,
  configure: configureSyslog,
  create: (settings, config) => new SyslogSource(settings, config),
};
