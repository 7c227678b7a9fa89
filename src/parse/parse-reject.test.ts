import { describe, expect, it } from 'vitest';
import { MAX_REJECT_RAW, describeValue, makeReject, rawText } from './parse-reject.js';

describe('parse rejects', () => {
  it('bounds the raw text', () => {
    const r = makeReject(3, 'invalid_json', 'bad', 'x'.repeat(MAX_REJECT_RAW + 10));
    expect(r.raw.length).toBe(MAX_REJECT_RAW);
    expect(r).toMatchObject({ index: 3, reason: 'invalid_json', detail: 'bad' });
  });

  it('describes and renders any value', () => {
    expect([null, [], 1, 'a', undefined].map(describeValue)).toEqual(['null', 'an array', 'number', 'string', 'undefined']);
    expect(rawText([1, { a: 2 }])).toBe('[1,{"a":2}]');
    expect(rawText('as is')).toBe('as is');
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('nope'); } });
    expect(rawText(hostile)).toMatch(/unreadable object: nope/);
  });
});
