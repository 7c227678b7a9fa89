import type { Sfc32Random } from '../internal/prng.js';
import { MAX_FLOW_MS } from '../internal/record-sink.js';
import { INCIDENT_KINDS } from '../types.js';
import type { IncidentKind } from '../types.js';

/** One incident as the generator applies it. `svc` is the index into SERVICE_NAMES. */
export interface ScheduledIncident {
  readonly kind: IncidentKind;
  readonly svc: number;
  /** [start, end) in ms since epoch. */
  readonly start: number;
  readonly end: number;
  readonly magnitude: number;
}

const KIND_INDEX: Readonly<Record<IncidentKind, number>> = Object.fromEntries(
  INCIDENT_KINDS.map((k, i) => [k, i]),
) as Record<IncidentKind, number>;
const ERROR_SPIKE = KIND_INDEX.error_spike;
const RATE_DROP = KIND_INDEX.rate_drop;
const SILENCE = KIND_INDEX.silence;
const LATENCY = KIND_INDEX.latency;
const NEW_VALUE = KIND_INDEX.new_value;
const SEQUENCE = KIND_INDEX.sequence;

/**
 * Answers, for a line about to be written, whether an incident changes it. The generators
 * ask; this class owns the randomness of incident decisions (its own stream, so incidents
 * do not shift the traffic stream's draws more than they must).
 *
 * Cost when nothing is active: one typed-array read per question (`lineEffects`) or one
 * array-length check, so incident support is free in normal traffic.
 */
export class IncidentEffects {
  /** Per service id: 1 when silence, rate_drop or error_spike may apply this tick. */
  readonly lineEffects: Uint8Array;
  /** rate_spike and new_pattern incidents overlapping the current tick. */
  readonly additive: ScheduledIncident[] = [];
  private readonly sorted: readonly ScheduledIncident[];
  private cursor = 0;
  private live: ScheduledIncident[] = [];
  /** Active incidents by kind × service: slots[kind * services + svc]. */
  private readonly slots: ScheduledIncident[][];

  constructor(
    incidents: readonly ScheduledIncident[],
    private readonly services: number,
    private readonly rng: Sfc32Random,
  ) {
    this.sorted = [...incidents].sort((a, b) => a.start - b.start);
    this.lineEffects = new Uint8Array(services);
    this.slots = Array.from({ length: INCIDENT_KINDS.length * services }, () => []);
  }

  /**
   * Prepares for a tick generating requests that start in [t0, t1): an incident can touch
   * its lines if it overlaps [t0, t1 + MAX_FLOW_MS). Ticks must move forward.
   */
  beginTick(t0: number, t1: number): void {
    const horizon = t1 + MAX_FLOW_MS;
    let changed = false;
    while (this.cursor < this.sorted.length && this.sorted[this.cursor].start < horizon) {
      this.live.push(this.sorted[this.cursor++]);
      changed = true;
    }
    if (this.live.length === 0) return;
    const before = this.live.length;
    this.live = this.live.filter((inc) => inc.end > t0);
    if (!changed && this.live.length === before) {
      this.collectAdditive(t0, t1);
      return;
    }
    for (const slot of this.slots) slot.length = 0;
    this.lineEffects.fill(0);
    for (const inc of this.live) {
      const k = KIND_INDEX[inc.kind];
      this.slots[k * this.services + inc.svc].push(inc);
      if (k === SILENCE || k === RATE_DROP || k === ERROR_SPIKE) this.lineEffects[inc.svc] = 1;
    }
    this.collectAdditive(t0, t1);
  }

  silenced(svc: number, ts: number): boolean {
    return this.find(SILENCE, svc, ts) !== null;
  }

  /** rate_drop: true when this line is one of the dropped share. */
  dropped(svc: number, ts: number): boolean {
    const inc = this.find(RATE_DROP, svc, ts);
    return inc !== null && this.rng.float() < inc.magnitude;
  }

  /** error_spike: the magnitude when this line is followed by an incident error line, else 0. */
  errorSpike(svc: number, ts: number): number {
    const inc = this.find(ERROR_SPIKE, svc, ts);
    return inc !== null && this.rng.float() < inc.magnitude ? inc.magnitude : 0;
  }

  /** latency: factor on the service's durations at `ts` (1 outside incidents). */
  latencyFactor(svc: number, ts: number): number {
    const slot = this.slots[LATENCY * this.services + svc];
    if (slot.length === 0) return 1;
    const inc = this.find(LATENCY, svc, ts);
    return inc === null ? 1 : inc.magnitude;
  }

  /** new_value: true when this line should carry the never-seen value. */
  newValue(svc: number, ts: number): boolean {
    const slot = this.slots[NEW_VALUE * this.services + svc];
    if (slot.length === 0) return false;
    const inc = this.find(NEW_VALUE, svc, ts);
    return inc !== null && this.rng.float() < inc.magnitude;
  }

  /** sequence: true when the sequence starting at `ts` should break. */
  breakSequence(svc: number, ts: number): boolean {
    const slot = this.slots[SEQUENCE * this.services + svc];
    if (slot.length === 0) return false;
    const inc = this.find(SEQUENCE, svc, ts);
    return inc !== null && this.rng.float() < inc.magnitude;
  }

  private find(kind: number, svc: number, ts: number): ScheduledIncident | null {
    const slot = this.slots[kind * this.services + svc];
    for (let i = 0; i < slot.length; i++) {
      const inc = slot[i];
      if (ts >= inc.start && ts < inc.end) return inc;
    }
    return null;
  }

  private collectAdditive(t0: number, t1: number): void {
    this.additive.length = 0;
    for (const inc of this.live) {
      if ((inc.kind === 'rate_spike' || inc.kind === 'new_pattern') && inc.start < t1 && inc.end > t0) this.additive.push(inc);
    }
  }
}
