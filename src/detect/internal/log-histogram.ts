import type { ByteReader, ByteWriter } from './snapshot-codec.js';

/** Bins per decade: neighbouring bins differ by 10^(1/10) ≈ ×1.26. */
export const BINS_PER_DECADE = 10;
const MIN_EXP = -6;
const MAX_EXP = 12;
/** Bin 0 holds values ≤ 1e-6 (zeros and negatives); the last bin everything ≥ 1e12. */
export const BINS = (MAX_EXP - MIN_EXP) * BINS_PER_DECADE + 2;

/**
 * A log-scale histogram of a positive measure (latencies, sizes): bounded memory, quantiles to
 * within one bin (±13 %), and an exponential memory: once the total weight passes `maxWeight`
 * every bin is halved, so the distribution follows slow drift.
 */
export class LogHistogram {
  private readonly bins = new Float64Array(BINS);
  total = 0;

  constructor(private readonly maxWeight: number) {}

  static binOf(v: number): number {
    if (!(v > 1e-6)) return 0;
    const b = Math.floor((Math.log10(v) - MIN_EXP) * BINS_PER_DECADE) + 1;
    return b < 1 ? 1 : b >= BINS ? BINS - 1 : b;
  }

  /** The lower edge of a bin (0 for bin 0). */
  static valueOf(bin: number): number {
    return bin <= 0 ? 0 : Math.pow(10, MIN_EXP + (bin - 1) / BINS_PER_DECADE);
  }

  add(v: number): void {
    this.addBin(LogHistogram.binOf(v), 1);
  }

  /** Adds `weight` values that fell in `bin`. */
  addBin(bin: number, weight: number): void {
    this.bins[bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin] += weight;
    this.total += weight;
    while (this.total > this.maxWeight) {
      for (let i = 0; i < BINS; i++) this.bins[i] *= 0.5;
      this.total *= 0.5;
    }
  }

  /** The bin holding quantile q (0…1). */
  quantileBin(q: number): number {
    const target = q * this.total;
    let acc = 0;
    for (let i = 0; i < BINS; i++) {
      acc += this.bins[i];
      if (acc >= target && acc > 0) return i;
    }
    return BINS - 1;
  }

  /** Weight in bins strictly above `bin`. */
  above(bin: number): number {
    let s = 0;
    for (let i = bin + 1; i < BINS; i++) s += this.bins[i];
    return s;
  }

  /** Weight in bins strictly below `bin`. */
  below(bin: number): number {
    let s = 0;
    for (let i = 0; i < bin && i < BINS; i++) s += this.bins[i];
    return s;
  }

  /** Bins holding weight: how many different magnitudes the values took. */
  occupied(): number {
    let n = 0;
    for (let i = 0; i < BINS; i++) if (this.bins[i] > 0) n++;
    return n;
  }

  /** Cumulative share up to and including each bin, for Kolmogorov–Smirnov comparisons. */
  cdf(into: Float64Array): void {
    let acc = 0;
    const total = this.total > 0 ? this.total : 1;
    for (let i = 0; i < BINS; i++) {
      acc += this.bins[i];
      into[i] = acc / total;
    }
  }

  write(w: ByteWriter): void {
    // Sparse: (bin, weight) pairs of the non-empty bins.
    let n = 0;
    for (let i = 0; i < BINS; i++) if (this.bins[i] > 0) n++;
    w.f64(this.total).u32(n);
    for (let i = 0; i < BINS; i++) if (this.bins[i] > 0) w.u16(i).f64(this.bins[i]);
  }

  read(r: ByteReader): void {
    this.bins.fill(0);
    this.total = r.f64();
    for (let n = r.u32(); n > 0; n--) {
      const i = r.u16();
      const v = r.f64();
      if (i < BINS) this.bins[i] = v;
    }
  }
}
