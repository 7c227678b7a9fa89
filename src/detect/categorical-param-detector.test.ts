import { describe, expect, it } from 'vitest';
import { categoricalParamDetectorFactory } from './categorical-param-detector.js';
import { event, runWindow, settings, template, T0, WINDOW } from './test-support.js';

const TPL = template(7, 'request done status=<*> worker=<*>', [
  { type: 'number', name: 'status' },
  { type: 'word', name: 'worker' },
]);

function line(ts: number, status: string, worker: string) {
  return event(ts, 7, { params: [status, worker], message: `request done status=${status} worker=${worker}` });
}

describe('categorical parameter detector', () => {
  const make = () => categoricalParamDetectorFactory.create(settings([TPL]), categoricalParamDetectorFactory.configure(undefined));

  it('raises a never-seen value of a stable parameter once, naming the known values', () => {
    const d = make();
    const statuses = ['200', '200', '200', '201', '404'];
    for (let w = 0; w < 40; w++) {
      const out = runWindow(d, w, Array.from({ length: 30 }, (_, i) => line(T0 + w * WINDOW + i, statuses[i % statuses.length], `exec-${i % 8}`)));
      expect(out).toEqual([]);
    }
    const burst = Array.from({ length: 30 }, (_, i) => line(T0 + 40 * WINDOW + i, i % 3 === 0 ? '429' : '200', `exec-${i % 8}`));
    const out = runWindow(d, 40, burst);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'param_new_value', templateId: 7, severity: 'medium' });
    expect(out[0].evidence.details).toMatchObject({ param: 'status', value: '429', lines: 10 });
    expect(String(out[0].evidence.details.knownValues)).toContain('200');
    expect(out[0].evidence.samples[0]).toContain('status=429');
    // Known now: the same value in the next window is not raised again.
    expect(runWindow(d, 41, burst.map((e) => ({ ...e, ts: e.ts + WINDOW })))).toEqual([]);
  });

  it('treats values that differ only in digits (instance numbers) as known', () => {
    const d = make();
    for (let w = 0; w < 40; w++) runWindow(d, w, Array.from({ length: 30 }, (_, i) => line(T0 + w * WINDOW + i, '200', `exec-${i % 8}`)));
    expect(runWindow(d, 40, Array.from({ length: 30 }, (_, i) => line(T0 + 40 * WINDOW + i, '200', `exec-${20 + (i % 8)}`)))).toEqual([]);
  });

  it('stops tracking a parameter that turns out to be an identifier', () => {
    const d = make();
    for (let w = 0; w < 40; w++) runWindow(d, w, Array.from({ length: 30 }, (_, i) => line(T0 + w * WINDOW + i, String(1000 + w * 30 + i), 'a')));
    expect(d.stats().highCardinality).toBeGreaterThan(0);
    expect(runWindow(d, 40, Array.from({ length: 30 }, (_, i) => line(T0 + 40 * WINDOW + i, `x${i}`, 'a')))).toEqual([]);
  });

  it('waits for enough history before raising anything', () => {
    const d = make();
    runWindow(d, 0, [line(T0, '200', 'a')]);
    expect(runWindow(d, 1, Array.from({ length: 20 }, (_, i) => line(T0 + WINDOW + i, '500', 'a')))).toEqual([]);
  });
});
