import { templateConstants } from './terms.js';

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Constant tokens per template id, computed once from the template text. Bounded: past
 * `capacity` entries the oldest half is dropped (they are cheap to recompute).
 */
export class TemplateConstantsCache {
  private readonly entries = new Map<number, ReadonlySet<string>>();

  constructor(private readonly capacity = 100_000) {}

  /** Constant tokens of `id`; `text` is needed the first time an id is seen. */
  get(id: number, text: string | undefined): ReadonlySet<string> {
    const hit = this.entries.get(id);
    if (hit !== undefined) return hit;
    if (text === undefined) return EMPTY;
    const tokens = templateConstants(text).tokens;
    if (this.entries.size >= this.capacity) this.evictHalf();
    this.entries.set(id, tokens);
    return tokens;
  }

  private evictHalf(): void {
    let drop = this.entries.size >> 1;
    for (const key of this.entries.keys()) {
      if (drop-- <= 0) break;
      this.entries.delete(key);
    }
  }
}
