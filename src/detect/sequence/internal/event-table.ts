import { ID_RADIX } from './session-profile.js';
import type { SessionProfile } from './session-profile.js';

/**
 * Per event id: in how many normal sessions it occurred, and how often each per-session count
 * occurred ("E9 occurred exactly 3 times in 5,998 of the 6,000 sessions that had E9").
 * Bounded: at most `maxCountValues` distinct counts per event; sessions with further counts
 * share one overflow tally per event, which is read as the support of any count not held, so
 * the bound can hide an anomaly but never invent one.
 */
export class EventTable {
  /** Sessions containing each id (index = id). */
  readonly sessions = new Float64Array(ID_RADIX);
  /** Per id: per-session count → sessions with that count. */
  readonly countValues: (Map<number, number> | undefined)[] = new Array<Map<number, number> | undefined>(ID_RADIX);
  /** Per id: sessions whose count was not held because the id's map was full. */
  readonly countOverflow = new Float64Array(ID_RADIX);
  readonly maxCountValues: number;

  constructor(maxCountValues: number) {
    this.maxCountValues = maxCountValues;
  }

  learn(profile: SessionProfile): void {
    for (let i = 0; i < profile.distinct.length; i++) {
      const id = profile.distinct[i];
      this.sessions[id]++;
      const count = profile.counts[id];
      let values = this.countValues[id];
      if (values === undefined) this.countValues[id] = values = new Map();
      const seen = values.get(count);
      if (seen !== undefined) values.set(count, seen + 1);
      else if (values.size < this.maxCountValues) values.set(count, 1);
      else this.countOverflow[id]++;
    }
  }

  /** Sessions among those with `id` that had exactly `count` of it (overflow if not held). */
  countSupport(id: number, count: number): number {
    return this.countValues[id]?.get(count) ?? this.countOverflow[id];
  }
}
