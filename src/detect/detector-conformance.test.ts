import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import type { MinedEvent } from '../model/index.js';
import type { AnomalyDraft } from './detector.js';
import { DETECTOR_FACTORIES, DETECTOR_TYPES } from './registry.js';
import { event, runWindow, settings, template, T0, WINDOW } from './test-support.js';

/** A few minutes of varied traffic: two services, levels, parameters, traces, hosts. */
function traffic(w: number): MinedEvent[] {
  const out: MinedEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const ts = T0 + w * WINDOW + i * 1000;
    const trace = `t${w}-${i % 10}`;
    out.push(event(ts, 1, { service: 'api', host: `h${i % 3}`, traceId: trace, params: [String(10 + (i % 9)), i % 5 === 0 ? 'GET' : 'POST'], message: `served in ${10 + (i % 9)} ms method=${i % 5 === 0 ? 'GET' : 'POST'}` }));
    if (i % 4 === 0) out.push(event(ts + 1, 2, { service: 'db', traceId: trace, level: i % 8 === 0 ? 'warn' : 'info', message: 'query ok', attrs: { dur: `${1 + (i % 5)}ms` } }));
  }
  return out;
}

const TEMPLATES = [template(1, 'served in <*> ms method=<*>', [{ type: 'number', name: 'served' }, { type: 'word', name: 'method' }]), template(2, 'query ok')];

/**
 * The one conformance test every detector goes through: its factory (type, frozen defaults,
 * validating config), the lifecycle contract (stop before start, start returns at once, stop
 * twice, stop with an aborted signal), window processing that never throws, and snapshots that
 * restore into an equivalent detector and refuse foreign bytes.
 */
describe.each(DETECTOR_TYPES)('detector %s', (type) => {
  const factory = DETECTOR_FACTORIES[type];

  it('has a factory with frozen defaults and a validating config', () => {
    expect(factory.type).toBe(type);
    expect(Object.isFrozen(factory.defaultConfig)).toBe(true);
    const config = factory.configure(undefined);
    expect(config).toEqual(factory.defaultConfig);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => factory.configure({ noSuchOption: 1 })).toThrow(LogsiftError);
    expect(() => factory.configure('not an object')).toThrow(/must be an object/);
    const [field] = Object.keys(factory.defaultConfig);
    expect(() => factory.configure({ [field]: 'wrong type' })).toThrow(LogsiftError);
  });

  it('follows the lifecycle contract', async () => {
    const d = factory.create(settings(TEMPLATES), factory.configure(undefined));
    await d.stop(); // before start
    const started = performance.now();
    d.start();
    expect(performance.now() - started).toBeLessThan(50);
    await d.stop();
    await d.stop();
    const again = factory.create(settings(TEMPLATES), factory.configure(undefined));
    again.start();
    const ac = new AbortController();
    ac.abort();
    await expect(again.stop(ac.signal)).resolves.toBeUndefined();
  });

  it('processes windows (including empty and partial ones) and reports stats', () => {
    const d = factory.create(settings(TEMPLATES), factory.configure(undefined));
    d.start();
    const out: AnomalyDraft[] = [];
    for (let w = 0; w < 45; w++) out.push(...runWindow(d, w, w === 20 ? [] : traffic(w), w === 21));
    for (const a of out) {
      expect(a.title.length).toBeGreaterThan(0);
      expect(a.windowEnd).toBeGreaterThan(a.windowStart);
      expect(Number.isFinite(a.score)).toBe(true);
    }
    for (const v of Object.values(d.stats())) expect(typeof v).toBe('number');
  });

  it('snapshots into a detector that behaves the same, and refuses foreign bytes', () => {
    const a = factory.create(settings(TEMPLATES), factory.configure(undefined));
    for (let w = 0; w < 35; w++) runWindow(a, w, traffic(w));
    const bytes = a.snapshot();
    const b = factory.create(settings(TEMPLATES), factory.configure(undefined));
    b.restore(bytes);
    expect(Buffer.from(b.snapshot()).equals(Buffer.from(bytes))).toBe(true);
    const next = traffic(35).map((e) => ({ ...e, message: e.message }));
    const strip = (x: AnomalyDraft[]) => x.map((d) => ({ kind: d.kind, service: d.service, templateId: d.templateId, title: d.title }));
    expect(strip(runWindow(b, 35, next))).toEqual(strip(runWindow(a, 35, next)));
    expect(() => b.restore(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(LogsiftError);
    expect(() => b.restore(bytes.slice(0, bytes.length - 1))).toThrow(LogsiftError);
  });
});
