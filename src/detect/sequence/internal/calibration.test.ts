import { describe, expect, it } from 'vitest';
import { BIN_WIDTH, Calibration } from './calibration.js';
import { FAMILY_TOTAL } from './families.js';

function record(c: Calibration, family: number, surprisal: number): void {
  const max = new Float64Array(FAMILY_TOTAL);
  max[family] = surprisal;
  c.record(max);
}

describe('calibration', () => {
  it('keeps the floor when normal sessions rarely reach it', () => {
    const c = new Calibration();
    for (let i = 0; i < 5000; i++) record(c, 0, i < 3 ? 3.5 : 1);
    expect(c.threshold(0, 3, 0.001)).toBe(3);
  });

  it('raises a family whose normal sessions often look rare, to just above its tail', () => {
    const c = new Calibration();
    for (let i = 0; i < 5000; i++) record(c, 3, i < 50 ? 3.2 + (i % 10) * 0.05 : 1);
    // 50 sessions (1 %) lie at 3.2–3.65; at most 5 (0.1 %) may lie above the threshold.
    const t = c.threshold(3, 3, 0.001);
    expect(t).toBeGreaterThan(3.6);
    expect(t).toBeLessThanOrEqual(3.7 + BIN_WIDTH);
    expect(c.threshold(0, 3, 0.001)).toBe(3);
  });

  it('is the floor with calibration off or nothing recorded', () => {
    const c = new Calibration();
    expect(c.threshold(1, 3, 0.001)).toBe(3);
    for (let i = 0; i < 100; i++) record(c, 1, 5);
    expect(c.threshold(1, 3, 0)).toBe(3);
    expect(c.threshold(1, 3, 0.001)).toBeGreaterThan(5);
  });
});
