import { describe, expect, it } from 'vitest';
import type { MinedEvent } from '../model/index.js';
import { sequenceDetectorFactory } from './sequence-detector.js';
import { event, runWindow, settings, template, T0, WINDOW } from './test-support.js';

const TEMPLATES = [template(1, 'charge started'), template(2, 'charge completed'), template(3, 'receipt sent')];

/** Checkout sessions by trace: started → completed → receipt; `broken` of them stop after "started". */
function sessions(w: number, n: number, broken = 0): MinedEvent[] {
  const out: MinedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const trace = `w${w}s${i}`;
    const t = T0 + w * WINDOW + i * 100;
    out.push(event(t, 1, { traceId: trace, service: 'payment' }));
    if (i < broken) continue;
    out.push(event(t + 20, 2, { traceId: trace, service: 'payment' }));
    out.push(event(t + 40, 3, { traceId: trace, service: 'worker' }));
  }
  return out;
}

describe('sequence detector', () => {
  it('learns normal sessions online and raises a window where many sessions end early', () => {
    const d = sequenceDetectorFactory.create(settings(TEMPLATES), sequenceDetectorFactory.configure({ warmupSessions: 500, warmupMs: 10 * WINDOW, trainDelayMs: 2 * WINDOW }));
    let quiet = 0;
    for (let w = 0; w < 60; w++) quiet += runWindow(d, w, sessions(w, 40)).length;
    expect(quiet).toBe(0);
    expect(d.stats().modelSessions).toBeGreaterThan(1000);
    const out = runWindow(d, 60, sessions(60, 40, 20));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'sequence', service: 'payment', templateId: 2, severity: 'high' }); // blames the missing "charge completed"
    expect(out[0].title).toMatch(/^payment: 20 sessions \(by trace\) .*"charge started"/);
    expect(out[0].evidence.details.finding).toBeTypeOf('string');
    expect(out[0].evidence.traceIds.length).toBeGreaterThan(0);
  });

  it('keys sessions by a named parameter or a message pattern', () => {
    const d = sequenceDetectorFactory.create(settings(TEMPLATES), sequenceDetectorFactory.configure({ useTraceIds: false, sessionPatterns: ['blk_-?\\d+'] }));
    runWindow(d, 0, [event(T0, 1, { message: 'Receiving block blk_-42 src' }), event(T0 + 5, 2, { message: 'Deleting blk_7 and blk_8' })]);
    expect(d.stats().sessionsClosed).toBe(3);
    expect(() => sequenceDetectorFactory.configure({ sessionPatterns: ['('] })).toThrow(/not a regular expression/);
  });
});
