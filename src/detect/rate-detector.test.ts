import { describe, expect, it } from 'vitest';
import type { MinedTemplate } from '../mine/index.js';
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

  it('follows a template the miner generalised instead of reporting it dropping to zero', () => {
    // Template 1 is replaced by 9 (a constant became a parameter): from window 200 its lines are mined as 9.
    const replaced = new Map<number, number>();
    const lookup = (id: number): MinedTemplate => ({ id, text: `t${id}`, keys: [], slots: [], ancestors: id === 9 ? [1] : [], pinned: false, replacedBy: replaced.get(id) ?? null });
    const d = rateDetectorFactory.create({ ...settings(), templates: { get: lookup } }, rateDetectorFactory.configure(undefined));
    const r = rng(4);
    for (let w = 0; w < 200; w++) runWindow(d, w, traffic(w, r));
    replaced.set(1, 9);
    const raised: string[] = [];
    for (let w = 200; w < 260; w++) {
      const lines = traffic(w, r).map((e) => (e.templateId === 1 ? { ...e, templateId: 9 } : e));
      for (const a of runWindow(d, w, lines)) raised.push(`${a.kind} ${a.templateId}`);
    }
    expect(raised).toEqual([]);
    expect(d.stats().series).toBe(3);
  });

  it('takes a lasting change as the new normal: a template that went quiet is reported for an hour, not forever', () => {
    const d = make();
    const r = rng(5);
    for (let w = 0; w < 300; w++) runWindow(d, w, traffic(w, r));
    let drops = 0;
    let lastDrop = -1;
    for (let w = 300; w < 600; w++) {
      // Template 1 (the busiest) is gone for good (a deploy removed the line).
      for (const a of runWindow(d, w, traffic(w, r).filter((e) => e.templateId !== 1))) {
        if (a.kind === 'rate_drop' && a.templateId === 1) {
          drops++;
          lastDrop = w;
        }
      }
    }
    expect(drops).toBe(60);
    expect(lastDrop).toBe(359);
    expect(d.stats().shifts).toBe(1);
  });

  it('reports an error template going quiet as low severity: a recovery, not an outage', () => {
    const d = make();
    const r = rng(6);
    const errors = (w: number) => Array.from({ length: 60 }, (_, i) => ({ ...event(T0 + w * WINDOW + i * 500, 7), level: 'error' as const }));
    for (let w = 0; w < 100; w++) runWindow(d, w, traffic(w, r, 1, errors(w)));
    const drops = runWindow(d, 100, traffic(100, r)).filter((a) => a.templateId === 7);
    expect(drops.map((a) => [a.kind, a.severity])).toEqual([['rate_drop', 'low']]);
  });

  it('leaves a service at zero to the silence detector and judges nothing on partial windows', () => {
    const d = make();
    const r = rng(3);
    for (let w = 0; w < 100; w++) runWindow(d, w, traffic(w, r));
    expect(runWindow(d, 100, [], false).filter((a) => a.templateId === null)).toEqual([]);
    expect(runWindow(d, 101, traffic(101, r, 0.05), true)).toEqual([]);
  });
});
