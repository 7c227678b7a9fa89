import type { SessionProfile } from './session-profile.js';
import { ID_RADIX } from './session-profile.js';

/** One history: the sessions in which it occurred and, per next id, the sessions with that step. */
export interface HistoryStats {
  sessions: number;
  readonly next: Map<number, number>;
  /** Sessions with a continuation of this history not learned because the table was full. */
  overflow: number;
}

/**
 * Next-event statistics for one history length: for each history (the h events before a
 * position), in how many normal sessions it occurred and in how many of those each event
 * (or the session end) followed it. Bounded by `maxContexts` histories; a history first seen
 * after the table is full is not learned (counted in `dropped`), and an unknown history never
 * produces a finding; likewise at most `maxTransitions` (history, next) pairs, after which an
 * unknown continuation counts as seen in the history's `overflow` sessions. So the bounds can
 * hide an anomaly but never invent one.
 */
export class OrderTable {
  readonly history: number;
  readonly contexts = new Map<number, HistoryStats>();
  readonly maxContexts: number;
  readonly maxTransitions: number;
  /** (history, next) pairs held. */
  transitions = 0;
  /** History or continuation occurrences (per session) not learned because a bound was reached. */
  dropped = 0;

  constructor(history: number, maxContexts: number, maxTransitions: number) {
    this.history = history;
    this.maxContexts = maxContexts;
    this.maxTransitions = maxTransitions;
  }

  learn(profile: SessionProfile): void {
    for (const h of profile.histories[this.history - 1]) {
      let stats = this.contexts.get(h);
      if (stats === undefined) {
        if (this.contexts.size >= this.maxContexts) {
          this.dropped++;
          continue;
        }
        stats = { sessions: 0, next: new Map(), overflow: 0 };
        this.contexts.set(h, stats);
      }
      stats.sessions++;
    }
    for (const step of profile.steps[this.history - 1]) {
      const next = step % ID_RADIX;
      const stats = this.contexts.get((step - next) / ID_RADIX);
      if (stats === undefined) continue;
      const seen = stats.next.get(next);
      if (seen !== undefined) stats.next.set(next, seen + 1);
      else if (this.transitions < this.maxTransitions) {
        stats.next.set(next, 1);
        this.transitions++;
      } else {
        stats.overflow++;
        this.dropped++;
      }
    }
  }
}
