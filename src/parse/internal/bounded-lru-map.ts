/**
 * A Map with a size limit that evicts the least recently used entry. `get` refreshes an
 * entry's recency. Evictions are counted so the owner can report them.
 */
export class BoundedLruMap<K, V> {
  private readonly map = new Map<K, V>();
  /** Entries evicted since construction. */
  evictions = 0;

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && this.map.size > 1) {
      // Re-insert to move the key to the young end (Map iterates in insertion order).
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.maxSize) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) {
        this.map.delete(oldest.value);
        this.evictions++;
      }
    }
    this.map.set(key, value);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }
}
