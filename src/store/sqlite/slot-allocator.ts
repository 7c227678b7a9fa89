import type { Statement } from 'better-sqlite3';
import { SLOTS_PER_MS } from './rowkey.js';

/** Slot ranges (milliseconds) whose next free slot is remembered; all are forgotten when it is full. */
const CAPACITY = 65_536;

/**
 * Hands out unique rowkeys within one partition. Keys fall in ranges of SLOTS_PER_MS slots,
 * one range per millisecond. Live data lands above every stored key and costs nothing; a
 * range that already has rows (second-precision timestamps, backfill, resends) continues
 * after its last used slot, found once by an indexed `max(id)` and then remembered, so k rows
 * in one millisecond cost O(k), not O(k²). A full range spills into the next one. The
 * remembered slot is per range a key lands in, so a spill keeps the next range exact.
 * Single writer only; call in ascending time order within a batch.
 */
export class SlotAllocator {
  private readonly nextFree = new Map<number, number>();

  constructor(
    /** `SELECT max(id) FROM events WHERE id >= ? AND id < ?`, plucked. */
    private readonly maxInRange: Statement,
  ) {}

  /**
   * The key for a row whose millisecond starts at rowkey `base`, given the previous key
   * assigned in this batch and the largest key stored before the batch.
   */
  allocate(base: number, previous: number, storedMax: number): number {
    let key = base > previous ? base : previous + 1;
    if (key > storedMax) {
      // Live data lands above every stored key: nothing to look up. A range remembered earlier
      // must still learn the key, or a later lookup there would hand it out again.
      if (this.nextFree.size > 0) {
        const range = rangeOf(key);
        if (this.nextFree.has(range)) this.nextFree.set(range, key + 1);
      }
      return key;
    }
    for (;;) {
      const range = rangeOf(key);
      const free = this.nextFree.get(range) ?? this.storedNext(range);
      if (key < free) key = free;
      if (key < range + SLOTS_PER_MS) break;
    }
    this.remember(rangeOf(key), key + 1);
    return key;
  }

  private storedNext(range: number): number {
    const max = this.maxInRange.get(range, range + SLOTS_PER_MS) as number | null;
    return max === null ? range : max + 1;
  }

  private remember(range: number, next: number): void {
    // Forget everything at once when full: evicting the oldest entry one at a time is O(n) per
    // call in a Map that keeps deleted entries until it rehashes, and the query refills it.
    if (this.nextFree.size >= CAPACITY && !this.nextFree.has(range)) this.nextFree.clear();
    this.nextFree.set(range, next);
  }
}

function rangeOf(key: number): number {
  return Math.floor(key / SLOTS_PER_MS) * SLOTS_PER_MS;
}
