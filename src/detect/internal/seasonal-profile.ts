import type { ByteReader, ByteWriter } from './snapshot-codec.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Epoch day 0 (1970-01-01) was a Thursday; shift so hour-of-week 0 is Monday 00:00 UTC. */
const WEEK_OFFSET = 3 * DAY;

/**
 * Multiplicative time-of-day and day-of-week factors of one series (a service's line rate),
 * learned as running means of observed / level per hour bucket, in UTC.
 *
 * It trusts what it has seen enough of: the 24 hour-of-day factors once the series spans
 * `dailyAfterMs` (2 days) and the bucket holds `minSamples` windows; the 168 hour-of-week
 * factors once it spans `weeklyAfterMs` (14 days, two of every weekday). Until then the factor
 * is 1 and the short-term level carries the curve. Trusted factors are normalised to mean 1.
 */
export class SeasonalProfile {
  private readonly daily = new Float64Array(24).fill(1);
  private readonly dailyN = new Float64Array(24);
  private readonly weekly = new Float64Array(168).fill(1);
  private readonly weeklyN = new Float64Array(168);
  private first = Number.NaN;
  private last = Number.NaN;

  constructor(
    /** Windows a bucket needs before it is trusted. */
    private readonly minSamples: number,
    private readonly dailyAfterMs = 2 * DAY,
    private readonly weeklyAfterMs = 14 * DAY,
  ) {}

  /** The factor for a window starting at `ts` (ms since epoch); 1 until trusted. */
  factor(ts: number): number {
    const span = this.span();
    if (span >= this.weeklyAfterMs) {
      const h = hourOfWeek(ts);
      if (this.weeklyN[h] >= this.minSamples) return normalised(this.weekly, this.weeklyN, h, this.minSamples);
    }
    if (span >= this.dailyAfterMs) {
      const h = hourOfDay(ts);
      if (this.dailyN[h] >= this.minSamples) return normalised(this.daily, this.dailyN, h, this.minSamples);
    }
    return 1;
  }

  /** Which profile `factor` uses at `ts`, for evidence: `none`, `daily` or `weekly`. */
  mode(ts: number): 'none' | 'daily' | 'weekly' {
    const span = this.span();
    if (span >= this.weeklyAfterMs && this.weeklyN[hourOfWeek(ts)] >= this.minSamples) return 'weekly';
    if (span >= this.dailyAfterMs && this.dailyN[hourOfDay(ts)] >= this.minSamples) return 'daily';
    return 'none';
  }

  /**
   * Learns one window: `observed` against the deseasonalised `level` it was compared with.
   * Windows with too little signal (level < 1 line) are skipped: their ratios are noise.
   */
  learn(ts: number, observed: number, level: number): void {
    if (Number.isNaN(this.first)) this.first = ts;
    this.last = ts;
    if (!(level >= 1)) return;
    const r = Math.min(20, Math.max(0.05, observed / level));
    const d = hourOfDay(ts);
    this.dailyN[d]++;
    // Running mean over the first samples, then an exponential memory of ~7 days of that hour.
    this.daily[d] += (r - this.daily[d]) / Math.min(this.dailyN[d], 7 * 60);
    const w = hourOfWeek(ts);
    this.weeklyN[w]++;
    this.weekly[w] += (r - this.weekly[w]) / Math.min(this.weeklyN[w], 4 * 60);
  }

  write(w: ByteWriter): void {
    w.f64(this.first).f64(this.last).f64s(this.daily).f64s(this.dailyN).f64s(this.weekly).f64s(this.weeklyN);
  }

  read(r: ByteReader): void {
    this.first = r.f64();
    this.last = r.f64();
    copy(r.f64s(), this.daily);
    copy(r.f64s(), this.dailyN);
    copy(r.f64s(), this.weekly);
    copy(r.f64s(), this.weeklyN);
  }

  private span(): number {
    return Number.isNaN(this.first) ? 0 : this.last - this.first;
  }
}

export function hourOfDay(ts: number): number {
  return Math.floor((((ts % DAY) + DAY) % DAY) / HOUR);
}

export function hourOfWeek(ts: number): number {
  const week = 7 * DAY;
  return Math.floor(((((ts - WEEK_OFFSET) % week) + week) % week) / HOUR);
}

/** factors[h] divided by the mean of the trusted factors. */
function normalised(factors: Float64Array, counts: Float64Array, h: number, min: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < factors.length; i++) {
    if (counts[i] >= min) {
      sum += factors[i];
      n++;
    }
  }
  const mean = n > 0 ? sum / n : 1;
  return mean > 0 ? factors[h] / mean : 1;
}

function copy(from: readonly number[], to: Float64Array): void {
  if (from.length !== to.length) throw new RangeError(`profile length ${from.length}, expected ${to.length}`);
  to.set(from);
}
