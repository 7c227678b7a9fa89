import type { IncidentEffects } from '../incidents/incident-effects.js';
import type { Sfc32Random } from '../internal/prng.js';
import { GeneratedRecord } from '../internal/record-sink.js';
import type { RecordSink } from '../internal/record-sink.js';
import type { ValuePools } from '../internal/value-pools.js';
import { SERVICE_NAMES } from '../types.js';
import type { IncidentKind, ServiceName, SimFormat } from '../types.js';

/** What every service writer shares: the traffic stream, the pools, the sink, the incidents. */
export interface SimContext {
  /** The traffic stream: every normal value is drawn from it. */
  readonly rng: Sfc32Random;
  readonly pools: ValuePools;
  readonly sink: RecordSink;
  readonly fx: IncidentEffects;
}

/**
 * Base of the per-service line writers. A subclass precomputes its per-host constants
 * (names, pids, header prefixes) in its constructor and exposes one method per template;
 * each method starts with `if (!this.enabled) return` so a disabled service builds no
 * strings. Requests (see ShopTraffic) decide values and timing; writers only format.
 */
export abstract class ServiceWriter {
  readonly name: ServiceName;
  /** Host names, `web-1` … (`db-1`, `db-2` for the database). */
  readonly hosts: readonly string[];

  protected constructor(
    protected readonly ctx: SimContext,
    /** Index into SERVICE_NAMES. */
    readonly svc: number,
    /** Format of this service's main stream. */
    readonly format: SimFormat,
    hostCount: number,
    /** False when the user left this service out; its methods then write nothing. */
    readonly enabled: boolean,
    /** Host names are `<prefix>-1` … ; default the service name. */
    hostPrefix: string = SERVICE_NAMES[svc],
  ) {
    this.name = SERVICE_NAMES[svc];
    this.hosts = Array.from({ length: hostCount }, (_, i) => `${hostPrefix}-${i + 1}`);
  }

  /** One background line (periodic jobs, health checks, housekeeping) at `ts`. */
  abstract background(ts: number): void;

  /**
   * Writes one line of this service's template for an incident kind: the extra lines of
   * rate_spike, new_pattern and error_spike, and the truth samples of latency (durations ×
   * `magnitude`), new_value and sequence. Kinds the service does not support write nothing.
   */
  abstract incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void;

  /**
   * Writes a normal line of the main stream: it counts towards the traffic budget, and
   * silence, rate_drop and error_spike incidents apply to it.
   */
  protected write(ts: number, host: number, line: string): void {
    this.writeAs(ts, host, this.format, line);
  }

  /** `write` for a second stream of the service (nginx's error log). */
  protected writeAs(ts: number, host: number, format: SimFormat, line: string): void {
    const sink = this.ctx.sink;
    const svc = this.svc;
    sink.counted++;
    sink.perService[svc]++;
    const fx = this.ctx.fx;
    if (fx.lineEffects[svc] !== 0) {
      if (fx.silenced(svc, ts) || fx.dropped(svc, ts)) return;
      sink.push(new GeneratedRecord(ts, this.name, this.hosts[host], format, line));
      const magnitude = fx.errorSpike(svc, ts);
      if (magnitude !== 0) this.incidentLine('error_spike', ts + 1, host, magnitude);
      return;
    }
    sink.push(new GeneratedRecord(ts, this.name, this.hosts[host], format, line));
  }

  /** Writes an incident-only line: not counted, only silence applies. */
  protected deliver(ts: number, host: number, format: SimFormat, line: string): void {
    const fx = this.ctx.fx;
    if (fx.lineEffects[this.svc] !== 0 && fx.silenced(this.svc, ts)) return;
    this.ctx.sink.push(new GeneratedRecord(ts, this.name, this.hosts[host], format, line));
  }
}
