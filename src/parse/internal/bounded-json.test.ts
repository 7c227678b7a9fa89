import { describe, expect, it } from 'vitest';
import { boundedJson } from './bounded-json.js';

describe('boundedJson', () => {
  it('matches JSON.stringify for ordinary values', () => {
    const v = [1, 'two', { three: [true, null] }, -4.5, 'quote " and \\'];
    expect(boundedJson(v, 1000)).toBe(JSON.stringify(v));
  });

  it('writes non-JSON values as JSON would, or as text', () => {
    expect(boundedJson([Number.NaN, undefined, 10n], 100)).toBe('[null,null,10]');
  });

  it('stops at the length budget', () => {
    const out = boundedJson(Array.from({ length: 1000 }, (_, i) => i), 20);
    expect(out.length).toBe(21);
    expect(out.endsWith('…')).toBe(true);
  });

  it('does not recurse without bound', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out = boundedJson(deep, 1000);
    expect(out).toContain('"…"');
    expect(out.length).toBeLessThan(100);
  });
});
