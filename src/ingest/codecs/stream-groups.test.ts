import { describe, expect, it } from 'vitest';
import { groupByStream, MIN_STREAM_RECORDS } from './stream-groups.js';

const records = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`);

describe('groupByStream', () => {
  it('hands a batch of one stream over whole, without copying it', () => {
    const decoded = { records: records(3, 'r'), positions: [0, 2, 5], rejected: [], streams: ['idx', 'idx', 'idx'], recordIds: ['a', null, 'c'] };
    const [only, ...rest] = groupByStream(decoded, 'fallback');
    expect(rest).toEqual([]);
    expect(only.stream).toBe('idx');
    expect(only.records).toBe(decoded.records);
    expect(only.positions).toBe(decoded.positions);
    expect(only.recordIds).toBe(decoded.recordIds);
  });

  it('splits mixed streams, small ones sharing the fallback group', () => {
    const big = MIN_STREAM_RECORDS;
    const decoded = {
      records: [...records(big, 'a'), 'b0', ...records(big, 'c')],
      positions: Array.from({ length: 2 * big + 1 }, (_, i) => i),
      rejected: [],
      streams: [...Array<string>(big).fill('a'), 'b', ...Array<string>(big).fill('c')],
    };
    const groups = groupByStream(decoded, 'shared');
    expect(groups.map((g) => [g.stream, g.records.length])).toEqual([
      ['a', big],
      ['c', big],
      ['shared', 1],
    ]);
    expect(groups[2].positions).toEqual([big]);
  });
});
