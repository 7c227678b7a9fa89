import type { MinedTemplate } from '../mine/index.js';
import type { Level, MinedEvent, TemplateId } from '../model/index.js';
import type { ClosedWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorSettings } from './detector.js';
import { WindowAccumulator } from './internal/window-accumulator.js';

/** Test support: synthetic events, windows and a driver that runs a detector like the runner does. */

export const WINDOW = 60_000;
/** 2026-09-07T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2026, 8, 7);

export function event(ts: number, templateId: TemplateId, over: Partial<MinedEvent> = {}): MinedEvent {
  return {
    tenant: 't',
    ts,
    service: 'svc',
    host: 'h1',
    level: 'info' as Level,
    message: `line of ${templateId}`,
    attrs: null,
    traceId: null,
    spanId: null,
    templateId,
    params: [],
    ...over,
  };
}

export function template(id: TemplateId, text: string, slots: MinedTemplate['slots'] = [], ancestors: TemplateId[] = []): MinedTemplate {
  return { id, text, keys: [], slots, ancestors, pinned: false, replacedBy: null };
}

export function settings(templates: readonly MinedTemplate[] = []): DetectorSettings {
  const map = new Map(templates.map((t) => [t.id, t] as const));
  return { tenant: 't', windowMs: WINDOW, templates: { get: (id) => map.get(id) }, warn: () => undefined };
}

/** Feeds the events of window `w` (counted from T0) through `observe` and `closeWindow`; returns what it raised. */
export function runWindow(d: Detector, w: number, events: readonly MinedEvent[], partial = false): AnomalyDraft[] {
  const index = T0 / WINDOW + w;
  const acc = new WindowAccumulator(index, T0 + w * WINDOW, T0 + (w + 1) * WINDOW);
  acc.partial = partial;
  events.forEach((e, i) => {
    acc.add(e, `id${index}:${i}`);
    d.observe(e, `id${index}:${i}`, index);
  });
  const out: AnomalyDraft[] = [];
  d.closeWindow(acc as ClosedWindow, out);
  return out;
}

/** A seeded generator for reproducible traffic. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson sample (Knuth for small means, normal approximation above 50). */
export function poisson(mean: number, r: () => number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(r)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
