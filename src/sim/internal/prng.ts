/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, period ≥ 2^32, passes PractRand to 2^40+ bytes).
 * Chosen over Math.random because the same seed must give byte-identical output, and over
 * mulberry32 because its state is larger and it is as fast in V8 (four int32 ops).
 *
 * Every method draws a fixed number of values per call except `normal` (which caches the
 * second Box–Muller value) and `poisson`, so a stream stays reproducible for a given
 * sequence of calls.
 */
export class Sfc32Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second value of the last Box–Muller pair, or NaN when none is cached. */
  private spare: number;

  /**
   * @param seed any safe integer; the low and high 32 bits both matter.
   * @param stream selects an independent stream for the same seed (traffic, incidents, …).
   */
  constructor(seed: number, stream = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    this.a = mix32(lo ^ 0x9e3779b9);
    this.b = mix32(hi ^ 0x243f6a88);
    this.c = mix32((stream + 1) * 0x85ebca6b);
    this.d = 1;
    this.spare = Number.NaN;
    for (let i = 0; i < 16; i++) this.uint32();
  }

  /** Uniform integer in [0, 2^32). */
  uint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 0 < n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /**
   * Index in [0, n) skewed towards 0: popularity of users, products, IPs. `power` 1 is
   * uniform; 2–3 gives the long tail real traffic has (a few hot keys, many cold ones).
   */
  skewed(n: number, power: number): number {
    return Math.floor(n * Math.pow(this.float(), power));
  }

  /** Standard normal (Box–Muller); every second call is free. */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = Number.NaN;
      return spare;
    }
    const u = 1 - this.float(); // (0, 1]: log is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.float();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Log-normal with the given median and log-space sigma: the usual shape of latencies and
   * sizes (right-skewed, never negative). sigma 0.5 puts p99 near 3.2× the median.
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count with the given mean (Knuth below 30, normal approximation above). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    const k = Math.round(mean + Math.sqrt(mean) * this.normal());
    return k < 0 ? 0 : k;
  }
}

/** murmur3 finaliser: spreads nearby seeds (1, 2, 3 …) over the whole state space. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
