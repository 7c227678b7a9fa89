import { FAMILY_TOTAL } from './families.js';

/** Histogram resolution of surprisals, in decades. */
export const BIN_WIDTH = 0.05;
/** Bins per family: 0 to 16 decades; the last bin also holds everything above. */
export const BINS = 320;

/**
 * Per-family thresholds learned from the normal training sessions themselves.
 *
 * Prequential ("test, then train"): once the model can alarm at all, every normal session is
 * scored before it is learned, and the largest surprisal each family gave it is recorded here.
 * The share of those sessions above a surprisal x estimates how often a fresh normal session
 * would alarm on that family at threshold x, which is the Good–Turing idea (how often do
 * normal sessions show something new?) measured per family. A family's threshold is the
 * smallest bin edge above which at most `rate` of the recorded sessions lie, and never below
 * the model's alarm level. Nothing here ever sees a label or a test session.
 */
export class Calibration {
  /** Family f, bin i at `f * BINS + i`: sessions whose largest surprisal for f fell in bin i. */
  readonly bins = new Float64Array(FAMILY_TOTAL * BINS);
  /** Sessions recorded. */
  total = 0;
  private readonly cache = new Float64Array(FAMILY_TOTAL).fill(Number.NaN);

  /** Records one session's largest surprisal per family (0 where the family had no feature). */
  record(maxSurprisal: Float64Array): void {
    this.total++;
    for (let f = 0; f < FAMILY_TOTAL; f++) {
      const bin = Math.min(BINS - 1, Math.floor(Math.max(0, maxSurprisal[f]) / BIN_WIDTH));
      this.bins[f * BINS + bin]++;
    }
    this.cache.fill(Number.NaN);
  }

  /**
   * The threshold of family `f` in decades: at least `floor`; with `rate` > 0, raised to the
   * smallest bin edge above which at most `rate × total` recorded sessions lie.
   */
  threshold(f: number, floor: number, rate: number): number {
    if (rate <= 0 || this.total === 0) return floor;
    const cached = this.cache[f];
    if (!Number.isNaN(cached)) return cached;
    const allowed = rate * this.total;
    const base = f * BINS;
    let above = 0;
    let i = BINS - 1;
    while (i > 0 && above + this.bins[base + i] <= allowed) above += this.bins[base + i--];
    const t = Math.max(floor, (i + 1) * BIN_WIDTH);
    this.cache[f] = t;
    return t;
  }
}
