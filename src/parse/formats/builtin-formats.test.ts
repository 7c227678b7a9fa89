import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../types.js';
import { BuiltinFormats } from './builtin-formats.js';
import type { BuiltinFormatName } from './builtin-formats.js';
import { JsonRecordMapper } from './json-format.js';

describe('BuiltinFormats', () => {
  it('has one format per built-in name', () => {
    const f = new BuiltinFormats(new JsonRecordMapper({ maxDepth: 8, maxAttrs: 128, maxValueChars: 1000 }));
    for (const name of FORMAT_NAMES.filter((n): n is BuiltinFormatName => n !== 'header')) expect(f.get(name).name).toBe(name);
    expect(f.get('json')).toBe(f.json);
    expect(f.get('plain')).toBe(f.plain);
  });
});
