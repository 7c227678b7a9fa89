import { describe, expect, it } from 'vitest';
import type { MinedEvent } from '../model/index.js';
import { rateDetectorFactory } from './rate-detector.js';
import { event, poisson, rng, runWindow, settings, T0, WINDOW } from './test-support.js';

/** A diurnal curve: 0.3 at night to 1.7 in the evening. */
function curve(ts: number): number {
  const h = ((ts - T0) / 3_600_000) % 24;
  return 1 + 0.7 * Math.sin(((h - 14) / 24) * 2 * Math.PI);
}

function traffic(w: number, r: () => number, scale = 1, extra: MinedEvent[] = []): MinedEvent[] {
  const ts = T0 + w * WINDOW;
  const out: MinedEvent[] = [];
  for (let t = 1; t <= 3; t++) {
    const n = poisson(40 * curve(ts) * scale * (t === 1 ? 2 : 1), r);
    for (let i = 0; i < n; i++) out.push(event(ts + Math.floor((i * WINDOW) / (n + 1)), t));
  }
  return [...out, ...extra];
}

describe('rate detector', () => {
  const make = () => rateDetectorFactory.create(settings(), rateDetectorFactory.configure(undefined));

  it('stays quiet over three days of diurnal Poisson traffic', () => {
    const d = make();
    const r = rng(1);
    let raised = 0;
    for (let w = 0; w < 3 * 1440; w++) raised += runWindow(d, w, traffic(w, r)).length;
    expect(raised).toBe(0);
  });

  it('raises a template spike, and a service-wide drop once (folding the templates into it)', () => {
    const d = make();
    const r = rng(2);
    for (let w = 0; w < 1500; w++) runWindow(d, w, traffic(w, r));
    const spike = Array.from({ length: 400 }, (_, i) => event(T0 + 1500 * WINDOW + i * 100, 3));
    const s = runWindow(d, 1500, traffic(1500, r, 1, spike));
    expect(s.map((a) => [a.kind, a.templateId])).toContainEqual(['rate_spike', 3]);
    const drop = runWindow(d, 1501, traffic(1501, r, 0.1));
    expect(drop).toHaveLength(1);
    expect(drop[0]).toMatchObject({ kind: 'rate_drop', templateId: null });
    expect(drop[0].evidence.templates.length).toBeGreaterThan(0);
    expect(drop[0].evidence.series.length).toBeGreaterThan(10);
  });

  it('leaves a service at zero to the silence detector and judges nothing on partial windows', () => {
    const d = make();
    const r = rng(3);
    for (let w = 0; w < 100; w++) runWindow(d, w, traffic(w, r));
    expect(runWindow(d, 100, [], false).filter((a) => a.templateId === null)).toEqual([]);
    expect(runWindow(d, 101, traffic(101, r, 0.05), true)).toEqual([]);
  });
});
