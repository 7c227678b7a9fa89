import type { ServiceName, SimFormat, SimRecord } from '../types.js';
import { flatten } from './flat-string.js';

/** A generated record; every field set in the constructor so all records share one shape. */
export class GeneratedRecord implements SimRecord {
  constructor(
    readonly ts: number,
    readonly service: ServiceName,
    readonly host: string,
    readonly format: SimFormat,
    readonly line: string,
  ) {}
}

/**
 * Where service writers put records. Records arrive out of order (a request's lines span
 * milliseconds to minutes), so the sink keeps those of the current tick in `current` and
 * defers later ones into per-tick buckets, so that no tick rescans records that are not
 * yet due. Bounded: it holds at most one tick plus MAX_FLOW_MS of records.
 */
export class RecordSink {
  /** Records with ts in the current tick [tickStart, tickEnd), in write order. */
  current: GeneratedRecord[] = [];
  /** Lines written this tick that count towards the traffic budget (see ServiceWriter.write). */
  counted = 0;
  /** Lines counted this tick per service id; sizes rate_spike incidents. */
  readonly perService: Int32Array;
  /** Trace id of the request being generated, '' outside requests; lets incident lines join it. */
  trace = '';
  /** When set, records go here instead (truth samples are captured this way, not emitted). */
  capture: GeneratedRecord[] | null = null;
  private tickEnd = Number.NEGATIVE_INFINITY;
  /** Later records by the index of the tick they fall in. */
  private readonly later = new Map<number, GeneratedRecord[]>();

  /**
   * @param origin ms of tick 0; ticks are [origin + k·tickMs, origin + (k+1)·tickMs).
   * @param end records at or after it are dropped (Infinity for endless runs).
   */
  constructor(
    serviceCount: number,
    private readonly origin: number,
    private readonly tickMs: number,
    private readonly end: number,
  ) {
    this.perService = new Int32Array(serviceCount);
  }

  /** Starts tick `k`: its deferred records come first in `current`, and the counts reset. */
  beginTick(k: number): void {
    this.tickEnd = Math.min(this.origin + (k + 1) * this.tickMs, this.end);
    // Copy into a fresh array and empty the bucket: a bucket that waited long may sit in the
    // old generation, and young records referenced from an old array outlive their use
    // (promoted as floating garbage), which multiplied the GC cost when `current` reused it.
    const current: GeneratedRecord[] = [];
    const bucket = this.later.get(k);
    if (bucket !== undefined) {
      this.later.delete(k);
      for (let i = 0; i < bucket.length; i++) current.push(bucket[i]);
      bucket.length = 0;
    }
    this.current = current;
    this.counted = 0;
    this.perService.fill(0);
  }

  push(record: GeneratedRecord): void {
    if (this.capture !== null) {
      this.capture.push(record);
    } else if (record.ts < this.tickEnd) {
      this.current.push(record);
    } else if (record.ts < this.end) {
      flatten(record.line); // it will outlive at least one tick
      const k = Math.floor((record.ts - this.origin) / this.tickMs);
      const bucket = this.later.get(k);
      if (bucket === undefined) this.later.set(k, [record]);
      else bucket.push(record);
    }
  }
}

/**
 * Longest span of one request's lines after its start, ms. Caps in the flows keep every
 * request inside it; the simulator relies on it to know which incidents a tick can touch.
 */
export const MAX_FLOW_MS = 180_000;
