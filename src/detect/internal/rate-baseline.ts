import { poissonAtLeast, poissonAtMost } from './tail-probability.js';
import type { ByteReader, ByteWriter } from './snapshot-codec.js';

/**
 * The learned normal of one count series (lines per window of a service or a template), robust
 * to outliers: an exponentially weighted level of the deseasonalised counts, and the spread of
 * the log ratio observed / expected beyond Poisson noise (τ). Counts are modelled as
 * Poisson(λ) with λ = expected × e^ε, ε ~ N(0, τ²), and judged against the conservative end
 * of that band (expected × e^(±k·τ)), so ordinary traffic wobble never alarms.
 *
 * Learning skips windows judged anomalous and clips the rest to the band, so one burst does
 * not teach the baseline that bursts are normal.
 */
export class RateBaseline {
  /** Deseasonalised lines per window. */
  level = 0;
  /** Variance of the log-ratio noise beyond Poisson. */
  tau2 = 0.01;
  /** Windows learned. */
  n = 0;
  /** Index of the last window learned. */
  lastWindow = -1;

  constructor(private readonly alpha: number) {}

  expected(factor: number): number {
    return this.level * factor;
  }

  /** τ, clamped to [0.05, 1]. */
  tau(): number {
    return Math.min(1, Math.max(0.05, Math.sqrt(this.tau2)));
  }

  /** P(X ≥ observed) under the high end of the band: small means a spike. */
  spikeProbability(observed: number, expected: number, k: number): number {
    return poissonAtLeast(observed, expected * Math.exp(k * this.tau()));
  }

  /** P(X ≤ observed) under the low end of the band: small means a drop. */
  dropProbability(observed: number, expected: number, k: number): number {
    return poissonAtMost(observed, expected * Math.exp(-k * this.tau()));
  }

  /** Learns one window's count against the seasonal `factor` used to judge it. */
  learn(observed: number, factor: number, window: number): void {
    const f = factor > 0.01 ? factor : 0.01;
    const expected = this.level * f;
    let x = observed;
    if (this.n >= 5) {
      // Clip to the band so a single wild window moves the level only a little.
      const band = Math.exp(4 * this.tau());
      const lo = expected / band - 3 * Math.sqrt(expected);
      const hi = expected * band + 3 * Math.sqrt(expected) + 1;
      x = Math.min(hi, Math.max(lo, x));
    }
    // A running mean over the first windows, then the exponential memory.
    const a = Math.max(this.alpha, 1 / (this.n + 1));
    if (this.n > 0) {
      const lr = Math.log((x + 1) / (expected + 1));
      const noise = Math.max(0, lr * lr - 1 / (expected + 1));
      this.tau2 += Math.max(this.alpha, 1 / (this.n + 1)) * (noise - this.tau2);
    }
    this.level += a * (x / f - this.level);
    this.n++;
    this.lastWindow = window;
  }

  write(w: ByteWriter): void {
    w.f64(this.level).f64(this.tau2).f64(this.n).f64(this.lastWindow);
  }

  read(r: ByteReader): void {
    this.level = r.f64();
    this.tau2 = r.f64();
    this.n = r.f64();
    this.lastWindow = r.f64();
  }
}

/** The per-window weight of an exponential memory with this half-life, in windows. */
export function alphaForHalfLife(windows: number): number {
  return windows <= 0 ? 1 : 1 - Math.pow(2, -1 / windows);
}
