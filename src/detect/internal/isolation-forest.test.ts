import { describe, expect, it } from 'vitest';
import { IsolationForest } from './isolation-forest.js';
import { Prng } from './prng.js';

describe('isolation forest', () => {
  it('scores an isolated point far above ordinary ones, deterministically', () => {
    const r = new Prng(1);
    const points = Array.from({ length: 500 }, () => Float64Array.from([r.next(), r.next(), r.next()]));
    const a = IsolationForest.fit(points, 3, 100, 256, new Prng(42));
    const b = IsolationForest.fit(points, 3, 100, 256, new Prng(42));
    const inlier = Float64Array.from([0.5, 0.5, 0.5]);
    const outlier = Float64Array.from([3, -2, 0.5]);
    expect(a.score(outlier)).toBeGreaterThan(0.7);
    expect(a.score(inlier)).toBeLessThan(0.5);
    expect(a.score(outlier)).toBe(b.score(outlier));
  });
});
