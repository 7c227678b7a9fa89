import { describe, expect, it } from 'vitest';
import { numericParamDetectorFactory } from './numeric-param-detector.js';
import { event, gauss, rng, runWindow, settings, template, T0, WINDOW } from './test-support.js';

const TPL = template(5, 'statement executed table=<*>', [{ type: 'word', name: 'table' }]);

function window(w: number, r: () => number, factor: number, n = 60) {
  return Array.from({ length: n }, (_, i) => {
    const ms = Math.exp(Math.log(3) + 0.6 * gauss(r)) * factor;
    return event(T0 + w * WINDOW + i * 100, 5, { params: ['orders'], attrs: { dur: `${ms.toFixed(1)}ms`, pid: 4242 }, message: `statement executed table=orders dur=${ms.toFixed(1)}ms` });
  });
}

describe('numeric parameter detector', () => {
  const make = () => numericParamDetectorFactory.create(settings([TPL]), numericParamDetectorFactory.configure(undefined));

  it('raises a latency shift (×10) in units, and stays quiet on a stable distribution', () => {
    const d = make();
    const r = rng(5);
    let quiet = 0;
    for (let w = 0; w < 300; w++) quiet += runWindow(d, w, window(w, r, 1)).length;
    expect(quiet).toBe(0);
    const out = runWindow(d, 300, window(300, r, 10));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'param_numeric', templateId: 5, severity: 'high' });
    expect(out[0].evidence.details).toMatchObject({ param: 'dur', direction: 'high' });
    expect(out[0].evidence.unit).toBe('ms');
    expect(out[0].title).toContain('dur of "statement executed');
  });

  it('adds up a few low-volume windows before raising a shift', () => {
    const d = make();
    const r = rng(6);
    for (let w = 0; w < 300; w++) runWindow(d, w, window(w, r, 1, 8));
    const raised = [300, 301, 302, 303, 304].map((w) => runWindow(d, w, window(w, r, 10, 8)).length);
    expect(raised[0]).toBe(0);
    expect(raised.some((n) => n > 0)).toBe(true);
  });

  it('never judges ignored parameters (pid)', () => {
    const d = make();
    const r = rng(7);
    for (let w = 0; w < 100; w++) runWindow(d, w, window(w, r, 1));
    const out = runWindow(d, 100, window(100, r, 1).map((e) => ({ ...e, attrs: { dur: '3ms', pid: 999999 } })));
    expect(out.filter((a) => a.evidence.details.param === 'pid')).toEqual([]);
  });
});
