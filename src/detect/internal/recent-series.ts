import type { EvidencePoint } from '../../model/index.js';

/**
 * The last few (window start, observed, expected) points of one series, for the evidence
 * chart. A fixed ring: `capacity` points, oldest overwritten. Not persisted (a restart shows a
 * shorter chart, nothing else changes).
 */
export class RecentSeries {
  private readonly ts: Float64Array;
  private readonly observed: Float64Array;
  private readonly expected: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(private readonly capacity: number) {
    this.ts = new Float64Array(capacity);
    this.observed = new Float64Array(capacity);
    this.expected = new Float64Array(capacity);
  }

  /** `expected` NaN when the baseline had none yet. */
  push(ts: number, observed: number, expected: number): void {
    this.ts[this.next] = ts;
    this.observed[this.next] = observed;
    this.expected[this.next] = expected;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** Oldest first. */
  points(): EvidencePoint[] {
    const out: EvidencePoint[] = [];
    for (let i = 0; i < this.filled; i++) {
      const j = (this.next - this.filled + i + this.capacity) % this.capacity;
      const e = this.expected[j];
      out.push({ ts: this.ts[j], observed: this.observed[j], expected: Number.isNaN(e) ? null : round(e) });
    }
    return out;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
