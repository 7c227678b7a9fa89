/**
 * A bounded map from masked signature to its entry, approximating LRU with two generations:
 * lookups hit `young` first, then `old` (promoting the entry); when `young` is full (entries
 * or key characters) it becomes `old` and the previous `old` is dropped. At most
 * `maxEntries` entries and about `maxChars` key characters are held, and a signature still in
 * use survives every rotation. O(1) per operation, no per-entry metadata.
 */
export class SignatureCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly generationSize: number;
  private readonly generationChars: number;
  private youngChars = 0;
  /** Entries dropped by rotations. */
  evicted = 0;

  constructor(maxEntries: number, maxChars: number) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
    this.generationChars = Math.max(1, Math.floor(maxChars / 2));
  }

  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) {
      this.old.delete(key);
      this.set(key, o);
    }
    return o;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generationSize || this.youngChars >= this.generationChars) {
      this.evicted += this.old.size;
      this.old = this.young;
      this.young = new Map<string, V>();
      this.youngChars = 0;
    }
    this.young.set(key, value);
    this.youngChars += key.length;
  }

  clear(): void {
    this.young = new Map<string, V>();
    this.old = new Map<string, V>();
    this.youngChars = 0;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
