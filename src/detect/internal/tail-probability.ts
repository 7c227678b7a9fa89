/**
 * Tail probabilities of the Poisson distribution, the yardstick of every count test here.
 * P(X ≥ k) = P(k, λ) and P(X ≤ k) = Q(k + 1, λ), the regularised incomplete gamma functions
 * (series for x < a + 1, continued fraction otherwise; Numerical Recipes §6.2). Accurate to
 * ~1e-12 relative, far below the 1e-6 … 1e-9 levels the detectors alarm at.
 */

const EPS = 1e-15;
const MAX_ITER = 500;

/** P(X ≥ k) for X ~ Poisson(λ). k ≤ 0 gives 1. */
export function poissonAtLeast(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return gammaP(k, lambda);
}

/** P(X ≤ k) for X ~ Poisson(λ). k < 0 gives 0. */
export function poissonAtMost(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  return 1 - gammaP(Math.floor(k) + 1, lambda);
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), via the regularised incomplete beta I_p(k, n − k + 1)
 * (continued fraction, Numerical Recipes §6.4). Exact where the Poisson approximation is far too
 * conservative: most of a small window beyond a learned quantile.
 */
export function binomialAtLeast(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  return incompleteBeta(k, n - k + 1, p);
}

/** −log10(p), capped at 300 so a zero probability stays finite. Decades of surprise. */
export function decadesOf(p: number): number {
  return p <= 1e-300 ? 300 : -Math.log10(p);
}

/** Two-sided p-value of a standard normal z. */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalUpper(Math.abs(z)));
}

/** P(Z ≥ z) for a standard normal (Abramowitz–Stegun 7.1.26 on erfc, |error| < 1.5e-7). */
export function normalUpper(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return x >= 0 ? y / 2 : 1 - y / 2;
}

/** Regularised lower incomplete gamma P(a, x). */
function gammaP(a: number, x: number): number {
  if (x < a + 1) return gammaSeries(a, x);
  return 1 - gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
}

function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - logGamma(a)) * h);
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(a: number, b: number, x: number): number {
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return Math.min(1, (front * betaContinuedFraction(a, b, x)) / a);
  return Math.max(0, 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < g + 2; i++) s += c[i] / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
