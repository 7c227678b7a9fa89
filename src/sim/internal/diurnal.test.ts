import { describe, expect, it } from 'vitest';
import { dayMeanCurve, trafficCurve } from './diurnal.js';

const MONDAY = Date.UTC(2026, 10, 23);
const HOUR = 3_600_000;

describe('trafficCurve', () => {
  it('averages to 1 over a week', () => {
    let sum = 0;
    const steps = 7 * 24 * 60;
    for (let m = 0; m < steps; m++) sum += trafficCurve(MONDAY + m * 60_000);
    expect(sum / steps).toBeCloseTo(1, 3);
  });

  it('has a night trough and an evening peak', () => {
    expect(trafficCurve(MONDAY + 3.5 * HOUR)).toBeLessThan(0.3);
    expect(trafficCurve(MONDAY + 20 * HOUR)).toBeGreaterThan(1.5);
    expect(trafficCurve(MONDAY + 12 * HOUR)).toBeGreaterThan(trafficCurve(MONDAY + 10 * HOUR));
  });

  it('is continuous: no minute-to-minute step above 2%', () => {
    for (let m = 0; m < 7 * 24 * 60; m++) {
      const a = trafficCurve(MONDAY + m * 60_000);
      const b = trafficCurve(MONDAY + (m + 1) * 60_000);
      expect(Math.abs(b - a) / a).toBeLessThan(0.02);
    }
  });

  it('runs busier at weekends than on Mondays', () => {
    expect(dayMeanCurve(MONDAY + 5 * 24 * HOUR)).toBeGreaterThan(dayMeanCurve(MONDAY));
  });
});
