import type { MinedEvent } from '../../model/index.js';
import type { SampleLine } from '../detection-window.js';

/** Helpers for judging one window's numeric values against a learned distribution. */

/** Keeps the 3 lines with the most extreme values (`sign` 1: highest, -1: lowest), most extreme first. */
export function keepExtreme(list: { value: number; line: SampleLine }[], value: number, e: MinedEvent, id: string, sign: number): void {
  if (list.length >= 3 && sign * value <= sign * list[list.length - 1].value) return;
  const entry = { value, line: { id, ts: e.ts, level: e.level, host: e.host, traceId: e.traceId, message: e.message } };
  let i = list.length;
  while (i > 0 && sign * list[i - 1].value < sign * value) i--;
  list.splice(i, 0, entry);
  if (list.length > 3) list.pop();
}

/**
 * One-sided KS distances between the learned cumulative shares and those of the values in
 * `windows` (bin → count, `m` values in all): [learned − observed] (values larger than usual),
 * [observed − learned] (smaller).
 */
export function distances(cdf: Float64Array, windows: readonly Map<number, number>[], m: number): [number, number] {
  const counts = new Map<number, number>();
  for (const w of windows) for (const [bin, n] of w) counts.set(bin, (counts.get(bin) ?? 0) + n);
  const bins = [...counts.keys()].sort((a, b) => a - b);
  let up = 0;
  let down = 0;
  let acc = 0;
  for (const bin of bins) {
    // Just below the bin the observed share is acc/m; at its top edge (acc + n)/m.
    const below = bin > 0 ? cdf[bin - 1] : 0;
    up = Math.max(up, below - acc / m);
    acc += counts.get(bin) as number;
    down = Math.max(down, acc / m - cdf[bin]);
    up = Math.max(up, cdf[bin] - acc / m);
  }
  return [up, down];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

