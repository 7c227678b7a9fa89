import { describe, expect, it } from 'vitest';
import { Sfc32Random } from './prng.js';

describe('Sfc32Random', () => {
  it('is deterministic per seed and stream', () => {
    const a = new Sfc32Random(42, 1);
    const b = new Sfc32Random(42, 1);
    const seqA = Array.from({ length: 100 }, () => a.uint32());
    expect(Array.from({ length: 100 }, () => b.uint32())).toEqual(seqA);
    const other = new Sfc32Random(42, 2);
    expect(Array.from({ length: 100 }, () => other.uint32())).not.toEqual(seqA);
    const seed43 = new Sfc32Random(43, 1);
    expect(Array.from({ length: 100 }, () => seed43.uint32())).not.toEqual(seqA);
  });

  it('uses the high bits of large seeds', () => {
    const lo = new Sfc32Random(5);
    const hi = new Sfc32Random(5 + 2 ** 32);
    expect(hi.uint32()).not.toBe(lo.uint32());
  });

  it('draws floats in [0, 1) and integers in range', () => {
    const r = new Sfc32Random(7);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const f = r.float();
      if (!(f >= 0 && f < 1)) outOfRange++;
      sum += f;
      const k = r.between(3, 5);
      if (!(k >= 3 && k <= 5 && Number.isInteger(k))) outOfRange++;
    }
    expect(outOfRange).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('has the right means for normal, logNormal and poisson', () => {
    const r = new Sfc32Random(9);
    const n = 50_000;
    let normal = 0;
    const logs: number[] = [];
    let small = 0;
    let large = 0;
    for (let i = 0; i < n; i++) {
      normal += r.normal();
      logs.push(r.logNormal(180, 0.45));
      small += r.poisson(3);
      large += r.poisson(400);
    }
    expect(Math.abs(normal / n)).toBeLessThan(0.02);
    logs.sort((a, b) => a - b);
    expect(logs[n / 2]).toBeGreaterThan(170);
    expect(logs[n / 2]).toBeLessThan(190);
    expect(small / n).toBeCloseTo(3, 1);
    expect(large / n / 400).toBeCloseTo(1, 2);
    expect(r.poisson(0)).toBe(0);
  });
});
