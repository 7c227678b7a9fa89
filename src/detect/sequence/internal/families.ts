import { MAX_ORDER_HISTORY } from '../options.js';

/**
 * Check families. Each is calibrated on its own (see `Calibration`): a family whose checks are
 * noisy on a system's normal sessions (say, transitions in logs that interleave concurrent
 * threads) gets a stricter threshold without blunting the others.
 */
export const FAMILY_EVENT = 0;
export const FAMILY_COUNT = 1;
export const FAMILY_INVARIANT = 2;
/** Order checks with history h use family `FAMILY_ORDER_BASE + h` (h = 1..MAX_ORDER_HISTORY). */
export const FAMILY_ORDER_BASE = 2;
export const FAMILY_TOTAL = FAMILY_ORDER_BASE + MAX_ORDER_HISTORY + 1;

export const FAMILY_NAMES = ['event', 'count', 'invariant', 'order1', 'order2', 'order3'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** Receives every feature a scan checks: seen in `k` of `d` normal sessions; refs say which. */
export interface FeatureSink {
  offer(family: number, k: number, d: number, ref1: number, ref2: number): void;
}
