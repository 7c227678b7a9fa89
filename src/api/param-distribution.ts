/** Summary of the values one template parameter took in a sample of events. */
export interface ParamDistribution {
  readonly position: number;
  readonly type: string;
  readonly name: string | null;
  readonly sampled: number;
  readonly distinct: number;
  readonly top: readonly { readonly value: string; readonly count: number }[];
  /** Present when most values are numbers (units such as `35ms` count as numbers). */
  readonly numeric: {
    readonly min: number;
    readonly max: number;
    readonly mean: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  } | null;
}

const TOP = 10;
const NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;

/** Builds per-position distributions from parameter lists (one list per event). */
export function paramDistributions(
  rows: readonly (readonly string[])[],
  slots: readonly { readonly type: string; readonly name: string | null }[],
): ParamDistribution[] {
  const width = Math.max(slots.length, ...rows.map((r) => r.length), 0);
  const out: ParamDistribution[] = [];
  for (let p = 0; p < width; p++) {
    const counts = new Map<string, number>();
    const numbers: number[] = [];
    let sampled = 0;
    for (const r of rows) {
      const v = r[p];
      if (v === undefined) continue;
      sampled++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      const m = NUMBER.exec(v.trim());
      if (m !== null) numbers.push(Number(m[0]));
    }
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOP)
      .map(([value, count]) => ({ value, count }));
    let numeric: ParamDistribution['numeric'] = null;
    if (numbers.length > 0 && numbers.length >= 0.8 * sampled) {
      numbers.sort((a, b) => a - b);
      const at = (q: number) => numbers[Math.min(numbers.length - 1, Math.floor(q * numbers.length))];
      numeric = {
        min: numbers[0],
        max: numbers[numbers.length - 1],
        mean: numbers.reduce((s, x) => s + x, 0) / numbers.length,
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
      };
    }
    out.push({ position: p, type: slots[p]?.type ?? 'word', name: slots[p]?.name ?? null, sampled, distinct: counts.size, top, numeric });
  }
  return out;
}
