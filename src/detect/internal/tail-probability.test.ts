import { describe, expect, it } from 'vitest';
import { binomialAtLeast, decadesOf, normalTwoSided, poissonAtLeast, poissonAtMost } from './tail-probability.js';

describe('tail probabilities', () => {
  it('match known values', () => {
    expect(poissonAtLeast(0, 3)).toBe(1);
    expect(poissonAtLeast(1, 3)).toBeCloseTo(1 - Math.exp(-3), 12);
    expect(poissonAtMost(0, 20) / Math.exp(-20)).toBeCloseTo(1, 6);
    expect(poissonAtMost(2, 1)).toBeCloseTo(Math.exp(-1) * 2.5, 12);
    expect(poissonAtLeast(30, 10) / 2.50995e-7).toBeCloseTo(1, 4);
    expect(binomialAtLeast(12, 15, 0.1) / 3.40336e-10).toBeCloseTo(1, 4);
    expect(binomialAtLeast(1, 10, 0.5)).toBeCloseTo(1 - 0.5 ** 10, 12);
    expect(binomialAtLeast(11, 10, 0.5)).toBe(0);
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6);
    expect(decadesOf(1e-7)).toBeCloseTo(7, 10);
    expect(decadesOf(0)).toBe(300);
  });
});
