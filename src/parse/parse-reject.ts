import type { DeadLetterReason } from '../model/index.js';
import { boundedJson } from './internal/bounded-json.js';
import type { ParseReject } from './types.js';

/** Raw text kept in a reject, at most (characters); the dead-letter store bounds it again. */
export const MAX_REJECT_RAW = 8192;

export function makeReject(index: number, reason: DeadLetterReason, detail: string, raw: string): ParseReject {
  return { index, reason, detail, raw: raw.length > MAX_REJECT_RAW ? raw.slice(0, MAX_REJECT_RAW) : raw };
}

/** "null", "an array", or the `typeof` name: for reject details. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** Bounded text of any value, for a reject's `raw`. Never throws. */
export function rawText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return boundedJson(v, MAX_REJECT_RAW);
  } catch (err) {
    return `[unreadable ${describeValue(v)}: ${(err as Error).message}]`;
  }
}
