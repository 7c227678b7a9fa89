/**
 * Row keys order events by event time inside a partition:
 * `rowkey = (ts - EPOCH) * SLOTS_PER_MS + slot`, so a time range is a rowid range and
 * "newest first" is `ORDER BY rowid DESC` with no extra index. Keys are exact integers
 * for event times from 1950 to 2089 (negative before 2020, which SQLite allows).
 * More than SLOTS_PER_MS events in one millisecond spill into the next millisecond's
 * slots; the exact time is kept in the `ts` column.
 */
export const ROWKEY_EPOCH_MS = Date.UTC(2020, 0, 1);
export const SLOTS_PER_MS = 4096;

const MIN_TS = Date.UTC(1950, 0, 1);
const MAX_TS = Date.UTC(2089, 0, 1);

export function clampTs(ts: number): number {
  if (!Number.isFinite(ts)) return ROWKEY_EPOCH_MS;
  return ts < MIN_TS ? MIN_TS : ts > MAX_TS ? MAX_TS : Math.floor(ts);
}

/** First rowkey of millisecond `ts`. */
export function rowkeyFloor(ts: number): number {
  return (clampTs(ts) - ROWKEY_EPOCH_MS) * SLOTS_PER_MS;
}

/** Millisecond a rowkey's slot belongs to. */
export function rowkeyTs(rowkey: number): number {
  return Math.floor(rowkey / SLOTS_PER_MS) + ROWKEY_EPOCH_MS;
}
