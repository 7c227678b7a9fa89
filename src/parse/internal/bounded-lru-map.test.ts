import { describe, expect, it } from 'vitest';
import { BoundedLruMap } from './bounded-lru-map.js';

describe('BoundedLruMap', () => {
  it('evicts the least recently used entry and counts evictions', () => {
    const m = new BoundedLruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
    expect(m.size).toBe(2);
    expect(m.evictions).toBe(1);
  });

  it('replaces without evicting', () => {
    const m = new BoundedLruMap<string, number>(1);
    m.set('a', 1);
    m.set('a', 2);
    expect(m.get('a')).toBe(2);
    expect(m.evictions).toBe(0);
    expect(m.delete('a')).toBe(true);
    expect(m.size).toBe(0);
  });
});
