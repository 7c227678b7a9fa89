import { hex64, traceId } from '../internal/ids.js';
import { TimestampFormatter } from '../internal/time-format.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { QUEUE } from './service-ids.js';

/**
 * The order queue broker (queue-1 … queue-3), RFC 5424 syslog:
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG`, facility local0
 * (PRI 131 err, 132 warning, 134 info, 135 debug), APP-NAME `orderq`, MSGID naming the event
 * (PUB, DLV, ACK, LAG, …). Message lines carry the trace in `[ctx@32473 trace_id="…"]`.
 */
export class QueueWriter extends ServiceWriter {
  private readonly time = new TimestampFormatter('iso');
  /** ` queue-1 orderq 812 ` per host: the fixed middle of the header. */
  private readonly hostPart: readonly string[];

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, QUEUE, 'syslog5424', 3, enabled);
    this.hostPart = this.hosts.map((h) => ` ${h} orderq ${200 + ctx.rng.int(9000)} `);
  }

  published(ts: number, host: number, msgId: string, bytes: number, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `<134>1 ${this.time.format(ts)}${this.hostPart[host]}PUB [ctx@32473 trace_id="${trace}"] published message topic=order.created partition=${host} msg_id=${msgId} bytes=${bytes}`,
    );
  }

  delivered(ts: number, host: number, msgId: string, consumer: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `<134>1 ${this.time.format(ts)}${this.hostPart[host]}DLV [ctx@32473 trace_id="${trace}"] delivered message topic=order.created msg_id=${msgId} consumer=${consumer}`,
    );
  }

  /** Closes the sequence opened by `delivered`; `afterMs` is delivery → ack. */
  acked(ts: number, host: number, msgId: string, afterMs: number, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `<134>1 ${this.time.format(ts)}${this.hostPart[host]}ACK [ctx@32473 trace_id="${trace}"] acked message topic=order.created msg_id=${msgId} after ${Math.round(afterMs)} ms`,
    );
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const host = rng.int(this.hosts.length);
    const r = rng.float();
    if (r < 0.7) {
      this.write(ts, host, this.lagLine(ts, host));
    } else if (r < 0.97) {
      this.write(
        ts,
        host,
        `<134>1 ${this.time.format(ts)}${this.hostPart[host]}SEG - segment rolled topic=order.created partition=${host} offset=${rng.int(10_000_000)}`,
      );
    } else {
      this.write(
        ts,
        host,
        `<132>1 ${this.time.format(ts)}${this.hostPart[host]}LAG - consumer slow topic=order.created group=receipts lag=${rng.between(50, 200)} threshold=50`,
      );
    }
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const stamp = this.time.format(ts);
    const trace = this.ctx.sink.trace === '' ? traceId(rng) : this.ctx.sink.trace;
    switch (kind) {
      case 'rate_spike': // lag polling gone wild: an existing template
        this.write(ts, host, this.lagLine(ts, host));
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          host,
          'syslog5424',
          `<132>1 ${stamp}${this.hostPart[host]}MEM - memory alarm set on node ${this.hosts[host]}: used_bytes=${rng.between(3_300_000_000, 3_500_000_000)} limit_bytes=3435973836`,
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          host,
          'syslog5424',
          `<131>1 ${stamp}${this.hostPart[host]}NET - connection lost to peer ${this.hosts[(host + 1) % this.hosts.length]}: closed with reason connection_closed_abruptly`,
        );
        return;
      case 'latency':
        this.acked(ts, host, hex64(rng), rng.logNormal(300, 0.6) * magnitude, trace);
        return;
      case 'sequence':
        this.delivered(ts, host, hex64(rng), 'worker-1', trace);
        return;
      default:
        return;
    }
  }

  private lagLine(ts: number, host: number): string {
    const rng = this.ctx.rng;
    return `<134>1 ${this.time.format(ts)}${this.hostPart[host]}LAG - consumer lag topic=order.created group=receipts partition=${host} lag=${rng.poisson(3)}`;
  }
}
