import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import { FormatRegistry } from './format-registry.js';
import { JsonRecordMapper } from './formats/json-format.js';

const registry = (maxStreams = 10): FormatRegistry =>
  new FormatRegistry(new JsonRecordMapper({ maxDepth: 8, maxAttrs: 128, maxValueChars: 1000 }), maxStreams);

describe('FormatRegistry', () => {
  it('compiles a header pattern once and rejects bad ones', () => {
    const r = registry();
    expect(r.header('<Level> <Content>')).toBe(r.header('<Level> <Content>'));
    expect(() => r.header('no fields')).toThrow(LogsiftError);
  });

  it('detects a stream once, then remembers it', () => {
    const r = registry();
    const s = r.stream('k', ['level=info msg=a', 'level=warn msg=b'], 0, Date.now());
    expect(s?.format).toBe('logfmt');
    expect(r.stream('k', ['plain text'], 0, Date.now())).toBe(s);
    expect(r.stream('empty', ['', '  '], 0, Date.now())).toBeNull();
    expect(r.streamCount).toBe(1);
  });

  it('re-detects on request and evicts the oldest stream past the limit', () => {
    const r = registry(1);
    const s = r.stream('a', ['level=info msg=a'], 0, Date.now());
    if (s === null) throw new Error('expected a stream');
    r.redetect(s, ['{"msg":"now json"}'], 0, Date.now());
    expect(s.format).toBe('json');
    r.stream('b', ['x'], 0, Date.now());
    expect(r.streamEvictions).toBe(1);
  });
});
