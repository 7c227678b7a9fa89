import { describe, expect, it } from 'vitest';
import { errorRateDetectorFactory } from './error-rate-detector.js';
import { event, rng, runWindow, settings, T0, WINDOW } from './test-support.js';

function window(w: number, r: () => number, errorShare: number) {
  return Array.from({ length: 200 }, (_, i) => {
    const bad = r() < errorShare;
    return event(T0 + w * WINDOW + i * 100, bad ? 2 : 1, { level: bad ? 'error' : r() < 0.01 ? 'warn' : 'info', message: bad ? 'charge failed' : 'charge ok' });
  });
}

describe('error rate detector', () => {
  it('raises a jump in the error share with the error lines as samples, and stays quiet otherwise', () => {
    const d = errorRateDetectorFactory.create(settings(), errorRateDetectorFactory.configure(undefined));
    const r = rng(4);
    let quiet = 0;
    for (let w = 0; w < 600; w++) quiet += runWindow(d, w, window(w, r, 0.002)).length;
    expect(quiet).toBe(0);
    const out = runWindow(d, 600, window(600, r, 0.3));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'error_rate', service: 'svc', templateId: null, severity: 'high' });
    expect(out[0].evidence.unit).toBe('share');
    expect(out[0].evidence.observed).toBeGreaterThan(0.2);
    expect(out[0].evidence.samples[0]).toBe('charge failed');
  });
});
