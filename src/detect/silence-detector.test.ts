import { describe, expect, it } from 'vitest';
import { silenceDetectorFactory } from './silence-detector.js';
import { event, runWindow, settings, T0, WINDOW } from './test-support.js';

const busy = (w: number, n = 50, service = 'svc') => Array.from({ length: n }, (_, i) => event(T0 + w * WINDOW + i * 100, 1, { service }));

describe('silence detector', () => {
  const make = () => silenceDetectorFactory.create(settings(), silenceDetectorFactory.configure(undefined));

  it('raises a busy service that stops logging, once per silent stretch, with its last line', () => {
    const d = make();
    for (let w = 0; w < 60; w++) runWindow(d, w, [...busy(w), ...busy(w, 20, 'other')]);
    const first = runWindow(d, 60, busy(60, 20, 'other'));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'silence', service: 'svc', severity: 'high' });
    expect(first[0].evidence.sampleIds).toHaveLength(1);
    expect(runWindow(d, 61, busy(61, 20, 'other'))).toEqual([]);
    runWindow(d, 62, [...busy(62), ...busy(62, 20, 'other')]);
    for (let w = 63; w < 70; w++) runWindow(d, w, [...busy(w), ...busy(w, 20, 'other')]);
    // A raised outage taught it nothing about empty windows: the next silence is raised at once.
    expect(runWindow(d, 70, busy(70, 20, 'other'))).toHaveLength(1);
  });

  it('does not alarm on a sparse, bursty service whose windows are mostly empty', () => {
    const d = make();
    let raised = 0;
    for (let w = 0; w < 2000; w++) raised += runWindow(d, w, w % 37 === 0 ? busy(w, 60) : []).length;
    expect(raised).toBe(0);
  });
});
