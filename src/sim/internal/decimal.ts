/**
 * Fixed-point renderings of non-negative numbers, cheaper than `toFixed` on the hot path.
 * Inputs are rounded half-up; callers only pass finite values ≥ 0.
 */

/** One decimal: 3.24 → "3.2", 12 → "12.0". */
export function fixed1(x: number): string {
  const t = Math.round(x * 10);
  return `${Math.floor(t / 10)}.${t % 10}`;
}

/** Two decimals: 59.9 → "59.90". */
export function fixed2(x: number): string {
  const t = Math.round(x * 100);
  return `${Math.floor(t / 100)}.${PAD2[t % 100]}`;
}

/** Three decimals: 0.2134 → "0.213". */
export function fixed3(x: number): string {
  const t = Math.round(x * 1000);
  return `${Math.floor(t / 1000)}.${PAD3[t % 1000]}`;
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
