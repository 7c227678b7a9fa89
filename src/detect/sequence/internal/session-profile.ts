import { BOUNDARY_ID } from '../event-vocabulary.js';

/** Ids are packed 12 bits each; see `MAX_EVENT_IDS`. */
export const ID_RADIX = 4096;

/**
 * What the checks read from one session: its distinct events with their counts, and for each
 * history length h the distinct histories (the h events before a position, the boundary
 * standing in before the first event) and the distinct (history, next event) pairs, where the
 * event after the last one is the boundary. Sets, not multisets: every check counts sessions,
 * so one session that repeats a pattern 100 times is one piece of evidence, not 100.
 *
 * One profile is reused for every session a model sees (no per-session allocation beyond the
 * sets' own growth). `counts` is only valid for ids in `distinct`.
 */
export class SessionProfile {
  /** The session as ids, first `length` entries valid. */
  readonly ids: number[] = [];
  length = 0;
  /** Distinct ids in first-occurrence order. */
  readonly distinct: number[] = [];
  /** Occurrences per id (indexed by id). */
  readonly counts = new Int32Array(ID_RADIX);
  /** Per history length h (index h − 1): distinct packed histories. */
  readonly histories: Set<number>[];
  /** Per history length h: distinct packed (history, next) pairs: history × 4096 + next. */
  readonly steps: Set<number>[];
  readonly orderHistory: number;

  constructor(orderHistory: number) {
    this.orderHistory = orderHistory;
    this.histories = [];
    this.steps = [];
    for (let h = 0; h < orderHistory; h++) {
      this.histories.push(new Set());
      this.steps.push(new Set());
    }
  }

  /** Resets, then appends ids with `push` and finishes with `build`. */
  reset(): void {
    for (let i = 0; i < this.distinct.length; i++) this.counts[this.distinct[i]] = 0;
    this.distinct.length = 0;
    this.length = 0;
    for (let h = 0; h < this.orderHistory; h++) {
      this.histories[h].clear();
      this.steps[h].clear();
    }
  }

  push(id: number): void {
    this.ids[this.length++] = id;
    if (this.counts[id]++ === 0) this.distinct.push(id);
  }

  /**
   * Computes the order features once every id is pushed. `ended` false (a session still open)
   * leaves out the step to the session end.
   */
  build(ended: boolean): void {
    const n = this.length;
    const ids = this.ids;
    for (let h = 1; h <= this.orderHistory; h++) {
      const histories = this.histories[h - 1];
      const steps = this.steps[h - 1];
      // Position i predicts ids[i] (the boundary at i = n) from ids[i-h .. i-1].
      // For h >= 2 the all-boundary history (before the first event) repeats h = 1's start
      // context, so it is skipped.
      const last = ended ? n : n - 1;
      for (let i = h === 1 ? 0 : 1; i <= last; i++) {
        let history = 0;
        for (let j = i - h; j < i; j++) history = history * ID_RADIX + (j < 0 ? BOUNDARY_ID : ids[j]);
        const next = i < n ? ids[i] : BOUNDARY_ID;
        histories.add(history);
        steps.add(history * ID_RADIX + next);
      }
    }
  }
}

/** Splits a packed history of length h into ids, oldest first. */
export function unpackHistory(history: number, h: number): number[] {
  const out = new Array<number>(h);
  let v = history;
  for (let i = h - 1; i >= 0; i--) {
    out[i] = v % ID_RADIX;
    v = Math.floor(v / ID_RADIX);
  }
  return out;
}
