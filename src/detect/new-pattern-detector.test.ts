import { describe, expect, it } from 'vitest';
import { newPatternDetectorFactory } from './new-pattern-detector.js';
import { event, runWindow, settings, template, T0, WINDOW } from './test-support.js';

const normal = (w: number) => Array.from({ length: 100 }, (_, i) => event(T0 + w * WINDOW + i * 500, 1 + (i % 4)));

describe('new pattern detector', () => {
  const make = (templates = [template(9, 'disk quota exceeded'), template(10, 'disk quota exceeded on <*>', [], [9])]) =>
    newPatternDetectorFactory.create(settings(templates), newPatternDetectorFactory.configure({ warmupMs: 10 * WINDOW }));

  it('learns during the warm-up, then raises a new ERROR template at once with its samples', () => {
    const d = make();
    expect(runWindow(d, 0, [...normal(0), event(T0 + 1000, 7, { level: 'error' })])).toEqual([]); // warm-up
    for (let w = 1; w < 60; w++) expect(runWindow(d, w, normal(w))).toEqual([]);
    const burst = Array.from({ length: 30 }, (_, i) => event(T0 + 60 * WINDOW + i * 1000, 9, { level: 'error', message: `disk quota exceeded ${i}` }));
    const out = runWindow(d, 60, [...normal(60), ...burst]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'new_pattern', service: 'svc', templateId: 9, severity: 'high' });
    expect(out[0].title).toContain('new ERROR pattern "disk quota exceeded" (30 lines)');
    expect(out[0].evidence.samples).toHaveLength(3);
    expect(runWindow(d, 61, [...normal(61), ...burst.map((e) => ({ ...e, ts: e.ts + WINDOW }))])).toEqual([]);
  });

  it('does not raise a template that generalised a known one', () => {
    const d = make();
    for (let w = 0; w < 20; w++) runWindow(d, w, [...normal(w), event(T0 + w * WINDOW, 9, { level: 'error' })]);
    expect(runWindow(d, 20, [...normal(20), event(T0 + 20 * WINDOW, 10, { level: 'error' })])).toEqual([]);
  });

  it('raises a one-off new error as low severity, and new info lines only at volume', () => {
    const d = make();
    for (let w = 0; w < 60; w++) runWindow(d, w, normal(w));
    const one = runWindow(d, 60, [...normal(60), event(T0 + 60 * WINDOW, 11, { level: 'error' })]);
    expect(one).toHaveLength(1);
    expect(one[0].severity).toBe('low');
    expect(runWindow(d, 61, [...normal(61), event(T0 + 61 * WINDOW, 12)])).toEqual([]);
    const loud = runWindow(d, 62, [...normal(62), ...Array.from({ length: 25 }, (_, i) => event(T0 + 62 * WINDOW + i, 13))]);
    expect(loud.map((a) => a.templateId)).toEqual([13]);
  });

  it('warms up each new service on its own', () => {
    const d = make();
    for (let w = 0; w < 30; w++) runWindow(d, w, normal(w));
    expect(runWindow(d, 30, [...normal(30), event(T0 + 30 * WINDOW, 20, { service: 'fresh', level: 'error' })])).toEqual([]);
  });
});
