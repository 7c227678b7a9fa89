import { describe, expect, it } from 'vitest';
import { frameConcatenatedJson } from './concatenated-json.js';
import { parsePrometheusLabels } from './prometheus-labels.js';

describe('frameConcatenatedJson', () => {
  it('frames objects back to back, across braces inside strings, and isolates garbage', () => {
    const text = '{"event":"a } {"}{"event":{"x":"\\"}"}}\n  junk {"event":3}{"event":';
    const frames = frameConcatenatedJson(text).map((f) => [f.ok, text.slice(f.start, f.end)]);
    expect(frames).toEqual([
      [true, '{"event":"a } {"}'],
      [true, '{"event":{"x":"\\"}"}}'],
      [false, 'junk '],
      [true, '{"event":3}'],
      [false, '{"event":'],
    ]);
  });
});

describe('parsePrometheusLabels', () => {
  it('reads label sets with escapes and rejects malformed ones', () => {
    expect(parsePrometheusLabels('{job="api", host="a\\"b", msg="x\\ny"}')).toEqual([
      ['job', 'api'],
      ['host', 'a"b'],
      ['msg', 'x\ny'],
    ]);
    expect(parsePrometheusLabels('{}')).toEqual([]);
    expect(parsePrometheusLabels('{job="api"')).toBeNull();
    expect(parsePrometheusLabels('job="api"')).toBeNull();
    expect(parsePrometheusLabels('{job=api}')).toBeNull();
  });
});
