/** Why a record was rejected. Stable codes, shown to users and counted in metrics. */
export const DEAD_LETTER_REASONS = [
  'invalid_json',
  'too_large',
  'invalid_record',
  'invalid_encoding',
  'decode_error',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** A record that could not be ingested, kept with the reason so nothing is silently lost. */
export interface DeadLetter {
  readonly tenant: string;
  /** Receive time, ms since epoch. */
  readonly ts: number;
  /** Which source or protocol sent it (`http`, `syslog`, `kafka`, …). */
  readonly source: string;
  readonly reason: DeadLetterReason;
  /** Human-readable detail, e.g. the JSON error with its position. */
  readonly detail: string;
  /** The raw record, truncated to a bounded size. */
  readonly raw: string;
}
