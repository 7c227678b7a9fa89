/**
 * Event keys as the caller names them: template ids, Loghub `E5` ids, integers, any label.
 * `"5"` and `5` are different keys.
 */
export type EventKey = string | number;

/** Id of the session boundary: the history before the first event and the "next" after the last. */
export const BOUNDARY_ID = 0;
/** Id shared by every key the vocabulary does not know (scoring only; never learned). */
export const UNKNOWN_ID = 4095;

/**
 * Interns event keys as small dense ids 1..capacity, in first-seen order (so ids, and every
 * table keyed by them, are deterministic for a given training stream). Bounded: once full,
 * new keys get `UNKNOWN_ID` and the caller counts the overflow.
 */
export class EventVocabulary {
  private readonly ids = new Map<EventKey, number>();
  private readonly keys: EventKey[] = [BOUNDARY_ID];
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Distinct keys held. */
  get size(): number {
    return this.ids.size;
  }

  get full(): boolean {
    return this.ids.size >= this.capacity;
  }

  /** The id of a known key, or `UNKNOWN_ID`. */
  lookup(key: EventKey): number {
    return this.ids.get(key) ?? UNKNOWN_ID;
  }

  /** The id of `key`, adding it when there is room; `UNKNOWN_ID` when the vocabulary is full. */
  intern(key: EventKey): number {
    const id = this.ids.get(key);
    if (id !== undefined) return id;
    if (this.full) return UNKNOWN_ID;
    const next = this.keys.length;
    this.ids.set(key, next);
    this.keys.push(key);
    return next;
  }

  /** The key of a known id (1..size). */
  keyOf(id: number): EventKey {
    return this.keys[id];
  }

  /** Keys in id order (id 1 first). */
  list(): readonly EventKey[] {
    return this.keys.slice(1);
  }
}
