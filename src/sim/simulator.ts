import { LogsiftError } from '../model/index.js';
import { INCIDENT_CATALOG, describeIncident } from './incidents/incident-catalog.js';
import { IncidentEffects } from './incidents/incident-effects.js';
import type { ScheduledIncident } from './incidents/incident-effects.js';
import { defaultIncidentSchedule, scheduleIncidents } from './incidents/incident-schedule.js';
import { trafficCurve } from './internal/diurnal.js';
import { traceId } from './internal/ids.js';
import { Sfc32Random } from './internal/prng.js';
import { RecordSink } from './internal/record-sink.js';
import type { GeneratedRecord } from './internal/record-sink.js';
import { ValuePools } from './internal/value-pools.js';
import { AuthWriter } from './services/auth-writer.js';
import { DatabaseWriter } from './services/database-writer.js';
import { PaymentWriter } from './services/payment-writer.js';
import { QueueWriter } from './services/queue-writer.js';
import { SERVICE_COUNT } from './services/service-ids.js';
import type { ServiceWriter, SimContext } from './services/service-writer.js';
import { WebWriter } from './services/web-writer.js';
import { WorkerWriter } from './services/worker-writer.js';
import { ShopTraffic } from './shop-traffic.js';
import { SERVICE_NAMES } from './types.js';
import type { IncidentSpec, IncidentTruth, ServiceName, SimOptions, SimRecord, Simulator } from './types.js';

/** 2026-11-23T08:00:00Z, a Monday morning. */
export const DEFAULT_SIM_START = Date.UTC(2026, 10, 23, 8, 0, 0);
export const DEFAULT_SIM_RATE = 100;

/** Share of the rate that is background (flat, no daily curve): health checks, housekeeping. */
const BACKGROUND_SHARE = 0.1;
/**
 * Slow wander of the traffic level on top of the curve: log-space AR(1) stepped once per
 * simulated minute, φ 0.85, step σ 0.04 (stationary σ ≈ 7.6%). Real traffic is noisier
 * than Poisson; detectors must not fire on this.
 */
const NOISE_PHI = 0.85;
const NOISE_SIGMA = 0.04;
/**
 * Records per tick to aim for: ticks are 1 s of simulated time up to 250 records/s, then
 * shorter. A tick's records are all alive until it ends, so small ticks keep them out of
 * the garbage collector's survivors (at 2,000 per tick scavenges cost 4× more).
 */
const RECORDS_PER_TICK = 250;

// Independent streams of one seed.
const STREAM_TRAFFIC = 1;
const STREAM_INCIDENTS = 2;
const STREAM_POOLS = 3;

/**
 * Creates a simulator. Validates and freezes the options; throws LogsiftError
 * ('invalid_config') on bad ones. Cheap (a few ms): pools and samples are built here.
 */
export function createSimulator(options: SimOptions = {}): Simulator {
  return new ShopSimulator(options);
}

/**
 * Generates in ticks of simulated time: each tick draws how many normal records it needs
 * (Poisson around rate × curve × noise), plays requests and background events until the
 * count is met, adds incident lines, sorts the tick's records and releases them. Records of
 * requests that run past the tick wait in the sink, bucketed by the tick they fall in, so
 * the output is in ts order. Budgeting by records rather than requests keeps the mean rate
 * exact whatever the request mix and whichever services are enabled.
 */
class ShopSimulator implements Simulator {
  readonly start: number;
  readonly end: number;
  readonly incidents: readonly IncidentTruth[];
  private readonly rate: number;
  private readonly tickMs: number;
  private readonly rng: Sfc32Random;
  private readonly incidentRng: Sfc32Random;
  private readonly sink: RecordSink;
  private readonly fx: IncidentEffects;
  private readonly writers: readonly ServiceWriter[];
  private readonly traffic: ShopTraffic;
  private tickStart: number;
  /** Index of the next tick: it covers [start + tickIndex·tickMs, … + tickMs). */
  private tickIndex = 0;
  private noise = 0;
  /**
   * Records written beyond the last tick's targets (a request's lines come together, so a
   * tick overshoots by part of one request), taken off the next tick's: keeps the long-run
   * rate exact even when a tick's target is a handful of records.
   */
  private requestDebt = 0;
  private backgroundDebt = 0;
  private noiseMinute: number;
  private ready: GeneratedRecord[] = [];
  private readyPos = 0;
  private done = false;
  /** Scratch for the counting sort in `release`: one slot per ms of a tick, plus one. */
  private readonly counts: Int32Array;

  constructor(options: SimOptions) {
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) invalid('seed must be a safe integer');
    const start = options.start ?? DEFAULT_SIM_START;
    if (!Number.isSafeInteger(start) || start < 0) invalid('start must be an integer ms epoch ≥ 0');
    const rate = options.ratePerSecond ?? DEFAULT_SIM_RATE;
    if (!(rate > 0 && rate <= 10_000_000)) invalid('ratePerSecond must be in (0, 10000000]');
    const duration = options.durationMs ?? Number.POSITIVE_INFINITY;
    if (!(duration > 0)) invalid('durationMs must be > 0 (or omitted for an endless run)');
    const services = options.services ?? SERVICE_NAMES;
    if (services.length === 0) invalid('services must name at least one service');
    for (const s of services) if (!SERVICE_NAMES.includes(s)) invalid(`unknown service '${String(s)}'; expected ${SERVICE_NAMES.join(', ')}`);

    this.start = start;
    this.end = start + duration;
    this.rate = rate;
    this.tickMs = Math.max(1, Math.min(1000, Math.round((1000 * RECORDS_PER_TICK) / rate)));
    this.rng = new Sfc32Random(seed, STREAM_TRAFFIC);
    this.incidentRng = new Sfc32Random(seed, STREAM_INCIDENTS);

    const specs = resolveSpecs(options.incidents ?? 'none', duration, services);
    const scheduled = scheduleIncidents(specs, this.start, this.end, services);
    this.sink = new RecordSink(SERVICE_COUNT, start, this.tickMs, this.end);
    this.fx = new IncidentEffects(scheduled, SERVICE_COUNT, this.incidentRng);
    const ctx: SimContext = { rng: this.rng, pools: new ValuePools(new Sfc32Random(seed, STREAM_POOLS)), sink: this.sink, fx: this.fx };
    const on = (name: ServiceName): boolean => services.includes(name);
    const s = {
      web: new WebWriter(ctx, on('web')),
      auth: new AuthWriter(ctx, on('auth')),
      payment: new PaymentWriter(ctx, on('payment')),
      database: new DatabaseWriter(ctx, on('database')),
      queue: new QueueWriter(ctx, on('queue')),
      worker: new WorkerWriter(ctx, on('worker')),
    };
    this.writers = [s.web, s.auth, s.payment, s.database, s.queue, s.worker];
    this.traffic = new ShopTraffic(ctx, s);
    this.incidents = Object.freeze(scheduled.map((inc, i) => this.truth(inc, i)));
    this.counts = new Int32Array(this.tickMs + 1);
    this.tickStart = start;
    this.noiseMinute = Math.floor(start / 60_000);
  }

  next(): SimRecord | null {
    if (this.readyPos >= this.ready.length && !this.fill()) return null;
    return this.ready[this.readyPos++];
  }

  batch(n: number): SimRecord[] {
    const out: SimRecord[] = [];
    while (out.length < n) {
      if (this.readyPos >= this.ready.length && !this.fill()) break;
      const take = Math.min(n - out.length, this.ready.length - this.readyPos);
      for (let i = 0; i < take; i++) out.push(this.ready[this.readyPos++]);
    }
    return out;
  }

  until(ts: number, max = Number.POSITIVE_INFINITY): SimRecord[] {
    const out: SimRecord[] = [];
    if (Number.isNaN(ts)) return out; // NaN would compare false everywhere and never stop
    while (out.length < max) {
      if (this.readyPos >= this.ready.length) {
        // Ticks release everything before their end, so nothing older than ts is left.
        if (this.tickStart >= ts || !this.fill()) break;
        continue;
      }
      const record = this.ready[this.readyPos];
      if (record.ts >= ts) break;
      out.push(record);
      this.readyPos++;
    }
    return out;
  }

  /** Generates ticks until some records are ready; false once the run is over. */
  private fill(): boolean {
    this.ready = [];
    this.readyPos = 0;
    while (this.ready.length === 0) {
      if (this.done) return false;
      this.tick();
    }
    return true;
  }

  private tick(): void {
    const t0 = this.tickStart;
    const t1 = Math.min(t0 + this.tickMs, this.end);
    const span = t1 - t0;
    const rng = this.rng;
    const sink = this.sink;
    this.fx.beginTick(t0, t1);
    this.stepNoise(t0);
    sink.beginTick(this.tickIndex);

    const seconds = span / 1000;
    const requestTarget =
      rng.poisson(this.rate * (1 - BACKGROUND_SHARE) * trafficCurve(t0 + span / 2) * Math.exp(this.noise) * seconds) - this.requestDebt;
    const backgroundTarget = rng.poisson(this.rate * BACKGROUND_SHARE * seconds) - this.backgroundDebt;
    // Enabled services may be rare in the mix (only the worker, say): cap the attempts.
    let guard = Math.max(0, requestTarget + backgroundTarget) * 200 + 100;
    while (sink.counted < requestTarget && guard-- > 0) this.traffic.request(t0 + rng.int(span));
    this.requestDebt = Math.max(0, sink.counted - requestTarget);
    const afterRequests = sink.counted;
    while (sink.counted - afterRequests < backgroundTarget && guard-- > 0) this.traffic.background(t0 + rng.int(span));
    this.backgroundDebt = Math.max(0, sink.counted - afterRequests - backgroundTarget);
    this.addIncidentLines(t0, t1);

    this.tickStart = t1;
    this.tickIndex++;
    if (t1 >= this.end) this.done = true;
    this.release(t0, t1);
  }

  /** rate_spike and new_pattern: extra lines spread over the part of the tick they cover. */
  private addIncidentLines(t0: number, t1: number): void {
    const additive = this.fx.additive;
    if (additive.length === 0) return;
    const irng = this.incidentRng;
    this.sink.trace = '';
    for (const inc of additive) {
      const from = Math.max(t0, inc.start);
      const to = Math.min(t1, inc.end);
      if (to <= from) continue;
      const share = (to - from) / (t1 - t0);
      const count =
        inc.kind === 'rate_spike'
          ? irng.poisson((inc.magnitude - 1) * this.sink.perService[inc.svc] * share)
          : irng.poisson((inc.magnitude * (to - from)) / 1000);
      const writer = this.writers[inc.svc];
      for (let i = 0; i < count; i++) {
        writer.incidentLine(inc.kind, from + irng.int(to - from), irng.int(writer.hosts.length), inc.magnitude);
      }
    }
  }

  /**
   * Moves the tick's records to `ready` in ts order (stable: write order within a
   * millisecond). A counting sort over the tick's milliseconds: linear, where a comparison
   * sort of objects dominated the profile at high rates.
   */
  private release(t0: number, t1: number): void {
    const current = this.sink.current;
    const width = t1 - t0;
    const counts = this.counts;
    counts.fill(0, 0, width + 1);
    for (let i = 0; i < current.length; i++) counts[current[i].ts - t0 + 1]++;
    for (let i = 1; i <= width; i++) counts[i] += counts[i - 1];
    const ready: GeneratedRecord[] = new Array<GeneratedRecord>(current.length);
    for (let i = 0; i < current.length; i++) {
      const r = current[i];
      ready[counts[r.ts - t0]++] = r;
    }
    this.ready = ready;
    this.sink.current = [];
  }

  private stepNoise(t0: number): void {
    const minute = Math.floor(t0 / 60_000);
    while (this.noiseMinute < minute) {
      this.noise = NOISE_PHI * this.noise + NOISE_SIGMA * this.rng.normal();
      this.noiseMinute++;
      if (minute - this.noiseMinute > 60) this.noiseMinute = minute; // a long gap: the past no longer matters
    }
  }

  /** Ground truth, with a sample line captured from the writer at construction. */
  private truth(inc: ScheduledIncident, index: number): IncidentTruth {
    const service = SERVICE_NAMES[inc.svc];
    const story = INCIDENT_CATALOG[inc.kind].stories[service] ?? null;
    let sample: string | null = null;
    if (story !== null) {
      this.sink.trace = traceId(this.incidentRng);
      this.sink.capture = [];
      this.writers[inc.svc].incidentLine(inc.kind, inc.start, 0, inc.magnitude);
      sample = this.sink.capture.length > 0 ? this.sink.capture[0].line : null;
      this.sink.capture = null;
      this.sink.trace = '';
    }
    return Object.freeze({
      id: `inc-${String(index + 1).padStart(3, '0')}-${inc.kind}-${service}`,
      kind: inc.kind,
      services: Object.freeze([service]),
      start: inc.start,
      end: inc.end,
      magnitude: inc.magnitude,
      template: story?.template ?? null,
      param: story?.param ?? null,
      value: story?.value ?? null,
      sample,
      description: describeIncident(inc.kind, service, inc.magnitude),
    });
  }
}

function resolveSpecs(
  incidents: NonNullable<SimOptions['incidents']>,
  durationMs: number,
  services: readonly ServiceName[],
): readonly IncidentSpec[] {
  if (incidents === 'none') return [];
  if (incidents === 'default') return defaultIncidentSchedule({ durationMs, services });
  if (!Array.isArray(incidents)) invalid(`incidents must be 'none', 'default' or a list of specs`);
  return incidents;
}

function invalid(message: string): never {
  throw new LogsiftError('invalid_config', `simulator: ${message}`);
}
