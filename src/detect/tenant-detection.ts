import type { MinedEvent } from '../model/index.js';
import type { ClosedWindow } from './detection-window.js';
import type { AnomalyDraft, Detector } from './detector.js';
import type { DetectorType } from './registry.js';
import { WindowAccumulator } from './internal/window-accumulator.js';

export interface TenantDetectionOptions {
  readonly windowMs: number;
  readonly allowedLatenessMs: number;
  /** A stream (service) that delivered nothing for this long (wall clock) no longer holds the watermark back, ms. */
  readonly streamIdleMs: number;
  /** A stream further behind the tenant's latest event time than this never holds it back (a lagging clock), ms. */
  readonly maxStreamLagMs: number;
  /** Empty windows closed one by one across a gap in the data; a longer gap is skipped. */
  readonly maxGapWindows: number;
}

/** A closed window and what the detectors found in it. */
export interface WindowResult {
  readonly window: ClosedWindow;
  readonly drafts: readonly AnomalyDraft[];
}

const RUNNER_STATE_VERSION = 1;
/** Streams (service × host) tracked per tenant for the watermark; the least recently active is forgotten beyond it. */
const MAX_STREAMS = 10_000;

/** One stream's progress (a service on a host): its latest event time and when (wall clock) it last delivered. */
interface StreamProgress {
  maxTs: number;
  lastArrival: number;
}
/** Windows remembered as partial (dropped batches) ahead of closing. */
const MAX_PARTIAL_MARKS = 4096;

/**
 * Detection for one tenant: assigns events to windows by event time, closes windows once the
 * watermark (the latest event time minus the allowed lateness) has passed them, and runs every
 * detector on each closed window in order. Events for windows already closed are late: counted,
 * not used (so backfilled old data never rewrites what was judged).
 */
export class TenantDetection {
  private readonly open = new Map<number, WindowAccumulator>();
  /** Index of the next window to close; every earlier window is closed. Null before the first event. */
  private nextToClose: number | null = null;
  /** Latest event time seen, ms (advanced by the wall clock when a live tenant goes idle). */
  maxTs = Number.NEGATIVE_INFINITY;
  /** Wall-clock time of the last event that arrived. */
  lastArrival = 0;
  /**
   * Wall-clock time and event time of the first event: streams are still being discovered until
   * `streamIdleMs` later, or until event time has moved `maxStreamLagMs` past it (a fast replay).
   */
  private firstArrival = Number.NaN;
  private firstTs = Number.NaN;
  /** Windows up to this index lost events at a restart. */
  private partialThrough = Number.NEGATIVE_INFINITY;
  private readonly partial = new Set<number>();
  private readonly streams = new Map<string, StreamProgress>();
  private lastStream: StreamProgress | null = null;
  private lastStreamService = '';
  private lastStreamHost = '';
  /** Windows skipped in a gap, reported with the next window closed. */
  private skipped = 0;
  readonly counters = { accepted: 0, late: 0, windowsClosed: 0, windowsSkipped: 0, detectorErrors: 0 };

  constructor(
    readonly tenant: string,
    readonly detectors: readonly { readonly type: DetectorType; readonly detector: Detector }[],
    private readonly options: TenantDetectionOptions,
    private readonly warn: (message: string) => void,
  ) {}

  /** Takes one event; false when it was late (its window already closed). */
  accept(e: MinedEvent, id: string, wallNow: number): boolean {
    const w = Math.floor(e.ts / this.options.windowMs);
    if (Number.isNaN(this.firstArrival)) {
      this.firstArrival = wallNow;
      this.firstTs = e.ts;
    }
    if (this.nextToClose === null) {
      this.nextToClose = w;
      // The first window most likely started before the first line we saw.
      this.partial.add(w);
    }
    if (w < this.nextToClose) {
      this.counters.late++;
      return false;
    }
    let acc = this.open.get(w);
    if (acc === undefined) {
      acc = new WindowAccumulator(w, w * this.options.windowMs, (w + 1) * this.options.windowMs);
      this.open.set(w, acc);
    }
    acc.add(e, id);
    for (const d of this.detectors) d.detector.observe(e, id, w);
    if (e.ts > this.maxTs) this.maxTs = e.ts;
    const stream = this.stream(e.service, e.host);
    if (e.ts > stream.maxTs) stream.maxTs = e.ts;
    stream.lastArrival = wallNow;
    this.lastArrival = wallNow;
    this.counters.accepted++;
    return true;
  }

  /** Marks windows overlapping [fromTs, toTs] as partial (their events were dropped). */
  markPartial(fromTs: number, toTs: number): void {
    const a = Math.floor(fromTs / this.options.windowMs);
    const b = Math.floor(toTs / this.options.windowMs);
    for (let w = a; w <= b && this.partial.size < MAX_PARTIAL_MARKS; w++) {
      if (this.nextToClose === null || w >= this.nextToClose) this.partial.add(w);
    }
  }

  /**
   * The event time every active stream (a service on a host) has reached: the least of their
   * latest event times, over the streams that delivered within `streamIdleMs` and are no more than
   * `maxStreamLagMs` behind the latest. A backfill or a shipper sends each stream's lines in its
   * own chunk, so one stream's chunk must not close windows another's is about to fill; a stream
   * that stops delivering (silence) stops holding the others back after `streamIdleMs`.
   */
  private streamWatermark(wallNow: number): number {
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.streams.values()) {
      if (wallNow - s.lastArrival <= this.options.streamIdleMs && this.maxTs - s.maxTs <= this.options.maxStreamLagMs && s.maxTs < min) min = s.maxTs;
    }
    return min === Number.POSITIVE_INFINITY ? this.maxTs : min;
  }

  private stream(service: string, host: string): StreamProgress {
    if (service === this.lastStreamService && host === this.lastStreamHost && this.lastStream !== null) return this.lastStream;
    const key = `${service}\u0000${host}`;
    let s = this.streams.get(key);
    if (s === undefined) {
      if (this.streams.size >= MAX_STREAMS) this.streams.delete(this.streams.keys().next().value as string);
      s = { maxTs: Number.NEGATIVE_INFINITY, lastArrival: 0 };
      this.streams.set(key, s);
    }
    this.lastStream = s;
    this.lastStreamService = service;
    this.lastStreamHost = host;
    return s;
  }

  /** Closes every window the watermark (the streams' common event time − the allowed lateness) has passed, oldest first. */
  advance(results: WindowResult[], wallNow: number): void {
    if (this.nextToClose === null) return;
    // The first streams to deliver are not all the streams: wait until the others had a chance.
    if (wallNow - this.firstArrival < this.options.streamIdleMs && this.maxTs - this.firstTs < this.options.maxStreamLagMs) return;
    const { windowMs, maxGapWindows } = this.options;
    const lastClosable = Math.floor((this.streamWatermark(wallNow) - this.options.allowedLatenessMs) / windowMs) - 1;
    for (let w: number = this.nextToClose; w <= lastClosable; w = this.nextToClose) {
      const acc = this.open.get(w);
      if (acc === undefined) {
        const stop = Math.min(this.firstOpenAfter(w), lastClosable + 1);
        if (stop - w > maxGapWindows) {
          // A long gap in the data: close the first windows (silence shows there), skip the rest.
          for (let i = 0; i < maxGapWindows; i++) this.close(new WindowAccumulator(w + i, (w + i) * windowMs, (w + i + 1) * windowMs), results);
          this.counters.windowsSkipped += stop - w - maxGapWindows;
          this.skipped += stop - w - maxGapWindows;
          this.nextToClose = stop;
          continue;
        }
        this.close(new WindowAccumulator(w, w * windowMs, (w + 1) * windowMs), results);
      } else {
        this.open.delete(w);
        this.close(acc, results);
      }
      this.nextToClose = w + 1;
    }
  }

  /** For a live tenant with no recent events: lets the wall clock stand in for event time. */
  idleAdvance(wallNow: number, results: WindowResult[]): void {
    if (this.nextToClose === null) return;
    if (wallNow - this.lastArrival < this.options.allowedLatenessMs) return;
    // Only when event time tracks the wall clock (not for replays of old data).
    if (Math.abs(wallNow - this.maxTs) > 10 * this.options.windowMs + this.options.allowedLatenessMs) return;
    this.maxTs = Math.max(this.maxTs, wallNow);
    for (const st of this.streams.values()) st.maxTs = Math.max(st.maxTs, wallNow);
    this.advance(results, wallNow);
  }

  private close(acc: WindowAccumulator, results: WindowResult[]): void {
    acc.skippedBefore = this.skipped;
    this.skipped = 0;
    const marked = this.partial.delete(acc.index);
    acc.partial = acc.partial || marked || acc.index <= this.partialThrough;
    const drafts: AnomalyDraft[] = [];
    for (const d of this.detectors) {
      try {
        d.detector.closeWindow(acc, drafts);
      } catch (err) {
        this.counters.detectorErrors++;
        this.warn(`detector ${d.type} failed on a window of tenant ${this.tenant}: ${(err as Error).message}`);
      }
    }
    this.counters.windowsClosed++;
    results.push({ window: acc, drafts });
  }

  private firstOpenAfter(w: number): number {
    let best = Number.POSITIVE_INFINITY;
    for (const k of this.open.keys()) if (k >= w && k < best) best = k;
    return best;
  }

  /** The runner's own state, versioned JSON: which windows are closed and the latest event time. */
  snapshotClock(): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify({ version: RUNNER_STATE_VERSION, windowMs: this.options.windowMs, nextToClose: this.nextToClose, maxTs: Number.isFinite(this.maxTs) ? this.maxTs : null }),
    );
  }

  /**
   * Restores the clock. The windows that were open at shutdown lost their events, so they are
   * partial. Returns false (and keeps a fresh clock) when the state is unusable, e.g. saved with
   * another window size.
   */
  restoreClock(bytes: Uint8Array): boolean {
    let v: { version?: unknown; windowMs?: unknown; nextToClose?: unknown; maxTs?: unknown };
    try {
      v = JSON.parse(new TextDecoder().decode(bytes)) as typeof v;
    } catch {
      return false;
    }
    if (v.version !== RUNNER_STATE_VERSION || v.windowMs !== this.options.windowMs) return false;
    if (typeof v.nextToClose === 'number') this.nextToClose = v.nextToClose;
    if (typeof v.maxTs === 'number') {
      this.maxTs = v.maxTs;
      this.partialThrough = Math.floor(v.maxTs / this.options.windowMs);
    }
    return true;
  }
}
