import { surprisalOf } from '../support.js';
import type { FeatureSink } from './families.js';
import { FAMILY_TOTAL } from './families.js';

/** Fields per alarm in `AlarmCollector.alarms`: family, k, d, ref1, ref2, margin. */
export const ALARM_FIELDS = 6;

/**
 * Scoring sink: keeps the strongest check (for the score) and every check over its family's
 * threshold (for the findings) as flat numbers, so a normal session allocates nothing here.
 */
export class AlarmCollector implements FeatureSink {
  readonly thresholds = new Float64Array(FAMILY_TOTAL);
  readonly alarms: number[] = [];
  /** The strongest check: same layout as one alarm; margin -Infinity when nothing was checked. */
  readonly best: number[] = [0, 0, 0, 0, 0, Number.NEGATIVE_INFINITY];

  reset(): void {
    this.alarms.length = 0;
    this.best[5] = Number.NEGATIVE_INFINITY;
  }

  offer(family: number, k: number, d: number, ref1: number, ref2: number): void {
    const margin = surprisalOf(k, d) - this.thresholds[family];
    if (margin > this.best[5]) {
      const b = this.best;
      b[0] = family;
      b[1] = k;
      b[2] = d;
      b[3] = ref1;
      b[4] = ref2;
      b[5] = margin;
    }
    if (margin > 0) this.alarms.push(family, k, d, ref1, ref2, margin);
  }
}

/** Calibration sink: the largest surprisal per family. */
export class SurprisalMaxima implements FeatureSink {
  readonly max = new Float64Array(FAMILY_TOTAL);

  reset(): void {
    this.max.fill(0);
  }

  offer(family: number, k: number, d: number): void {
    const s = surprisalOf(k, d);
    if (s > this.max[family]) this.max[family] = s;
  }
}
